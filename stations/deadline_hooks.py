"""When a holiday notice moves a referred opinion's answer deadline, referral_due_on follows."""

from cppcc_portal.notifications.hooks import on_deadline_moved

from .models import Opinion
from .services import REFERRAL_DUTY


@on_deadline_moved("stations.opinion")
def referral_deadlines_moved(changes):
    moved = {d.target_id: c for d, c in changes if d.duty == REFERRAL_DUTY}
    rows = list(Opinion.objects.select_for_update().filter(pk__in=moved))
    for o in rows:
        if o.referral_due_on == moved[o.pk].old_due_on:
            o.referral_due_on = moved[o.pk].new_due_on
    Opinion.objects.bulk_update(rows, ["referral_due_on"])
