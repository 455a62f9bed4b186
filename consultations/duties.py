"""The deadlines consultations and supervision open, with their names."""

from django.utils.translation import gettext_lazy

OUTCOME_DUTY = "consultation.outcome"
FEEDBACK_DUTY = "consultation.feedback"
RECTIFICATION_DUTY = "inspection.rectification"

DUTIES = {
    OUTCOME_DUTY: gettext_lazy("Consultation outcome to send"),
    FEEDBACK_DUTY: gettext_lazy("Consultation outcome feedback"),
    "consultation.leave": gettext_lazy("Leave request"),
    RECTIFICATION_DUTY: gettext_lazy("Inspection rectification"),
}
