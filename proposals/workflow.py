"""The proposal state machine (DOMAIN §2.2): every state, every transition, and what
each state allows — one table, so views, templates and services ask here instead of
testing `status == …` themselves."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Proposal

S = Proposal.Status

STALE_MESSAGE = gettext_lazy("该提案已被他人修改，请刷新后重试")


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    label: str


def _t(sources, target, label):
    return Transition(frozenset(sources), target, label)


TRANSITIONS: dict[str, Transition] = {
    "submit": _t({S.DRAFT, S.RETURNED}, S.SUBMITTED, gettext_lazy("Submit")),
    "withdraw": _t({S.DRAFT, S.SUBMITTED, S.RETURNED}, S.WITHDRAWN, gettext_lazy("Withdraw")),
    "return": _t({S.SUBMITTED}, S.RETURNED, gettext_lazy("Return for revision")),
    "register": _t({S.SUBMITTED}, S.REGISTERED, gettext_lazy("Register")),
    "not_register": _t({S.SUBMITTED}, S.NOT_REGISTERED, gettext_lazy("Do not register")),
    "merge": _t({S.SUBMITTED, S.REGISTERED}, S.MERGED, gettext_lazy("Merge")),
    "assign": _t({S.REGISTERED}, S.ASSIGNED, gettext_lazy("Assign")),
    "release": _t(
        {S.ASSIGNED, S.HANDLING}, S.REGISTERED, gettext_lazy("Take back for reassignment")
    ),
    "sign_for": _t({S.ASSIGNED}, S.HANDLING, gettext_lazy("Sign for")),
    "reply": _t({S.HANDLING, S.REHANDLING}, S.REPLIED, gettext_lazy("Reply")),
    "rehandle": _t({S.REPLIED}, S.REHANDLING, gettext_lazy("Send back for rehandling")),
    "close": _t({S.REPLIED}, S.CLOSED, gettext_lazy("Close")),
    "close_not_evaluated": _t({S.REPLIED}, S.CLOSED, gettext_lazy("Close without evaluation")),
}


@dataclass(frozen=True)
class StateMeta:
    """What a state allows; `next_actor` is shown to people following the proposal."""

    proposer_edits: bool = False  # first proposer may edit text, attachments, co-signers
    staff_reviews: bool = False  # register / return / not register
    staff_assigns: bool = False
    units_act: bool = False  # assigned units sign, consult, reply, ask for time
    proposer_evaluates: bool = False
    registered: bool = False  # has a number; counts for key/excellent
    terminal: bool = False
    next_actor: str = ""


STATE_META: dict[str, StateMeta] = {
    S.DRAFT: StateMeta(proposer_edits=True, next_actor=gettext_lazy("first proposer")),
    S.SUBMITTED: StateMeta(staff_reviews=True, next_actor=gettext_lazy("proposal staff")),
    S.RETURNED: StateMeta(proposer_edits=True, next_actor=gettext_lazy("first proposer")),
    S.WITHDRAWN: StateMeta(terminal=True),
    S.REGISTERED: StateMeta(
        staff_assigns=True, registered=True, next_actor=gettext_lazy("proposal staff")
    ),
    S.NOT_REGISTERED: StateMeta(terminal=True),
    S.MERGED: StateMeta(terminal=True),
    S.ASSIGNED: StateMeta(
        units_act=True, registered=True, next_actor=gettext_lazy("handling units")
    ),
    S.HANDLING: StateMeta(units_act=True, registered=True, next_actor=gettext_lazy("lead unit")),
    S.REPLIED: StateMeta(
        proposer_evaluates=True, registered=True, next_actor=gettext_lazy("first proposer")
    ),
    S.REHANDLING: StateMeta(units_act=True, registered=True, next_actor=gettext_lazy("lead unit")),
    S.CLOSED: StateMeta(registered=True, terminal=True),
}
assert set(STATE_META) == set(S.values), "every state needs its meta row"

REGISTERED_STATES = frozenset(s for s, m in STATE_META.items() if m.registered)
OPEN_UNIT_STATES = frozenset(s for s, m in STATE_META.items() if m.units_act)


def meta(proposal) -> StateMeta:
    return STATE_META[proposal.status]


def can(proposal, action: str) -> bool:
    return proposal.status in TRANSITIONS[action].sources


def check(proposal, action: str) -> Transition:
    """Refuse an illegal move with a message naming the state and the move."""
    transition = TRANSITIONS[action]
    if proposal.status not in transition.sources:
        raise ValidationError(
            _("This proposal is “%(state)s”; “%(action)s” is not possible now.")
            % {"state": proposal.get_status_display(), "action": transition.label}
        )
    return transition
