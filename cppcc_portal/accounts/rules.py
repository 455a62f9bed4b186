import rules

from .roles import STAFF_ROLES, Role, grant, has_role


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


rules.add_perm("accounts.view_personal_data", is_any_staff)

# Staff may reset a colleague's or a member's two-factor device in the admin (a deletion,
# audit-logged); the secret is never shown. The audit log is read-only for them.
for _role in STAFF_ROLES:
    grant(_role, "otp_totp.view_totpdevice", "otp_totp.delete_totpdevice", "audit.view_auditentry")
