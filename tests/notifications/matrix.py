"""Permission matrix declarations for notifications, deadlines and deliveries."""

from tests.matrix.registry import EVERY_ROLE, STAFF, Case

from .factories import DeliveryFactory, NotificationFactory

EXPECT = {
    "notifications:list": EVERY_ROLE,
    "notifications:preferences": EVERY_ROLE,
    "notifications:read_all": EVERY_ROLE,  # POST only: GET answers 405
    "notifications:deadlines": STAFF,
    "notifications:deliveries": STAFF,
}


def _own_and_strangers(users):
    own = NotificationFactory(recipient=users["member"], url="/")
    stranger = NotificationFactory()
    return own, stranger


def _open(users):
    own, stranger = _own_and_strangers(users)
    return [
        Case({"pk": own.pk}, {"member"}, "the member's own notification", ok={302}),
        Case({"pk": stranger.pk}, set(), "someone else's notification"),
    ]


def _read(users):
    own, stranger = _own_and_strangers(users)
    return [
        Case({"pk": own.pk}, {"member"}, "the member's own", method="post", ok={302}),
        Case({"pk": stranger.pk}, set(), "someone else's", method="post"),
    ]


def _retry(users):
    failed = DeliveryFactory(state="failed", last_error="SMTP 550")
    return [Case({"pk": failed.pk}, STAFF, "a failed delivery", method="post", ok={302})]


PROVIDERS = {
    "notifications:open": _open,
    "notifications:read": _read,
    "notifications:delivery_retry": _retry,
}
