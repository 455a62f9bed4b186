"""Permission matrix declarations for the dashboard part."""

from tests.matrix.registry import EVERY_ROLE, STAFF

READERS = STAFF | {"leader"}

EXPECT = {
    "home": EVERY_ROLE,
    "dashboard:leader": READERS,
    "dashboard:export": READERS,
}

PROVIDERS: dict = {}
