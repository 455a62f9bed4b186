"""Permission matrix declarations for the dashboard part."""

from tests.matrix.registry import EVERY_ROLE, STAFF, Case

READERS = STAFF | {"leader"}

EXPECT = {
    "home": EVERY_ROLE,
    "dashboard:leader": READERS,
    "dashboard:export": READERS,
}

PROVIDERS: dict = {
    "dashboard:year_report": lambda users: [
        Case({"fmt": fmt}, READERS, fmt) for fmt in ("docx", "pdf")
    ],
}
