"""Who may act on a disclosure now: the one home of each rule — the action table offers an
action when its predicate is true, and the services call the same functions before they write.
On a proposal read by selectors.proposal_detail they use its prefetched rows."""

from cppcc_portal.accounts.roles import Role, has_role

from ..rules import is_first_proposer, is_staff, own_assignments, unit_ids


def _meta(proposal):
    from ..workflow import meta

    return meta(proposal)


def may_change_consent(user, proposal) -> bool:
    """The first proposer gives or takes back the agreement until registration."""
    return is_first_proposer(user, proposal) and _meta(proposal).proposer_consents


def may_review_disclosure(user, proposal) -> bool:
    """Proposal staff approve or refuse the disclosure of a registered proposal whose
    proposer agreed (and may revisit the decision later)."""
    return is_staff(user) and _meta(proposal).registered and proposal.is_public


def replies_to_object(user, proposal) -> list:
    """The replies of the user's own (assigned) units that it may still object to publishing:
    not objected to yet and not decided by staff."""
    if not has_role(user, Role.UNIT_LIAISON) or not own_assignments(user, proposal):
        return []
    units = unit_ids(user)
    return [
        r for r in proposal.replies.all() if r.unit_id in units and r.is_public and not r.disclosure
    ]


def objections_to_decide(user, proposal) -> list:
    """The units' objections to publishing a reply, waiting for proposal staff."""
    if not is_staff(user):
        return []
    return [r for r in proposal.replies.all() if r.objection_pending]
