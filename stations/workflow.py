"""The life of a resident's opinion: every state and transition is declared here, once.

received → in progress → resolved on the spot / referred to a department /
converted to a social-opinion report / converted to a proposal → closed (the result
is told to the resident). STATE_META says, per state, what may happen and what the
resident sees on the public lookup page.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class OpinionState(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved on the spot")
    REFERRED = "referred", _("Referred to a department")
    REPORTED = "reported", _("Converted to a social-opinion report")
    PROPOSED = "proposed", _("Converted to a proposal")
    CLOSED = "closed", _("Closed")


S = OpinionState

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "start": (frozenset({S.RECEIVED}), S.IN_PROGRESS),
    "resolve": (frozenset({S.RECEIVED, S.IN_PROGRESS}), S.RESOLVED),
    "refer": (frozenset({S.RECEIVED, S.IN_PROGRESS}), S.REFERRED),
    "convert_report": (frozenset({S.RECEIVED, S.IN_PROGRESS}), S.REPORTED),
    "convert_proposal": (frozenset({S.RECEIVED, S.IN_PROGRESS}), S.PROPOSED),
    "close": (frozenset({S.RESOLVED, S.REFERRED, S.REPORTED, S.PROPOSED}), S.CLOSED),
}

# What a state "counts" as in the headline number: problems solved.
SOLVED_STATES = frozenset({S.RESOLVED, S.CLOSED})
OPEN_STATES = frozenset({S.RECEIVED, S.IN_PROGRESS, S.REFERRED, S.REPORTED, S.PROPOSED})
TO_HANDLE_STATES = frozenset({S.RECEIVED, S.IN_PROGRESS, S.REFERRED})


@dataclass(frozen=True)
class StateMeta:
    badge: str  # Bootstrap colour
    public_label: str  # what the resident sees
    may_edit: bool  # staff may correct category/content
    may_answer: bool  # a department's answer may be recorded
    solved: bool


STATE_META: dict[str, StateMeta] = {
    S.RECEIVED: StateMeta("secondary", _("Received"), True, False, False),
    S.IN_PROGRESS: StateMeta("primary", _("Being handled"), True, False, False),
    S.RESOLVED: StateMeta("success", _("Resolved"), False, False, True),
    S.REFERRED: StateMeta("info", _("Referred to the responsible department"), False, True, False),
    S.REPORTED: StateMeta(
        "warning", _("Passed on to the committee as a social-opinion report"), False, False, False
    ),
    S.PROPOSED: StateMeta("warning", _("Taken up by a member as a proposal"), False, False, False),
    S.CLOSED: StateMeta("dark", _("Resolved"), False, False, True),
}

ACTION_LABELS = {
    "start": _("Start handling"),
    "resolve": _("Resolved on the spot"),
    "refer": _("Refer to a department"),
    "convert_report": _("Convert to a social-opinion report"),
    "convert_proposal": _("Convert to a proposal"),
    "close": _("Close and tell the resident"),
}


def allowed_actions(state: str) -> list[str]:
    return [name for name, (sources, _target) in TRANSITIONS.items() if state in sources]
