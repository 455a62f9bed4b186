"""When a holiday notice moves a consultation's feedback deadline, its feedback_due_on follows."""

from cppcc_portal.notifications.hooks import on_deadline_moved

from .models import Consultation
from .services import FEEDBACK_DUTY


@on_deadline_moved("consultations.consultation")
def feedback_deadlines_moved(changes):
    moved = {d.target_id: c for d, c in changes if d.duty == FEEDBACK_DUTY}
    rows = list(Consultation.objects.select_for_update().filter(pk__in=moved))
    for c in rows:
        if c.feedback_due_on == moved[c.pk].old_due_on:
            c.feedback_due_on = moved[c.pk].new_due_on
    Consultation.objects.bulk_update(rows, ["feedback_due_on"])
