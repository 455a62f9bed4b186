"""Notices (通知) with their read and receipt marks: the reading list, a notice (opening it
marks it read, as the page does), and the receipt (回执)."""

from ninja import Path, Query, Router

from news import selectors, services

from ..errors import responses
from ..schemas import ID_MAX, NoticeDetail, NoticePage, Text

router = Router(tags=["notices"])
PK = Path(..., ge=1, le=ID_MAX)


def _detail(request, notice) -> dict:
    receipt = selectors.my_receipt(request.user, notice)
    return {
        "id": notice.pk,
        "title": notice.title,
        "body": notice.body_text,
        "published_at": notice.published_at,
        "reply_by": notice.reply_by,
        "receipt_label": notice.receipt_label,
        "read_at": receipt.read_at if receipt else None,
        "confirmed_at": receipt.confirmed_at if receipt else None,
    }


@router.get("/notices", response=responses(200, NoticePage), summary="Notices to me")
def notice_list(
    request,
    q: Text = Query("", max_length=100),
    pending: bool = False,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=ID_MAX),
):
    qs = selectors.notice_list(request.user, q=q, pending=pending)
    return {
        "count": qs.count(),
        "items": [
            {
                "id": n.pk,
                "title": n.title,
                "published_at": n.published_at,
                "reply_by": n.reply_by,
                "receipt_label": n.receipt_label,
                "unread": bool(n.unread),
                "unconfirmed": bool(n.unconfirmed and n.addressed),
            }
            for n in qs[offset : offset + limit]
        ],
    }


@router.get("/notices/{pk}", response=responses(200, NoticeDetail), summary="A notice")
def notice_detail(request, pk: int = PK):
    notice = selectors.notice_detail(request.user, pk)
    services.mark_notice_read(user=request.user, notice=notice)
    return _detail(request, notice)


@router.post(
    "/notices/{pk}/confirm", response=responses(200, NoticeDetail), summary="Send the receipt"
)
def notice_confirm(request, pk: int = PK):
    notice = selectors.notice_detail(request.user, pk)
    services.confirm_notice(user=request.user, notice=notice)
    return _detail(request, notice)
