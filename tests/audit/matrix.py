"""Permission matrix declarations for the audit log and the two-factor page."""

from tests.matrix.registry import EVERY_ROLE, STAFF

EXPECT = {
    "audit:list": STAFF,  # not leaders: the log is the committee office's tool
    "audit:export": STAFF,
    "two_factor": EVERY_ROLE,
    "session_list": EVERY_ROLE,  # one's own signed-in sessions  # only those who need a code stay; everyone else is sent home
}
