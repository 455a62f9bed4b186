"""Role permissions for the members app (admin model permissions per role)."""

from cppcc_portal.accounts.roles import Role, grant

_registry = [
    f"members.{a}_{m}"
    for m in ("member", "committeemembership", "memberpost")
    for a in ("view", "add", "change")
]
_catalogue = [
    f"members.{a}_{m}"
    for m in ("term", "session", "sector", "specialcommittee", "street", "post")
    for a in ("view", "add", "change")
]
for role in (Role.PROPOSAL_STAFF, Role.OPINION_STAFF, Role.CONSULTATION_STAFF, Role.LIAISON_STAFF):
    grant(role, *_registry, *_catalogue, "members.view_dutyrecord", "members.view_pointrule")
grant(Role.LIAISON_STAFF, "members.add_pointrule", "members.change_pointrule")

_duty_config = [
    f"members.{a}_{m}"
    for m in ("evaluationband", "yearlyminimum", "readinggroup", "studymaterial", "training")
    for a in ("view", "add", "change")
]
for role in (Role.PROPOSAL_STAFF, Role.OPINION_STAFF, Role.CONSULTATION_STAFF, Role.LIAISON_STAFF):
    grant(role, *_duty_config, "members.view_nomination", "members.view_pointsrecompute")
grant(Role.LIAISON_STAFF, "members.delete_readinggroup", "members.delete_yearlyminimum")
