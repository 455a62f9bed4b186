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
    "proposals.view_countersign",
    "proposals.view_memberletter",
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
    from members.selectors import member_for

    member = member_for(user)
    return member.pk if member is not None else None


def is_first_proposer(user, proposal) -> bool:
    mid = member_id(user)
    return mid is not None and proposal.first_proposer_id == mid


@rules.predicate
def can_staff_proposals(user):
    return is_staff(user)


rules.add_perm("proposals.review", can_staff_proposals)


# --- What a person may do on a proposal now -------------------------------------------------
# The one home of each rule: the action table (proposals.actions) offers an action when its
# predicate is true, and the services call the same functions before they write. On a proposal
# read by selectors.proposal_detail they use its prefetched rows and run no query.


# Sector and member-group proposals are made at the plenary only (DOMAIN §2.1).
PLENARY_ONLY_KINDS = frozenset({"sector", "member_group"})


def plenary_only(kind) -> bool:
    return kind in PLENARY_ONLY_KINDS


def proposer_members(proposal) -> list:
    """Everyone who gets the answer (DOMAIN §2.3): the first proposer, the confirmed
    co-signers, and the same of every proposal merged into this one — first proposer first."""
    found = {proposal.first_proposer_id: proposal.first_proposer}
    for p in (proposal, *proposal.merged_proposals.all()):
        found.setdefault(p.first_proposer_id, p.first_proposer)
        for c in p.cosigners.all():
            if c.state == "confirmed":
                found.setdefault(c.member_id, c.member)
    return list(found.values())


def proposer_member_ids(proposal) -> set:
    ids = {proposal.first_proposer_id}
    for p in (proposal, *proposal.merged_proposals.all()):
        ids.add(p.first_proposer_id)
        ids.update(c.member_id for c in p.cosigners.all() if c.state == "confirmed")
    return ids


def is_proposer(user, proposal) -> bool:
    """The first proposer, a confirmed co-signer, or a proposer of a proposal merged into it
    (each proposer gets an answer)."""
    if is_first_proposer(user, proposal):
        return True
    mid = member_id(user)
    return mid is not None and mid in proposer_member_ids(proposal)


def current_round(proposal) -> int:
    """The reply round being evaluated: 1, then one more per rehandling."""
    return proposal.rehandling_rounds + 1


def has_evaluated(member, proposal) -> bool:
    round_ = current_round(proposal)
    return any(e.member_id == member and e.round == round_ for e in proposal.evaluations.all())


def pending_evaluators(proposal) -> list:
    """The proposers who have not evaluated this round's reply yet."""
    return [m for m in proposer_members(proposal) if not has_evaluated(m.pk, proposal)]


def evaluation_window_open(proposal, day) -> bool:
    """An evaluation given on `day` is in time (DOMAIN §2.6: 15 working days [L])."""
    return proposal.evaluation_due_on is None or day <= proposal.evaluation_due_on


# --- the replies of the round and their sign-off ----------------------------------------------


def _reply_meta(reply):
    from .workflow import REPLY_MACHINE

    return REPLY_MACHINE.meta(reply)


def round_replies(proposal) -> list:
    round_ = current_round(proposal)
    return [r for r in proposal.replies.all() if r.round == round_]


def sees_draft_replies(user) -> bool:
    """Drafts under sign-off are for the units, staff and leaders; proposers see the released."""
    return is_staff(user) or is_leader(user) or has_role(user, Role.UNIT_LIAISON)


def lead_draft(proposal):
    """The lead unit's reply of this round, if it has drafted one."""
    lead = next(
        (a for a in proposal.assignments.all() if a.role == "lead" and a.state != "released"),
        None,
    )
    if lead is None:
        return None
    return next((r for r in round_replies(proposal) if r.unit_id == lead.unit_id), None)


def return_window_open(assignment, today) -> bool:
    """A unit may ask to return a proposal until its return window closes (DOMAIN §2.4)."""
    return today <= assignment.return_due_on


def replied_units(proposal, *, this_round=True) -> set:
    round_ = current_round(proposal)
    return {r.unit_id for r in proposal.replies.all() if not this_round or r.round == round_}


def _meta(proposal):
    from .workflow import meta

    return meta(proposal)


def _can(proposal, action):
    from .workflow import can

    return can(proposal, action)


def may_edit_draft(user, proposal) -> bool:
    """Submit, invite and remove co-signers, add and remove attachments."""
    return is_first_proposer(user, proposal) and _meta(proposal).proposer_edits


def may_withdraw(user, proposal) -> bool:
    return is_first_proposer(user, proposal) and _can(proposal, "withdraw")


def may_consent_to_conversion(user, proposal) -> bool:
    return (
        is_first_proposer(user, proposal)
        and _meta(proposal).refused
        and not proposal.conversion_consent_at
    )


def may_evaluate(user, proposal) -> bool:
    from django.utils import timezone

    mid = member_id(user) if has_role(user, Role.MEMBER) else None
    return (
        mid is not None
        and _meta(proposal).proposer_evaluates
        and evaluation_window_open(proposal, timezone.localdate())
        and is_proposer(user, proposal)
        and not has_evaluated(mid, proposal)
    )


