"""A proposal's page and the actions on it (the kernel's one action view)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cppcc_portal.core.redirects import local_url
from cppcc_portal.core.workflow.views import run_action
from cppcc_portal.notifications.services import deadlines_for

from .. import forms, selectors, services, workflow
from ..actions import ACTIONS
from ..models import (
    CoSigner,
    Proposal,
    ProposalSettings,
)
from ..rules import (
    is_first_proposer,
    is_leader,
    is_proposer,
    is_staff,
    member_id,
    sees_draft_replies,
    unit_ids,
)
from ._common import _errors

S = Proposal.Status


def _get_visible(request, pk):
    try:
        return selectors.proposal_detail(request.user, pk)
    except Proposal.DoesNotExist:
        raise Http404


def _instruction_request_context(user, p) -> dict:
    """Staff: every request on the proposal and the form to ask a leader; a leader: the open
    request addressed to them; anyone else: nothing."""
    staff = is_staff(user)
    context = {
        "instruction_requests": selectors.proposal_instruction_requests(user, p),
        "instruction_staff": staff,
    }
    if staff and p.status in workflow.REGISTERED_STATES:
        context["ask_form"] = forms.AskInstructionForm(proposal=p, user=user, prefix="ask")
    return context


def _detail_context(request, p, form=None, bound=None):
    acts = ACTIONS.available(request.user, p)
    action_forms = ACTIONS.forms_for(request, p, acts, bound=bound)
    context = {
        "p": p,
        "proposal": p,
        "acts": acts,
        "af": action_forms,
        "action_entries": ACTIONS.entries(request, p, acts, action_forms, "proposals:act"),
        "meta": workflow.meta(p),
        "config": ProposalSettings.get(),
        "is_first": is_first_proposer(request.user, p),
        "can_see_deadlines": is_staff(request.user) or is_leader(request.user),
        "sees_drafts": sees_draft_replies(request.user),
        "today": timezone.localdate(),
        # the official documents the page offers (proposals.documents)
        "sees_notice": selectors.sees_all(request.user) or is_proposer(request.user, p),
        "my_units": unit_ids(request.user),
    }
    if form is not None:
        context["form"] = form
    if "merge" in acts:
        context["merge_candidates"] = selectors.merge_candidates(p)
    if context["can_see_deadlines"]:
        context["deadlines"] = list(deadlines_for(p))
    context.update(_instruction_request_context(request.user, p))
    return context


def _render_detail(request, p, bound, status):
    return render(
        request, "proposals/detail.html", _detail_context(request, p, bound=bound), status=status
    )


@login_required
def detail(request, pk):
    p = _get_visible(request, pk)
    return render(request, "proposals/detail.html", _detail_context(request, p))


@login_required
def act(request, pk, action):
    """Every action on a proposal (proposals.actions), through the kernel's action view."""
    if action not in ACTIONS:
        raise Http404
    p = _get_visible(request, pk)
    return run_action(
        request,
        p,
        ACTIONS,
        action,
        render_page=_render_detail,
        reload=lambda old: _get_visible(request, pk),
    )


@login_required
@require_POST
def cosign(request, pk, answer):
    cosigner = get_object_or_404(CoSigner, pk=pk, member_id=member_id(request.user))
    try:
        services.respond_cosign(actor=request.user, cosigner=cosigner, accept=answer == "confirm")
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, _("You confirmed co-signing.") if answer == "confirm" else _("You declined.")
        )
    return redirect(local_url(request, request.POST.get("next", "")) or reverse("proposals:mine"))
