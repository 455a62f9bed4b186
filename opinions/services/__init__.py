"""Every write on social-opinion reports, by stage — drafting (the member), the editing desk,
the bulletin (adoption), the outcomes (forwarding, use, instructions) and the conversion other
parts call: keyword-only, one transaction each, permission-checked; each records the
timeline, the duty ledger and the notifications it implies. Callers import from
`opinions.services`."""

from ._base import MAX_LENGTH
from .bulletin import adopt_report, archive_report, create_issue
from .conversion import create_report_from_conversion
from .desk import edit_report, merge_reports, start_editing
from .drafting import add_attachment, delete_draft, remove_attachment, save_draft, submit_report
from .outcomes import (
    INSTRUCTION_DUTY,
    USE_DUTY,
    forward_report,
    record_instruction,
    record_use,
)
from .paper import enter_on_paper

__all__ = [
    "INSTRUCTION_DUTY",
    "MAX_LENGTH",
    "USE_DUTY",
    "add_attachment",
    "adopt_report",
    "archive_report",
    "create_issue",
    "create_report_from_conversion",
    "delete_draft",
    "edit_report",
    "enter_on_paper",
    "forward_report",
    "merge_reports",
    "record_instruction",
    "record_use",
    "remove_attachment",
    "save_draft",
    "start_editing",
    "submit_report",
]
