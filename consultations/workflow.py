"""Every state and transition of a consultation and of a rectification item, in one place,
with the per-state capabilities (STATE_META) that views and templates read instead of
testing states themselves."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsultationState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PREPARING = "preparing", _("Preparing")
    HELD = "held", _("Held")
    OUTCOME_SENT = "outcome_sent", _("Outcome sent")
    FEEDBACK_RECEIVED = "feedback_received", _("Feedback received")
    CLOSED = "closed", _("Closed")


S = ConsultationState

# name -> (sources, target); the model's @transition methods use exactly these.
CONSULTATION_TRANSITIONS = {
    "start_preparing": ([S.PLANNED], S.PREPARING),
    "hold": ([S.PREPARING], S.HELD),
    "send_outcome": ([S.HELD], S.OUTCOME_SENT),
    "receive_feedback": ([S.OUTCOME_SENT], S.FEEDBACK_RECEIVED),
    "close": ([S.FEEDBACK_RECEIVED], S.CLOSED),
}

TRANSITION_LABELS = {
    "start_preparing": _("Start preparing"),
    "hold": _("Record the meeting held"),
    "send_outcome": _("Send the outcome"),
    "receive_feedback": _("Record the feedback"),
    "close": _("Close"),
}

# Per-state capabilities. `materials`: staff may add research/briefing materials;
# `meetings`: staff may add meetings; `speeches`: members may submit speeches;
# `badge`: Bootstrap colour.
STATE_META = {
    S.PLANNED: {"materials": True, "meetings": True, "speeches": True, "badge": "secondary"},
    S.PREPARING: {"materials": True, "meetings": True, "speeches": True, "badge": "info"},
    S.HELD: {"materials": False, "meetings": True, "speeches": True, "badge": "primary"},
    S.OUTCOME_SENT: {"materials": False, "meetings": False, "speeches": False, "badge": "warning"},
    S.FEEDBACK_RECEIVED: {
        "materials": False,
        "meetings": False,
        "speeches": False,
        "badge": "success",
    },
    S.CLOSED: {"materials": False, "meetings": False, "speeches": False, "badge": "dark"},
}


def next_transition(state: str):
    """The one forward move from a state (the life is linear), or None at the end."""
    for name, (sources, _target) in CONSULTATION_TRANSITIONS.items():
        if state in sources:
            return name
    return None


class RectificationState(models.TextChoices):
    OPEN = "open", _("Awaiting rectification")
    RECTIFYING = "rectifying", _("Rectifying")
    REPORTED = "reported", _("Reported")
    VERIFIED = "verified", _("Verified")
    REOPENED = "reopened", _("Reopened")


R = RectificationState

RECTIFICATION_TRANSITIONS = {
    "start": ([R.OPEN, R.REOPENED], R.RECTIFYING),
    "report": ([R.RECTIFYING, R.REOPENED], R.REPORTED),
    "verify": ([R.REPORTED], R.VERIFIED),
    "reopen": ([R.REPORTED], R.REOPENED),
}

RECTIFICATION_META = {
    R.OPEN: {"live": True, "badge": "secondary"},
    R.RECTIFYING: {"live": True, "badge": "info"},
    R.REPORTED: {"live": True, "badge": "warning"},
    R.VERIFIED: {"live": False, "badge": "success"},
    R.REOPENED: {"live": True, "badge": "danger"},
}
