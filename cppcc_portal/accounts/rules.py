import rules

from .roles import STAFF_ROLES, Role, grant, has_role
from .roles import is_security_admin as _is_security_admin
from .roles import is_security_auditor as _is_security_auditor


@rules.predicate
def is_member(user):
    return has_role(user, Role.MEMBER)


@rules.predicate
def is_proposal_staff(user):
    return has_role(user, Role.PROPOSAL_STAFF)


@rules.predicate
def is_opinion_staff(user):
    return has_role(user, Role.OPINION_STAFF)


@rules.predicate
def is_consultation_staff(user):
    return has_role(user, Role.CONSULTATION_STAFF)


@rules.predicate
def is_liaison_staff(user):
    return has_role(user, Role.LIAISON_STAFF)


@rules.predicate
def is_unit_liaison(user):
    return has_role(user, Role.UNIT_LIAISON)


@rules.predicate
def is_station_manager(user):
    return has_role(user, Role.STATION_MANAGER)


@rules.predicate
def is_leader(user):
    return has_role(user, Role.LEADER)


@rules.predicate
def is_any_staff(user):
    return has_role(user, *STAFF_ROLES)


@rules.predicate
def is_security_admin(user):
    return _is_security_admin(user)


@rules.predicate
def is_security_auditor(user):
    return _is_security_auditor(user)


rules.add_perm("accounts.view_personal_data", is_any_staff)

# 三员分立: the security administrator sees the second-factor devices and the login locks
# (resets and unlocks go through the portal's pages, with a reason); the security auditor
# reads the security log and the login records. No business role holds any of these, and
# the admin classes refuse them to superusers as well.
grant(Role.SECURITY_ADMIN, "otp_totp.view_totpdevice", "axes.view_accessattempt")
grant(
    Role.SECURITY_AUDITOR,
    "audit.view_auditentry",
    "axes.view_accessattempt",
    "axes.view_accesslog",
    "axes.view_accessfailurelog",
)
