"""The caller's own notifications (the foundation's selectors and services)."""

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router

from cppcc_portal.notifications import selectors, services

from ..errors import responses
from ..schemas import ID_MAX, Done, NotificationOut, NotificationPage

router = Router(tags=["notifications"])


def _out(n) -> dict:
    return {
        "id": n.pk,
        "kind": n.kind,
        "title": n.title,
        "body": n.body,
        "url": n.url,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@router.get("/notifications", response=responses(200, NotificationPage), summary="My notifications")
def notification_list(
    request,
    unread: bool = False,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=ID_MAX),
):
    qs = selectors.notification_list(request.user, unread_only=unread)
    return {
        "count": qs.count(),
        "unread": selectors.unread_count(request.user),
        "items": [_out(n) for n in qs[offset : offset + limit]],
    }


@router.post(
    "/notifications/{pk}/read", response=responses(200, NotificationOut), summary="Mark read"
)
def notification_read(request, pk: int = Path(..., ge=1, le=ID_MAX)):
    get_object_or_404(selectors.notifications_visible_to(request.user), pk=pk)
    return _out(services.mark_read(user=request.user, notification_id=pk))


@router.post("/notifications/read-all", response=responses(200, Done), summary="Mark all read")
def notification_read_all(request):
    services.mark_all_read(user=request.user)
    return {"ok": True}
