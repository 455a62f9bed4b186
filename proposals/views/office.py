"""The proposal office's own pages: a paper proposal entered by staff (代录入), the list of
dissatisfied evaluations with their reasons, the published excellent proposals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.pagination import paginate
from cppcc_portal.core.workflow.views import errors_onto

from .. import forms, selectors, services
from ..rules import is_leader, is_staff
from ._common import _require


@login_required
def enter_paper(request):
    """Staff enter a proposal handed in on paper; it arrives as submitted."""
    _require(is_staff(request.user))
    form = forms.PaperEntryForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                p = services.enter_on_paper(
                    actor=request.user,
                    first_proposer=d["first_proposer"],
                    handed_in_on=d["handed_in_on"],
                    session=d["session"],
                    title=d["title"],
                    analysis=d["analysis"],
                    suggestions=d["suggestions"],
                    category=d["category"],
                    kind=d["kind"],
                    organisation=d["organisation"],
                    suggested_units=d["suggested_units"],
                    cosigners=d["cosigners"],
                    scan=d["scan"],
                )
            except (ValidationError, PermissionDenied) as exc:
                errors_onto(form, exc)
            else:
                messages.success(request, _("Paper proposal entered; it awaits review."))
                return redirect(p)
        messages.error(request, _("Please correct the errors below."))
        status = 400
    return render(request, "proposals/enter.html", {"form": form}, status=status)


@login_required
def dissatisfied_list(request):
    _require(is_leader(request.user) or is_staff(request.user))
    form = forms.ListFilterForm(request.GET or None)
    page = paginate(request, selectors.dissatisfied(request.user, session=form.session_id()))
    return render(request, "proposals/dissatisfied.html", {"form": form, "page": page})


@login_required
def excellent_list(request):
    _require(has_role(request.user, Role.MEMBER, Role.PROPOSAL_STAFF, Role.LEADER))
    form = forms.ListFilterForm(request.GET or None)
    page = paginate(request, selectors.excellent_proposals(request.user, session=form.session_id()))
    return render(
        request,
        "proposals/excellent.html",
        {"form": form, "page": page, "links": is_staff(request.user) or is_leader(request.user)},
    )
