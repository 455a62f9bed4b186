"""The forms of the consultations app, one module per sub-domain (filters, plans,
consultations, meetings, supervision, research); every form importable from here as before."""

from ._base import (
    DATE,
    DATETIME,
    DOCS,
    TIME,
    BootstrapMixin,
    EmptyStepForm,
    FilterForm,
    StepForm,
)
from .consultations import (
    FeedbackForm,
    HeldForm,
    MaterialForm,
    OutcomeForm,
)
from .filters import (
    AttendanceFilterForm,
    ConsultationFilterForm,
    InspectionFilterForm,
    LeaveFilterForm,
    MeetingFilterForm,
    RectificationFilterForm,
    ResearchFilterForm,
)
from .meetings import (
    InviteForm,
    LeaveForm,
    MeetingForm,
    RefuseLeaveForm,
    RescheduleMeetingForm,
    SignInForm,
    SpeechForm,
)
from .plans import (
    PlanForm,
    PlanItemForm,
    ScheduleForm,
    UnplannedConsultationForm,
)
from .research import (
    ResearchProjectForm,
    ResearchReportForm,
)
from .supervision import (
    FindingForm,
    InspectionForm,
    ParticipantsForm,
    ReportRectificationForm,
    SupervisionItemForm,
    SupervisionPlanForm,
    VerifyForm,
)

__all__ = [
    "AttendanceFilterForm",
    "BootstrapMixin",
    "ConsultationFilterForm",
    "DATE",
    "DATETIME",
    "DOCS",
    "EmptyStepForm",
    "FeedbackForm",
    "FilterForm",
    "FindingForm",
    "HeldForm",
    "InspectionFilterForm",
    "LeaveFilterForm",
    "InspectionForm",
    "InviteForm",
    "LeaveForm",
    "MaterialForm",
    "MeetingFilterForm",
    "MeetingForm",
    "OutcomeForm",
    "ParticipantsForm",
    "PlanForm",
    "PlanItemForm",
    "RectificationFilterForm",
    "RefuseLeaveForm",
    "RescheduleMeetingForm",
    "ReportRectificationForm",
    "ResearchFilterForm",
    "ResearchProjectForm",
    "ResearchReportForm",
    "ScheduleForm",
    "SignInForm",
    "SpeechForm",
    "StepForm",
    "SupervisionItemForm",
    "SupervisionPlanForm",
    "TIME",
    "UnplannedConsultationForm",
    "VerifyForm",
]