def may_record_evaluation(user, proposal) -> list:
    """Staff record an evaluation given on paper or by phone: for whom it is still open."""
    if not (is_staff(user) and _meta(proposal).proposer_evaluates):
        return []
    return pending_evaluators(proposal)


def may_reopen_evaluation(user, proposal) -> bool:
    """Closed as "not evaluated": staff may open the window again, with a reason."""
    return is_staff(user) and proposal.not_evaluated and _can(proposal, "reopen_evaluation")


def may_review(user, proposal) -> bool:
    """Register, return for revision, not register."""
    return is_staff(user) and _meta(proposal).staff_reviews


def may_merge(user, proposal) -> bool:
    return is_staff(user) and _can(proposal, "merge")


def may_assign(user, proposal) -> bool:
    return is_staff(user) and _meta(proposal).staff_assigns


def may_convert(user, proposal) -> bool:
    return (
        is_staff(user)
        and _meta(proposal).refused
        and bool(proposal.conversion_consent_at)
        and bool(proposal.conversion_target)
        and not proposal.converted_id
    )


def may_mark(user, proposal) -> bool:
    """Key proposal: registered proposals only."""
    return is_staff(user) and _meta(proposal).registered


def may_mark_excellent(user, proposal) -> bool:
    """Excellent proposals are chosen among closed ones (DOMAIN §2.6)."""
    return is_staff(user) and _meta(proposal).may_be_excellent


def pending_return_requests(user, proposal) -> list:
    if not is_staff(user):
        return []
    return [
        r
        for a in proposal.assignments.all()
        for r in a.return_requests.all()
        if r.state == "pending"
    ]


def pending_extensions(user, proposal) -> list:
    if not is_staff(user):
        return []
    return [
        r for a in proposal.assignments.all() for r in a.extensions.all() if r.state == "pending"
    ]


def own_assignments(user, proposal) -> list:
    """The live assignments of this proposal to the units the user acts for (from the
    prefetched list)."""
    units = unit_ids(user) if has_role(user, Role.UNIT_LIAISON) else frozenset()
    if not units:
        return []
    return [a for a in proposal.assignments.all() if a.unit_id in units and a.state != "released"]


def _active(user, proposal) -> list:
    if not _meta(proposal).units_act:
        return []
    return [a for a in own_assignments(user, proposal) if a.state == "active"]


def to_sign_for(user, proposal) -> list:
    return [a for a in _active(user, proposal) if not a.signed_at]


def returnable(user, proposal) -> list:
    from django.utils import timezone

    today = timezone.localdate()
    return [a for a in to_sign_for(user, proposal) if return_window_open(a, today)]


def leading(user, proposal) -> list:
    """Signed-for assignments that answer (lead or split), not the co-units'."""
    return [a for a in _active(user, proposal) if a.signed_at and a.role != "co"]


def to_reply(user, proposal) -> list:
    """The lead (or split) unit drafts its reply of the round, or revises a sent-back draft."""
    if not _meta(proposal).units_reply:
        return []
    drafts = {r.unit_id: r for r in round_replies(proposal)}
    return [
        a
        for a in leading(user, proposal)
        if a.unit_id not in drafts or _reply_meta(drafts[a.unit_id]).lead_edits
    ]


def to_countersign(user, proposal) -> list:
    """会签: the user's co-units that have not countersigned this revision of the lead's draft."""
    draft = lead_draft(proposal)
    if draft is None or not _reply_meta(draft).units_countersign:
        return []
    signed = {c.unit_id for c in draft.countersigns.all() if c.revision == draft.revision}
    return [a for a in _active(user, proposal) if a.role == "co" and a.unit_id not in signed]


def replies_to_review(user, proposal) -> list:
    """督办审核: this round's drafts waiting for proposal staff."""
    if not (is_staff(user) and _meta(proposal).units_reply):
        return []
    live = {a.unit_id for a in proposal.assignments.all() if a.state != "released"}
    return [r for r in round_replies(proposal) if _reply_meta(r).staff_review and r.unit_id in live]


def may_ask_extension(user, proposal) -> list:
    return leading(user, proposal) if _meta(proposal).units_extend else []


def co_views_due(user, proposal) -> list:
    return [a for a in _active(user, proposal) if a.role == "co" and not a.views_at]


def to_rate(user, proposal) -> list:
    """The unit's two-way rating of the proposal, once it has replied or sent its views."""
    rated = {q.unit_id for q in proposal.quality_ratings.all()}
    replied = replied_units(proposal, this_round=False)
    return [
        a
        for a in own_assignments(user, proposal)
        if a.unit_id not in rated and (a.unit_id in replied or a.views_at)
    ]


def may_supervise(user, proposal) -> bool:
    return (
        is_leader(user)
        and proposal.is_key
        and any(u.pk == user.pk for u in proposal.supervising_leaders.all())
    )


def may_instruct(user, proposal) -> bool:
    return is_leader(user) and _meta(proposal).registered
