"""The life of a resident's opinion on the workflow kernel: every state, every step and what
each state means, declared here once.

received → in progress → resolved on the spot / referred to a department /
converted to a social-opinion report / converted to a proposal → closed (the result
is told to the resident). STATE_META says, per state, what the resident sees on the public
lookup page and what the state counts as (solved, open, to handle); services, selectors and
templates ask it instead of naming states.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.workflow import StateMachine, StateMeta
from cppcc_portal.core.workflow.machine import transition as _t


class OpinionState(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved on the spot")
    REFERRED = "referred", _("Referred to a department")
    REPORTED = "reported", _("Converted to a social-opinion report")
    PROPOSED = "proposed", _("Converted to a proposal")
    CLOSED = "closed", _("Closed")


S = OpinionState


@dataclass(frozen=True)
class OpinionMeta(StateMeta):
    public_label: str = ""  # what the resident sees on the lookup page
    solved: bool = False  # counts in the headline number "problems solved"
    open: bool = False  # not yet resolved
    to_handle: bool = False  # the station still has to act
    with_department: bool = False  # referred: the department's answer comes before closing
    report_pending: bool = False  # converted to a report: solved once the report is adopted


TRANSITIONS = {
    "start": _t({S.RECEIVED}, S.IN_PROGRESS, _("Start handling")),
    "resolve": _t({S.RECEIVED, S.IN_PROGRESS}, S.RESOLVED, _("Resolved on the spot")),
    "refer": _t({S.RECEIVED, S.IN_PROGRESS}, S.REFERRED, _("Refer to a department")),
    "answer": _t({S.REFERRED}, None, _("Record the department's answer")),
    "convert_report": _t(
        {S.RECEIVED, S.IN_PROGRESS}, S.REPORTED, _("Convert to a social-opinion report")
    ),
    "convert_proposal": _t({S.RECEIVED, S.IN_PROGRESS}, S.PROPOSED, _("Convert to a proposal")),
    "close": _t(
        {S.RESOLVED, S.REFERRED, S.REPORTED, S.PROPOSED}, S.CLOSED, _("Close and tell the resident")
    ),
}

PUBLIC_RESOLVED = _("Resolved")  # also what the resident sees once the report is adopted

M = OpinionMeta
STATE_META = {
    S.RECEIVED: M(public_label=_("Received"), open=True, to_handle=True),
    S.IN_PROGRESS: M(badge="primary", public_label=_("Being handled"), open=True, to_handle=True),
    S.RESOLVED: M(badge="success", public_label=PUBLIC_RESOLVED, solved=True),
    S.REFERRED: M(
        badge="info",
        public_label=_("Referred to the responsible department"),
        open=True,
        to_handle=True,
        with_department=True,
    ),
    S.REPORTED: M(
        badge="warning",
        public_label=_("Passed on to the committee as a social-opinion report"),
        open=True,
        report_pending=True,
    ),
    S.PROPOSED: M(badge="warning", public_label=_("Taken up by a member as a proposal"), open=True),
    S.CLOSED: M(badge="dark", public_label=PUBLIC_RESOLVED, solved=True, terminal=True),
}

MACHINE = StateMachine(
    field="state",
    states=S,
    transitions=TRANSITIONS,
    meta_table=STATE_META,
    refusal=_(
        "This opinion is now “%(state)s”; that step is no longer possible. "
        "Reload the page to see what changed."
    ),
)

STALE_MESSAGE = _(
    "Someone else changed this opinion meanwhile; it is now “%(state)s”. "
    "Reload the page to see what changed."
)

# What a state "counts" as: problems solved, still open, still for the station to handle.
SOLVED_STATES = MACHINE.states_where("solved")
OPEN_STATES = MACHINE.states_where("open")
TO_HANDLE_STATES = MACHINE.states_where("to_handle")
REPORT_PENDING_STATES = MACHINE.states_where("report_pending")

meta = MACHINE.meta
can = MACHINE.can
check = MACHINE.check
