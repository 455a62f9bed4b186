"""When a holiday notice moves a consultation's outcome or feedback deadline, its
outcome_due_on / feedback_due_on follows."""

from cppcc_portal.notifications.hooks import on_deadline_moved

from .models import Consultation
from .services import FEEDBACK_DUTY, OUTCOME_DUTY

FIELDS = {OUTCOME_DUTY: "outcome_due_on", FEEDBACK_DUTY: "feedback_due_on"}


@on_deadline_moved("consultations.consultation")
def feedback_deadlines_moved(changes):
    moved = {}
    for d, change in changes:
        if d.duty in FIELDS:
            moved.setdefault(d.target_id, []).append((FIELDS[d.duty], change))
    rows = list(Consultation.objects.select_for_update().filter(pk__in=moved))
    for c in rows:
        for field, change in moved[c.pk]:
            if getattr(c, field) == change.old_due_on:
                setattr(c, field, change.new_due_on)
    Consultation.objects.bulk_update(rows, list(FIELDS.values()))
