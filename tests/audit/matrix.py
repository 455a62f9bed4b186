"""Permission matrix declarations for the audit log and the two-factor page."""

from tests.matrix.registry import EVERY_ROLE

AUDITOR = {"security_auditor"}  # 三员分立: not the staff, not the superuser, not the security admin

EXPECT = {
    "audit:list": AUDITOR,
    "audit:export": AUDITOR,
    "audit:verify": AUDITOR,
    "two_factor": EVERY_ROLE,  # only those who need a code stay; everyone else is sent home
    "session_list": EVERY_ROLE,  # one's own signed-in sessions
}
