"""Permission matrix declarations for the member registry and the foundation's pages."""

from tests.factories import MemberFactory
from tests.matrix.registry import EVERY_ROLE, STAFF, Case

REGISTRY = STAFF | {"leader"}

EXPECT = {
    "home": EVERY_ROLE,
    "profile": EVERY_ROLE,
    "password_change": EVERY_ROLE,
    "password_change_done": EVERY_ROLE,
    "members:list": REGISTRY,
    "members:export": REGISTRY,
    "members:import": STAFF,
    "members:import_template": STAFF,
}


def _member_detail(users):
    other = MemberFactory(name="矩阵委员")
    own = users["member"].member
    return [
        Case({"pk": other.pk}, REGISTRY, "another member"),
        Case({"pk": own.pk}, REGISTRY | {"member"}, "the member's own record"),
    ]


PROVIDERS = {"members:detail": _member_detail}
