"""The one place that declares a report's states, its transitions and what each state allows.

draft 暂存 → submitted 已提交 → editing 编辑中 → adopted 已录用 | archived 留存未录用;
submitted/editing reports may also be merged (已合并) into a combined report (综合).
Concurrent edits are detected with the report's `version`: every write names the version
it was based on, and a stale one is refused.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    EDITING = "editing", _("Being edited")
    ADOPTED = "adopted", _("Adopted")
    ARCHIVED = "archived", _("Kept, not adopted")
    MERGED = "merged", _("Combined")


@dataclass(frozen=True)
class StateMeta:
    author_may_edit: bool  # the member may change text and attachments
    staff_may_edit: bool  # information staff may edit title/problem/suggestion
    in_queue: bool  # shown on the editing desk
    final: bool
    badge: str  # bootstrap colour


STATE_META = {
    State.DRAFT: StateMeta(True, False, False, False, "secondary"),
    State.SUBMITTED: StateMeta(False, True, True, False, "primary"),
    State.EDITING: StateMeta(False, True, True, False, "warning"),
    State.ADOPTED: StateMeta(False, False, False, True, "success"),
    State.ARCHIVED: StateMeta(False, False, False, True, "dark"),
    State.MERGED: StateMeta(False, False, False, True, "info"),
}

# action -> (states it may start from, state it leads to)
TRANSITIONS = {
    "submit": ({State.DRAFT}, State.SUBMITTED),
    "start_editing": ({State.SUBMITTED}, State.EDITING),
    "edit": ({State.SUBMITTED, State.EDITING}, State.EDITING),
    "adopt": ({State.SUBMITTED, State.EDITING}, State.ADOPTED),
    "archive": ({State.SUBMITTED, State.EDITING}, State.ARCHIVED),
    "merge": ({State.SUBMITTED, State.EDITING}, State.MERGED),
}


def can(action: str, state: str) -> bool:
    return state in TRANSITIONS[action][0]


def _version(value) -> int | None:
    """The version the page was built on; a forged one (not a number) counts as stale."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def check(report, action: str, *, version: int | None = None) -> str:
    """Refuse a move the state does not allow or one based on a stale version; return the target."""
    if version is not None and _version(version) != report.version:
        raise ValidationError(
            gettext(
                "Someone else changed this report while you were working on it. "
                "Reload the page and try again."
            ),
            code="stale",
        )
    sources, target = TRANSITIONS[action]
    if report.state not in sources:
        raise ValidationError(
            gettext("This cannot be done while the report is “%(state)s”.")
            % {"state": State(report.state).label},
            code="state",
        )
    return target


def meta(state: str) -> StateMeta:
    return STATE_META[State(state)]


# how each timeline action reads on the page
ACTION_LABELS = {
    "drafted": _("Draft started"),
    "converted": _("Converted into a report"),
    "submit": _("Submitted"),
    "start_editing": _("Editing started"),
    "edit": _("Text edited"),
    "merge": _("Combined into a combined report"),
    "combined": _("Combined report created"),
    "adopt": _("Adopted"),
    "archive": _("Kept, not adopted"),
    "forward": _("Forwarded"),
    "use": _("Use recorded"),
    "instruction": _("Leader instruction recorded"),
}
