"""Requests for a leader's instruction (呈请领导批示), narrowed to whom they concern."""

from ..models import InstructionRequest
from ..rules import is_leader, is_staff

INSTRUCTION_REQUEST_STATES = ("open", "answered", "withdrawn", "all")


def instruction_requests_for_leader(user, *, state="open"):
    """Requests addressed to this leader (never anyone else's); open ones oldest first."""
    if not is_leader(user):
        return InstructionRequest.objects.none()
    qs = InstructionRequest.objects.filter(leader=user)
    if state == "open":
        qs = qs.filter(InstructionRequest.OPEN).order_by("asked_at", "id")
    elif state == "answered":
        qs = qs.filter(answered_at__isnull=False).order_by("-answered_at", "-id")
    elif state == "withdrawn":
        qs = qs.filter(withdrawn_at__isnull=False).order_by("-withdrawn_at", "-id")
    else:
        qs = qs.order_by("-asked_at", "-id")
    return qs.select_related("proposal", "asked_by", "instruction")


def open_instruction_request_count(user) -> int:
    """The leader's navigation badge (one COUNT query)."""
    if not is_leader(user):
        return 0
    return InstructionRequest.objects.filter(InstructionRequest.OPEN, leader=user).count()


def proposal_instruction_requests(user, proposal) -> list:
    """On the proposal page: staff see every request; a leader sees the open ones addressed
    to them; everyone else sees none (and costs no query)."""
    if is_staff(user):
        qs = InstructionRequest.objects.filter(proposal=proposal)
    elif is_leader(user):
        qs = InstructionRequest.objects.filter(
            InstructionRequest.OPEN, proposal=proposal, leader=user
        )
    else:
        return []
    return list(qs.select_related("leader", "asked_by", "instruction").order_by("asked_at", "id"))
