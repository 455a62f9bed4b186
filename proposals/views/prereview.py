"""The pre-review (预审) while writing and at review: the findings and the similar proposals
of this and the last session with their replies, as an htmx fragment. It saves nothing."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from cppcc_portal.accounts.roles import Role, has_role

from .. import selectors
from ..prereview import prereview, similar_with_replies
from ..prereview.forms import PrereviewForm
from ..rules import is_first_proposer, is_staff
from ._common import _number, _require


def _render(request, *, title, analysis, suggestions, proposal=None, status=200, errors=None):
    review = prereview(title=title, analysis=analysis, suggestions=suggestions)
    similar = similar_with_replies(
        text=title,
        session=proposal.session if proposal else None,
        exclude_pk=proposal.pk if proposal else None,
    )
    context = {"review": review, "similar": similar, "errors": errors, "checked": True}
    return render(request, "proposals/_prereview.html", context, status=status)


@login_required
def prereview_draft(request):
    """The member's text as typed (the edit page posts its form on change or on “预审”)."""
    _require(has_role(request.user, Role.MEMBER, Role.PROPOSAL_STAFF))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    pk = _number(request.POST.get("proposal"))
    proposal = selectors.visible_to(request.user).filter(pk=pk).first() if pk else None
    form = PrereviewForm(request.POST)
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        return _render(request, title="", analysis="", suggestions="", status=400, errors=errors)
    return _render(request, proposal=proposal, **form.cleaned_data)


@login_required
@require_GET
def prereview_proposal(request, pk):
    """The same findings on a proposal's page: for staff reviewing it and its first proposer."""
    p = get_object_or_404(selectors.visible_to(request.user), pk=pk)
    _require(is_staff(request.user) or is_first_proposer(request.user, p))
    return _render(
        request, title=p.title, analysis=p.analysis, suggestions=p.suggestions, proposal=p
    )
