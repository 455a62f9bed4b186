"""Every write of the consultations app: keyword-only, one transaction each, permission-checked;
they record the timeline, the duty ledger and the notifications. One module per sub-domain:
plans, life (a consultation's steps), attendance (its duty ledger), meetings (invitations, leave,
sign-in, the roll, speeches), supervision (inspections, rectification), research; _base holds the
one transition under the kernel's guard. Everything is importable from here as before."""

from ..duties import FEEDBACK_DUTY, OUTCOME_DUTY, RECTIFICATION_DUTY
from ._base import (
    STALE,
    staff_users,
)
from .attendance import (
    ATTENDANCE_KINDS,
    DEFAULT_KINDS,
    PER_PLENARY,
    bulk_record_attendance_duty,
    duty_kinds_for,
)
from .life import (
    add_material,
    close_consultation,
    meeting_days,
    record_feedback,
    record_held,
    send_outcome,
    start_preparing,
)
from .meetings import (
    SIGN_IN_ATTEMPTS,
    SIGN_IN_STAYS_OPEN,
    close_attendance,
    confirm_attendance,
    create_meeting,
    decide_leave,
    invite_members,
    mark_attendance,
    mark_speech_delivered,
    may_reschedule,
    request_leave,
    reschedule_meeting,
    set_sign_in,
    sign_in_window,
    sign_in_with_code,
    submit_speech,
)
from .plans import (
    create_unplanned_consultation,
    save_plan,
    save_plan_item,
    schedule_plan_item,
)
from .research import (
    save_research_project,
    submit_research_report,
)
from .supervision import (
    add_finding,
    create_inspection,
    report_rectification,
    save_supervision_item,
    save_supervision_plan,
    set_inspection_participants,
    start_rectification,
    verify_rectification,
)

__all__ = [
    "ATTENDANCE_KINDS",
    "DEFAULT_KINDS",
    "FEEDBACK_DUTY",
    "OUTCOME_DUTY",
    "PER_PLENARY",
    "RECTIFICATION_DUTY",
    "SIGN_IN_ATTEMPTS",
    "SIGN_IN_STAYS_OPEN",
    "STALE",
    "add_finding",
    "add_material",
    "bulk_record_attendance_duty",
    "close_attendance",
    "close_consultation",
    "confirm_attendance",
    "create_inspection",
    "create_meeting",
    "create_unplanned_consultation",
    "decide_leave",
    "duty_kinds_for",
    "invite_members",
    "mark_attendance",
    "mark_speech_delivered",
    "may_reschedule",
    "meeting_days",
    "record_feedback",
    "record_held",
    "report_rectification",
    "request_leave",
    "reschedule_meeting",
    "save_plan",
    "save_plan_item",
    "save_research_project",
    "save_supervision_item",
    "save_supervision_plan",
    "schedule_plan_item",
    "send_outcome",
    "set_inspection_participants",
    "set_sign_in",
    "sign_in_window",
    "sign_in_with_code",
    "staff_users",
    "start_preparing",
    "start_rectification",
    "submit_research_report",
    "submit_speech",
    "verify_rectification",
]
