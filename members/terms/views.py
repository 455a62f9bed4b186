"""The term change pages: the form, a confirmation page that lists what will happen, done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cppcc_portal.core.workflow.views import errors_onto

from ..models import PointRule, Term
from .change import may_change_term, open_new_term, outgoing_members
from .forms import TermChangeForm


@login_required
@require_http_methods(["GET", "POST"])
def term_change(request):
    if not may_change_term(request.user):
        raise PermissionDenied
    old = Term.objects.filter(is_current=True).first()
    if old is None:
        messages.error(request, _("There is no current term to hand over."))
        return redirect("members:list")
    form = TermChangeForm(request.POST or None, old_term=old)
    confirm = False
    if request.method == "POST" and form.is_valid():
        confirm = True  # the form is right: show what will happen, ask for the confirmation
        if request.POST.get("step") == "confirm":
            if not form.cleaned_data["confirmed"]:
                form.add_error("confirmed", _("Tick the box to confirm the term change."))
            else:
                try:
                    change = open_new_term(
                        actor=request.user, confirmed=True, **form.service_kwargs()
                    )
                except ValidationError as exc:
                    errors_onto(form, exc)
                    confirm = False
                else:
                    messages.success(request, _done(change))
                    return redirect("members:list")
    reappointed = set()
    if confirm:
        reappointed = {m.pk for m in form.cleaned_data["reappointed"]}
    outgoing = list(outgoing_members(old)) if confirm else []
    return render(
        request,
        "members/terms/change.html",
        {
            "form": form,
            "old": old,
            "confirm": confirm,
            "carried": [m for m in outgoing if m.pk in reappointed],
            "leaving": [m for m in outgoing if m.pk not in reappointed],
            "point_rules": len(
                set(
                    PointRule.objects.filter(Q(term__isnull=True) | Q(term=old)).values_list(
                        "kind", flat=True
                    )
                )
            ),
        },
    )


def _done(change) -> str:
    return _(
        "%(new)s is open: %(carried)d members re-appointed, %(left)d left office; %(old)s is "
        "read-only."
    ) % {
        "new": change.new.name,
        "old": change.old.name,
        "carried": len(change.carried),
        "left": len(change.left),
    }
