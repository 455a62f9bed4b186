"""The proposal's conversation thread (cppcc_portal.notifications.threads): visible to whoever
sees the proposal (selectors.visible_to); written by its proposers, the units it is assigned
to and proposal staff (the rules below are proposals.rules' own)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cppcc_portal.notifications.threads import ThreadPolicy, register
from members.selectors import member_for

from . import selectors
from .rules import is_proposer, is_staff, leading, own_assignments, proposer_members, unit_ids


def may_post(user, proposal) -> bool:
    return bool(is_staff(user) or is_proposer(user, proposal) or own_assignments(user, proposal))


def participants(proposal):
    """The proposers (their logins) and the liaisons and heads of the units it is assigned to."""
    people = [m.user for m in proposer_members(proposal) if m.user_id]
    for a in proposal.assignments.exclude(state="released").select_related("unit__head_user"):
        people.extend(a.unit.liaisons.all())
        if a.unit.head_user_id:
            people.append(a.unit.head_user)
    return people


def name(user) -> str:
    """A member by their member name; a unit's liaison or head with the unit, so a proposer
    knows who is asking."""
    member = member_for(user)
    if member is not None:
        return member.name
    person = user.get_full_name() or user.get_username()
    units = unit_ids(user)
    if units:
        from members.models import HandlingUnit

        names = "、".join(HandlingUnit.objects.filter(pk__in=units).values_list("name", flat=True))
        return f"{person}（{names}）"
    return person


def message_actions(user, proposal) -> list:
    """The lead unit, while it handles, may record a message as a 办前沟通 (written)."""
    if leading(user, proposal):
        return [(_("Record as a contact with the proposer"), "proposals:thread_communicate")]
    return []


POLICY = register(
    ThreadPolicy(
        model_label="proposals.proposal",
        namespace="proposals",
        visible=selectors.visible_to,
        may_post=may_post,
        participants=participants,
        url=lambda p: reverse("proposals:detail", args=[p.pk]),
        name=name,
        noun=_("the proposal"),
        kind="proposal.thread",
        message_actions=message_actions,
    )
)
