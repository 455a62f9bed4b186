"""The report's state table on the workflow kernel: its states, its transitions and what each
state allows — one table, so services, pages and templates ask here instead of testing
`state == …` themselves.

draft 暂存 → submitted 已提交 → editing 编辑中 → adopted 已录用 | archived 留存未录用;
a report is adopted only after it passed editing (核稿, DOMAIN §3): `adopt` leaves `editing`
alone. Submitted/editing reports may also be kept or merged (已合并) into a combined report.
Concurrent writes are refused through the report's `version` (the kernel's guard).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc_portal.core.workflow import StateMachine, StateMeta
from cppcc_portal.core.workflow.machine import transition as _t


class State(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report", "Draft")
    SUBMITTED = "submitted", _("Submitted")
    EDITING = "editing", _("Being edited")
    ADOPTED = "adopted", _("Adopted")
    ARCHIVED = "archived", _("Kept, not adopted")
    MERGED = "merged", _("Combined")


NOT_EDITED_MESSAGE = _(
    "A report is adopted only after editing (核稿): start editing it, check the text, then adopt."
)

STALE_MESSAGE = _(
    "Someone else changed this report while you were working on it. Reload the page and try again."
)


@dataclass(frozen=True)
class ReportMeta(StateMeta):
    """What a state allows; `terminal` means decided (adopted, kept or combined)."""

    author_edits: bool = False  # the member changes text and attachments, deletes, submits
    staff_edits: bool = False  # information staff edit the working text (核稿)
    in_queue: bool = False  # on the editing desk: keep or combine it
    adoptable: bool = False  # edited (核稿): may be adopted into the bulletin
    author_sees_original: bool = False  # the member reads what they sent while staff edit it
    published: bool = False  # in a bulletin issue: forwarded, used, instructed on
    declined: bool = False  # kept, not adopted: the note tells the member why


TRANSITIONS = {
    "submit": _t({State.DRAFT}, State.SUBMITTED, _("Submit")),
    "start_editing": _t({State.SUBMITTED}, State.EDITING, _("Start editing")),
    "edit": _t({State.SUBMITTED, State.EDITING}, State.EDITING, _("Edit the text")),
    "adopt": _t({State.EDITING}, State.ADOPTED, _("Adopt into the bulletin")),
    "archive": _t({State.SUBMITTED, State.EDITING}, State.ARCHIVED, _("Keep, not adopted")),
    "merge": _t({State.SUBMITTED, State.EDITING}, State.MERGED, _("Combine")),
}

M = ReportMeta
_DESK = {"staff_edits": True, "in_queue": True, "author_sees_original": True}
STATE_META = {
    State.DRAFT: M(author_edits=True),
    State.SUBMITTED: M(**_DESK, badge="primary"),
    State.EDITING: M(**_DESK, adoptable=True, badge="warning"),
    State.ADOPTED: M(published=True, terminal=True, badge="success"),
    State.ARCHIVED: M(declined=True, terminal=True, badge="dark"),
    State.MERGED: M(terminal=True, badge="info"),
}

MACHINE = StateMachine(
    field="state",
    states=State,
    transitions=TRANSITIONS,
    meta_table=STATE_META,
    refusal=_("This cannot be done while the report is “%(state)s”."),
)

QUEUE_STATES = MACHINE.states_where("in_queue")
PUBLISHED_STATES = MACHINE.states_where("published")

meta = MACHINE.meta  # meta(report) or meta("draft")
can = MACHINE.can  # can(report, "adopt")
check = MACHINE.check  # check(report, "adopt") -> the transition, or a refusal

# how each timeline action reads on the page
ACTION_LABELS = {
    "drafted": _("Draft started"),
    "converted": _("Converted into a report"),
    "enter_on_paper": _("Entered from paper"),
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
