"""The life of a consultation and of a rectification item on the workflow kernel
(cppcc_portal.core.workflow): every state, every step and what each state allows, declared
here once. Services `check` a move, pages ask `meta` and the actions the table offers —
never a state string.

A consultation: planned → preparing → held → outcome sent → feedback received → closed.
A rectification item: open → rectifying → reported → verified, or reopened with a new date.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.workflow import StateMachine, StateMeta
from cppcc_portal.core.workflow.machine import transition as _t


class ConsultationState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PREPARING = "preparing", _("Preparing")
    HELD = "held", _("Held")
    OUTCOME_SENT = "outcome_sent", _("Outcome sent")
    FEEDBACK_RECEIVED = "feedback_received", _("Feedback received")
    CLOSED = "closed", _("Closed")


S = ConsultationState


@dataclass(frozen=True)
class ConsultationMeta(StateMeta):
    materials: bool = False  # staff may add research / briefing materials
    meetings: bool = False  # staff may add meetings
    speeches: bool = False  # members may submit speeches


CONSULTATION_TRANSITIONS = {
    "start_preparing": _t({S.PLANNED}, S.PREPARING, _("Start preparing")),
    "hold": _t({S.PREPARING}, S.HELD, _("Record the meeting held")),
    "send_outcome": _t({S.HELD}, S.OUTCOME_SENT, _("Send the outcome")),
    "receive_feedback": _t({S.OUTCOME_SENT}, S.FEEDBACK_RECEIVED, _("Record the feedback")),
    "close": _t({S.FEEDBACK_RECEIVED}, S.CLOSED, _("Close")),
}

_OPEN = {"materials": True, "meetings": True, "speeches": True}
STATE_META = {
    S.PLANNED: ConsultationMeta(**_OPEN),
    S.PREPARING: ConsultationMeta(badge="info", **_OPEN),
    S.HELD: ConsultationMeta(badge="primary", meetings=True, speeches=True),
    S.OUTCOME_SENT: ConsultationMeta(badge="warning"),
    S.FEEDBACK_RECEIVED: ConsultationMeta(badge="success"),
    S.CLOSED: ConsultationMeta(badge="dark", terminal=True),
}

MACHINE = StateMachine(
    field="state",
    states=S,
    transitions=CONSULTATION_TRANSITIONS,
    meta_table=STATE_META,
    refusal=_("“%(action)s” is not possible while the consultation is “%(state)s”."),
)

# the step that leads into each state, as the timeline names it
ACTION_INTO = {t.target: name for name, t in CONSULTATION_TRANSITIONS.items()}
ACTION_INTO[S.PLANNED] = "schedule"

meta = MACHINE.meta
can = MACHINE.can
check = MACHINE.check


class RectificationState(models.TextChoices):
    OPEN = "open", _("Awaiting rectification")
    RECTIFYING = "rectifying", _("Rectifying")
    REPORTED = "reported", _("Reported")
    VERIFIED = "verified", _("Verified")
    REOPENED = "reopened", _("Reopened")


R = RectificationState


@dataclass(frozen=True)
class RectificationMeta(StateMeta):
    live: bool = False  # not yet verified: the rectification is still to be done


RECTIFICATION_TRANSITIONS = {
    "start": _t({R.OPEN, R.REOPENED}, R.RECTIFYING, _("Rectification under way")),
    "report": _t({R.RECTIFYING, R.REOPENED}, R.REPORTED, _("Record the department's report")),
    "verify": _t({R.REPORTED}, R.VERIFIED, _("Record the verification")),
    "reopen": _t({R.REPORTED}, R.REOPENED, _("Reopen")),
}

RECTIFICATION_META = {
    R.OPEN: RectificationMeta(live=True),
    R.RECTIFYING: RectificationMeta(badge="info", live=True),
    R.REPORTED: RectificationMeta(badge="warning", live=True),
    R.VERIFIED: RectificationMeta(badge="success", terminal=True),
    R.REOPENED: RectificationMeta(badge="danger", live=True),
}

RECTIFICATION_MACHINE = StateMachine(
    field="state",
    states=R,
    transitions=RECTIFICATION_TRANSITIONS,
    meta_table=RECTIFICATION_META,
    refusal=_("This step is not possible while the item is “%(state)s”."),
)

LIVE_RECTIFICATION_STATES = RECTIFICATION_MACHINE.states_where("live")
