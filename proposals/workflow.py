"""The proposal state machine (DOMAIN §2.2) on the workflow kernel: every state, every
transition and what each state allows — one table, so views, templates and services ask here
instead of testing `status == …` themselves."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy, pgettext_lazy

from cppcc_portal.core.workflow import StateMachine, StateMeta
from cppcc_portal.core.workflow.machine import transition as _t

from .models import Proposal, Reply

S = Proposal.Status
R = Reply.Status

STALE_MESSAGE = gettext_lazy(
    "Someone else changed this proposal meanwhile; reload the page and try again."
)
REPLY_STALE_MESSAGE = gettext_lazy(
    "This draft reply changed meanwhile (revised, countersigned or reviewed by someone else); "
    "reload the page and try again — what you entered is kept below."
)


@dataclass(frozen=True)
class ProposalMeta(StateMeta):
    """What a state allows; `next_actor` is shown to people following the proposal."""

    proposer_edits: bool = False  # first proposer may edit text, attachments, co-signers
    staff_reviews: bool = False  # register / return / not register
    staff_assigns: bool = False
    units_act: bool = False  # assigned units sign, consult, reply, ask for time
    units_reply: bool = False  # the lead unit may reply (after signing for it)
    units_extend: bool = False  # the lead unit may ask for more time
    proposer_evaluates: bool = False
    registered: bool = False  # has a number; counts for key/excellent
    returned: bool = False  # back with the proposer, with staff's comment shown
    refused: bool = False  # not registered: the ground is shown, conversion may follow
    may_be_excellent: bool = False  # 优秀提案 are chosen among closed proposals only
    proposer_consents: bool = False  # the first proposer may give or take back the agreement
    # to public disclosure (until registration; staff review it from registration on)


TRANSITIONS = {
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
    "close": _t({S.REPLIED}, S.CLOSED, pgettext_lazy("proposal", "Close")),
    "close_not_evaluated": _t({S.REPLIED}, S.CLOSED, gettext_lazy("Close without evaluation")),
    "reopen_evaluation": _t({S.CLOSED}, S.REPLIED, gettext_lazy("Reopen the evaluation")),
}

M = ProposalMeta
STATE_META = {
    S.DRAFT: M(
        proposer_edits=True, proposer_consents=True, next_actor=gettext_lazy("first proposer")
    ),
    S.SUBMITTED: M(
        staff_reviews=True,
        proposer_consents=True,
        badge="primary",
        next_actor=gettext_lazy("proposal staff"),
    ),
    S.RETURNED: M(
        proposer_edits=True,
        proposer_consents=True,
        returned=True,
        badge="warning",
        next_actor=gettext_lazy("first proposer"),
    ),
    S.WITHDRAWN: M(terminal=True, badge="dark"),
    S.REGISTERED: M(
        staff_assigns=True, registered=True, badge="info", next_actor=gettext_lazy("proposal staff")
    ),
    S.NOT_REGISTERED: M(terminal=True, refused=True, badge="dark"),
    S.MERGED: M(terminal=True, badge="dark"),
    S.ASSIGNED: M(
        units_act=True,
        units_extend=True,
        registered=True,
        badge="warning",
        next_actor=gettext_lazy("handling units"),
    ),
    S.HANDLING: M(
        units_act=True,
        units_reply=True,
        units_extend=True,
        registered=True,
        badge="warning",
        next_actor=gettext_lazy("lead unit"),
    ),
    S.REPLIED: M(
        proposer_evaluates=True,
        registered=True,
        badge="success",
        next_actor=gettext_lazy("first proposer"),
    ),
    S.REHANDLING: M(
        units_act=True,
        units_reply=True,
        registered=True,
        badge="danger",
        next_actor=gettext_lazy("lead unit"),
    ),
    S.CLOSED: M(registered=True, terminal=True, may_be_excellent=True, badge="success"),
}

MACHINE = StateMachine(
    field="status",
    states=S,
    transitions=TRANSITIONS,
    meta_table=STATE_META,
    refusal=gettext_lazy("This proposal is “%(state)s”; “%(action)s” is not possible now."),
)

# --- the reply's sign-off before release (DOMAIN §2.4) -----------------------------------------
# A unit's reply of a round is a draft until proposal staff release it: the lead unit drafts
# (and revises what is sent back), the co-units countersign, staff review; only a released
# reply reaches the proposers, and only then does the proposal move to `replied`.


@dataclass(frozen=True)
class ReplyMeta(StateMeta):
    lead_edits: bool = False  # the replying unit writes (or revises) the draft
    units_countersign: bool = False  # the co-units countersign (会签)
    staff_review: bool = False  # 督办审核: release, change the category, or send back
    released: bool = False  # the proposers see it


REPLY_TRANSITIONS = {
    "to_countersign": _t(
        {R.DRAFTING, R.RETURNED}, R.COUNTERSIGNING, gettext_lazy("Send for countersigning")
    ),
    "to_review": _t(
        {R.DRAFTING, R.RETURNED, R.COUNTERSIGNING}, R.REVIEWING, gettext_lazy("Send for review")
    ),
    "release": _t({R.REVIEWING}, R.RELEASED, gettext_lazy("Release to the proposers")),
    "send_back": _t({R.REVIEWING}, R.RETURNED, gettext_lazy("Send back to the lead unit")),
}

REPLY_MACHINE = StateMachine(
    field="status",
    states=R,
    transitions=REPLY_TRANSITIONS,
    meta_table={
        R.DRAFTING: ReplyMeta(lead_edits=True, next_actor=gettext_lazy("lead unit")),
        R.COUNTERSIGNING: ReplyMeta(
            units_countersign=True, badge="info", next_actor=gettext_lazy("co-units")
        ),
        R.REVIEWING: ReplyMeta(
            staff_review=True, badge="primary", next_actor=gettext_lazy("proposal staff")
        ),
        R.RETURNED: ReplyMeta(
            lead_edits=True, badge="warning", next_actor=gettext_lazy("lead unit")
        ),
        R.RELEASED: ReplyMeta(released=True, terminal=True, badge="success"),
    },
    refusal=gettext_lazy("This draft reply is “%(state)s”; “%(action)s” is not possible now."),
)
RELEASED_REPLY_STATES = REPLY_MACHINE.states_where("released")

REGISTERED_STATES = MACHINE.states_where("registered")
OPEN_UNIT_STATES = MACHINE.states_where("units_act")


def overdue_q(today, prefix=""):
    """The one definition of an overdue proposal: with the units, its reply date passed.
    `prefix` reaches it through a relation (`"proposal__"` from an assignment)."""
    return Q(**{f"{prefix}status__in": OPEN_UNIT_STATES, f"{prefix}reply_due_on__lt": today})


meta = MACHINE.meta
can = MACHINE.can
check = MACHINE.check
