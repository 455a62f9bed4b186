"""A handling unit's liaison: the queue of assigned proposals (reading one is
GET /proposals/{id}, narrowed by the same selector as the page)."""

from ninja import Router

from cppcc_portal.accounts.roles import Role
from proposals import selectors

from ..errors import responses
from ..schemas import QueueItem
from ._common import require_role

router = Router(tags=["units"])


@router.get("/unit/queue", response=responses(200, list[QueueItem]), summary="My unit's queue")
def unit_queue(request, done: bool = False):
    require_role(request, Role.UNIT_LIAISON)
    return [
        {
            "assignment_id": a.pk,
            "proposal_id": a.proposal_id,
            "title": a.proposal.title,
            "number": a.proposal.number_display or "",
            "unit": a.unit.name,
            "role": a.role,
            "state": a.state,
            "due_on": a.due_on,
        }
        for a in selectors.unit_queue(request.user, include_done=done)
    ]
