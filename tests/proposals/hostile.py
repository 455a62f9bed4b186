"""One field hostile at a time, the others valid, so each bad value reaches the deepest check
(the service) — a short list on top of the hypothesis sweep of tests/badinput.py, which sends
every hostile value into all fields at once."""

from tests.badinput import SCRIPT, assert_safe

DEEP = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "\x00nul",
    "a\x1bb\x0c",  # control characters: Excel and Word exports refuse them
    "A" * 20_000,
    "-1",
    "0",
    "99999999999999999999999999999999",
    "²",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "",
]


def each_field_alone(client, url, valid, names, *, after=None, values=DEEP):
    """POST `valid` with one of `names` replaced by each hostile value in turn."""
    for name in names:
        for value in values:
            response = client.post(url, {**valid, name: value})
            assert_safe(response)
            if after is not None:
                after(response)
