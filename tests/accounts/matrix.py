"""Permission matrix declarations for the security administrator's pages and one's own
backup codes."""

from tests.matrix.registry import EVERY_ROLE, Case

SECURITY_ADMIN = {"security_admin"}

EXPECT = {
    "security_accounts": SECURITY_ADMIN,
    "backup_codes": EVERY_ROLE,  # one's own; without a second factor: sent to the profile
}


def _account_cases(users):
    target = users["leader"]
    return [Case({"pk": target.pk}, SECURITY_ADMIN, "a leader's account")]


def _superuser_cases(users):
    # the system administrator's account is not the security administrator's to change
    return [Case({"pk": users["superuser"].pk}, set(), "the superuser's account")]


def _own_cases(users):
    # not one's own (the page answers; the act is refused with a form error)
    return [Case({"pk": users["security_admin"].pk}, SECURITY_ADMIN, "one's own account")]


def _cases(users):
    return _account_cases(users) + _superuser_cases(users) + _own_cases(users)


PROVIDERS = {
    "security_reset_two_factor": _cases,
    "security_unlock": _cases,
}
