"""Who may do what in the consultations app, and the admin permissions per role."""

import rules

from cppcc_portal.accounts.roles import Role, grant, has_role

INVITED_SUPERVISOR_POST = "invited_supervisor"


def can_manage(user) -> bool:
    """Consultation staff manage plans, consultations, meetings, supervision and research."""
    return has_role(user, Role.CONSULTATION_STAFF)


def can_read_all(user) -> bool:
    """Consultation staff and leaders read everything in this app."""
    return has_role(user, Role.CONSULTATION_STAFF, Role.LEADER)


def is_member(user) -> bool:
    return has_role(user, Role.MEMBER)


def is_invited_supervisor(member) -> bool:
    if member is None:
        return False
    cached = getattr(member, "_invited_supervisor", None)
    if cached is None:
        cached = member.posts.filter(post__code=INVITED_SUPERVISOR_POST).exists()
        member._invited_supervisor = cached
    return cached


@rules.predicate
def manages_consultations(user):
    return can_manage(user)


@rules.predicate
def reads_consultations(user):
    return can_read_all(user)


rules.add_perm("consultations.manage", manages_consultations)
rules.add_perm("consultations.read_all", reads_consultations)

_models = [
    "consultationform",
    "consultationsettings",
    "consultationplan",
    "planitem",
    "consultation",
    "material",
    "meeting",
    "attendance",
    "speech",
    "feedback",
    "supervisionplan",
    "supervisionitem",
    "inspection",
    "rectification",
    "researchproject",
    "researchreport",
]
grant(Role.CONSULTATION_STAFF, *[f"consultations.view_{m}" for m in _models])
grant(
    Role.CONSULTATION_STAFF,
    *[
        f"consultations.{a}_{m}"
        for m in ("consultationform", "consultationsettings")
        for a in ("add", "change")
    ],
)


# --- Steps on a consultation and a rectification item --------------------------------------


def is_responsible_unit(user, item) -> bool:
    """The inspected department's liaisons and head (民主监督: the department reports its own
    rectification)."""
    if item is None or not getattr(user, "is_authenticated", False):
        return False
    unit = item.responsible_unit
    return unit.head_user_id == user.pk or unit.liaisons.filter(pk=user.pk).exists()


def may_rectify(user, item=None) -> bool:
    """Starting and reporting a rectification: consultation staff, or the department itself;
    verifying it stays with staff (may_move)."""
    return can_manage(user) or is_responsible_unit(user, item)


def sees_own_rectifications(user) -> bool:
    """A unit liaison's way into the rectification list (the selector shows only its unit's)."""
    return has_role(user, Role.UNIT_LIAISON)


def may_move(user, obj=None) -> bool:
    """Every step of a consultation's life and of a rectification item is the consultation
    staff's: the services refuse others by this rule, the action tables offer by it."""
    return can_manage(user)
