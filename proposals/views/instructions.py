"""Requests for a leader's instruction (呈请领导批示)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cppcc_portal.core.pagination import paginate

from .. import forms, selectors, services
from ..models import (
    InstructionRequest,
    Proposal,
)
from ..rules import is_leader, is_staff
from ._common import _errors, _require
from .detail import _detail_context, _get_visible

S = Proposal.Status

# --- instruction requests (呈请领导批示) -------------------------------------------------------


@login_required
@require_POST
def instruction_request_ask(request, pk):
    _require(is_staff(request.user))
    p = _get_visible(request, pk)
    form = forms.AskInstructionForm(request.POST, proposal=p, user=request.user, prefix="ask")
    if form.is_valid():
        try:
            services.ask_for_instruction(
                actor=request.user,
                proposal=p,
                leader=form.cleaned_data["leader"],
                note=form.cleaned_data["note"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("The leader has been asked for an instruction."))
            return redirect(f"{p.get_absolute_url()}#instruction-requests")
    messages.error(request, _("Please correct the errors below."))
    context = _detail_context(request, p)
    context["ask_form"] = form
    return render(request, "proposals/detail.html", context, status=400)


@login_required
@require_POST
def instruction_request_withdraw(request, pk):
    _require(is_staff(request.user))
    req = get_object_or_404(InstructionRequest, pk=pk)
    try:
        services.withdraw_instruction_request(actor=request.user, request=req)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("The request for an instruction was withdrawn."))
    return redirect(reverse("proposals:detail", args=[req.proposal_id]) + "#instruction-requests")


@login_required
def instruction_requests(request):
    """The leader's list of instructions asked of them (open ones by default)."""
    _require(is_leader(request.user))
    state = request.GET.get("state")
    if state not in selectors.INSTRUCTION_REQUEST_STATES:
        state = "open"
    page = paginate(request, selectors.instruction_requests_for_leader(request.user, state=state))
    return render(
        request,
        "proposals/instruction_requests.html",
        {
            "page": page,
            "state": state,
            "states": [
                ("open", _("Awaiting my instruction")),
                ("answered", _("Answered")),
                ("withdrawn", _("Withdrawn")),
                ("all", _("All")),
            ],
        },
    )
