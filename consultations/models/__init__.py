"""Consultation and democratic supervision (DOMAIN §4): plans, consultations, meetings and
attendance, speeches, outcomes and feedback, supervision plans, inspections and
rectification, research projects and reports — one module each; every model is importable
from consultations.models as before."""

from .config import MONTH_VALIDATORS, ConsultationForm, ConsultationSettings
from .consultations import Consultation, ConsultationEvent, Feedback, Material
from .meetings import Attendance, Meeting, MeetingEvent, Speech, new_sign_in_code
from .plans import ConsultationPlan, PlanItem
from .research import ResearchProject, ResearchReport
from .supervision import Inspection, Rectification, SupervisionItem, SupervisionPlan

__all__ = [
    "MONTH_VALIDATORS",
    "Attendance",
    "Consultation",
    "ConsultationEvent",
    "ConsultationForm",
    "ConsultationPlan",
    "ConsultationSettings",
    "Feedback",
    "Inspection",
    "Material",
    "Meeting",
    "MeetingEvent",
    "PlanItem",
    "Rectification",
    "ResearchProject",
    "ResearchReport",
    "Speech",
    "SupervisionItem",
    "SupervisionPlan",
    "new_sign_in_code",
]
