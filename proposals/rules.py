"""Who may do what with a proposal: role predicates plus object checks."""

import rules

from cppcc_portal.accounts.roles import Role, grant, has_role

grant(
    Role.PROPOSAL_STAFF,
    "members.view_handlingunit",
    "members.add_handlingunit",
    "members.change_handlingunit",
    "proposals.view_proposal",
    "proposals.change_proposal",
    "proposals.view_proposalevent",
    "proposals.view_proposalhistory",
    "proposals.view_compilationjob",
    "proposals.view_assignment",
    "proposals.view_reply",
    "proposals.view_evaluation",
    "proposals.view_proposalcategory",
    "proposals.add_proposalcategory",
    "proposals.change_proposalcategory",
    "proposals.view_notregisteredground",
    "proposals.add_notregisteredground",
    "proposals.change_notregisteredground",
    "proposals.view_proposalsettings",
    "proposals.change_proposalsettings",
)


def unit_ids(user) -> frozenset:
    """The handling units a user acts for (liaison or head), cached on the user object."""
    cached = getattr(user, "_proposal_unit_ids", None)
    if cached is None:
        if not getattr(user, "is_authenticated", False):
            cached = frozenset()
        else:
            from members.models import HandlingUnit

            cached = frozenset(
                HandlingUnit.objects.filter(rules_q_liaison_or_head(user)).values_list(
                    "pk", flat=True
                )
            )
        user._proposal_unit_ids = cached
    return cached


def rules_q_liaison_or_head(user):
    from django.db.models import Q

    return Q(liaisons=user) | Q(head_user=user)


def is_staff(user) -> bool:
    return has_role(user, Role.PROPOSAL_STAFF)


def is_leader(user) -> bool:
    return has_role(user, Role.LEADER)


def member_id(user):
    cached = getattr(user, "_proposal_member_id", False)
    if cached is False:
        from members.models import Member

        cached = (
            Member.objects.filter(user=user).values_list("pk", flat=True).first()
            if getattr(user, "is_authenticated", False)
            else None
        )
        user._proposal_member_id = cached
    return cached


def is_first_proposer(user, proposal) -> bool:
    mid = member_id(user)
    return mid is not None and proposal.first_proposer_id == mid


@rules.predicate
def can_staff_proposals(user):
    return is_staff(user)


rules.add_perm("proposals.review", can_staff_proposals)
