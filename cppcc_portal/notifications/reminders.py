"""The reminder scanner: tells the responsible people before a due date and escalates after it.

Duty slugs (the `duty` of `services.open_deadline`) used by the parts of the portal:

=============================  ==========================================================
proposal.cosigner_confirm      a co-signer confirms (or declines) a joint proposal
proposal.unit_signfor          a handling unit signs for, or asks to return, an assignment
proposal.co_unit_views         a co-unit sends its views to the lead unit
proposal.lead_reply            the lead (or split) unit replies in writing
proposal.extension_reply       the reply after an approved extension
proposal.rehandling_reply      the second reply after a 不满意 evaluation
proposal.evaluation            the proposer evaluates the reply
opinion.*                      social-opinion report duties (any slug starting `opinion.`)
consultation.feedback          feedback on a consultation's outcomes
consultation.leave             a leave request for a consultation is answered
inspection.rectification       a department rectifies what an inspection found
station.opinion_referral       a department answers a residents' opinion referred by a station
news.receipt                   a recipient acknowledges a notice
=============================  ==========================================================

The schedule comes from `ReminderPolicy`: the row for the exact duty, else a wildcard row
such as `opinion.*`, else the default row (duty ""), created on first use with 30, 7 and 1
days before and every 7 days when overdue. Before the due date only the nearest offset that
has been reached is sent (a deadline opened 5 days ahead gets the 7-day reminder, not the
30-day one as well). After it the k-th overdue reminder (day 1, 1+n, 1+2n … for a cadence of
n days) goes to the responsible people plus escalation steps 1..k, so the circle widens:
unit liaison → unit head → proposal staff → supervising leader for a lead reply.

Exactly once: deadlines are locked in batches with `select_for_update(skip_locked=True)`,
so two scanners divide the rows instead of sharing them; the `ReminderSent` row (unique per
deadline and key) and the notifications are written in the same transaction, so a crash
loses a batch's work as a whole and the next run redoes it.
"""

import logging
from collections import Counter, defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import Deadline, Notification, ReminderPolicy, ReminderSent
from .services import create_notifications

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
DEFAULT_DAYS_BEFORE = "30,7,1"
DEFAULT_OVERDUE_EVERY = 7

KIND_REMINDER = "deadline.reminder"
KIND_OVERDUE = "deadline.overdue"
KIND_ESCALATION = "deadline.escalation"

DUTIES = {
    "proposal.cosigner_confirm": gettext_lazy("Co-signer confirmation"),
    "proposal.unit_signfor": gettext_lazy("Unit sign-for or return"),
    "proposal.co_unit_views": gettext_lazy("Co-unit views"),
    "proposal.lead_reply": gettext_lazy("Lead unit reply"),
    "proposal.extension_reply": gettext_lazy("Reply after extension"),
    "proposal.rehandling_reply": gettext_lazy("Rehandling reply"),
    "proposal.evaluation": gettext_lazy("Proposer evaluation"),
    "opinion.*": gettext_lazy("Social-opinion report"),
    "consultation.feedback": gettext_lazy("Consultation outcome feedback"),
    "consultation.leave": gettext_lazy("Leave request"),
    "inspection.rectification": gettext_lazy("Inspection rectification"),
    "station.opinion_referral": gettext_lazy("Referred residents' opinion"),
    "news.receipt": gettext_lazy("Notice receipt"),
}


def duty_label(duty: str):
    """A person-readable name for a duty slug (wildcard rows such as `opinion.*` included)."""
    if duty in DUTIES:
        return DUTIES[duty]
    prefix = duty.split(".", 1)[0]
    return DUTIES.get(f"{prefix}.*", duty)


class Policies:
    """All reminder policies, read once per scan."""

    def __init__(self):
        self.default, _created = ReminderPolicy.objects.get_or_create(
            duty="",
            defaults={
                "days_before": DEFAULT_DAYS_BEFORE,
                "overdue_every_days": DEFAULT_OVERDUE_EVERY,
            },
        )
        self.by_duty = {p.duty: p for p in ReminderPolicy.objects.exclude(duty="")}
        self._offsets = {p.duty: p.offsets() for p in [self.default, *self.by_duty.values()]}

    def for_duty(self, duty: str) -> ReminderPolicy:
        policy = self.by_duty.get(duty)
        if policy is None:
            policy = self.by_duty.get(f"{duty.split('.', 1)[0]}.*", self.default)
        return policy

    def offsets(self, policy: ReminderPolicy) -> list[int]:
        return self._offsets[policy.duty]

    @property
    def horizon_days(self) -> int:
        return max((max(o) for o in self._offsets.values() if o), default=0)


def due_reminder(due_on: date, today: date, offsets: list[int], every: int):
    """The reminder a deadline should have had by `today`: (key, escalation step) or None."""
    days_left = (due_on - today).days
    if days_left >= 0:
        reached = [o for o in offsets if o >= days_left]
        return (f"before:{min(reached)}", 0) if reached else None
    late = -days_left
    k = 1 + (late - 1) // every if every else 1
    return f"overdue:{k}", k


def _messages(deadline: Deadline, today: date, step: int):
    """(title, body) for the responsible people and, when overdue, for the escalation steps."""
    due = date_format(deadline.due_on, "DATE_FORMAT")
    days_left = (deadline.due_on - today).days
    if step == 0:
        title = _("Reminder: “%(title)s” is due on %(due)s") % {
            "title": deadline.title,
            "due": due,
        }
        if days_left == 0:
            body = _("It is due today.")
        else:
            body = ngettext("%(days)d day left.", "%(days)d days left.", days_left) % {
                "days": days_left
            }
        return (title, body), None
    late = -days_left
    late_text = ngettext("%(days)d day overdue.", "%(days)d days overdue.", late) % {"days": late}
    own = (
        _("Overdue: “%(title)s” was due on %(due)s") % {"title": deadline.title, "due": due},
        late_text + " " + _("Please complete it as soon as possible."),
    )
    escalated = (
        _("Escalated: “%(title)s” is overdue (due %(due)s)")
        % {"title": deadline.title, "due": due},
        late_text + " " + _("You are told because it has not been done in time."),
    )
    return own, escalated


def _process(batch: list[Deadline], today: date, policies: Policies, stats: Counter):
    """One locked batch: mark overdue, record and send whatever reminder is due."""
    User = get_user_model()
    stats["deadlines"] += len(batch)
    became_overdue = [d.pk for d in batch if d.state == Deadline.State.OPEN and d.due_on < today]
    if became_overdue:
        Deadline.objects.filter(pk__in=became_overdue).update(state=Deadline.State.OVERDUE)
        stats["overdue_marked"] += len(became_overdue)

    wanted = {}
    for deadline in batch:
        policy = policies.for_duty(deadline.duty)
        due = due_reminder(
            deadline.due_on, today, policies.offsets(policy), policy.overdue_every_days
        )
        if due is not None:
            wanted[deadline.pk] = due
    if not wanted:
        return
    # Read after locking: a scanner that held these rows before us has committed by now.
    already = set(
        ReminderSent.objects.filter(
            deadline_id__in=wanted.keys(), key__in={due[0] for due in wanted.values()}
        ).values_list("deadline_id", "key")
    )
    to_send = [
        (d, *wanted[d.pk])
        for d in batch
        if d.pk in wanted and (d.pk, wanted[d.pk][0]) not in already
    ]
    if not to_send:
        return

    responsible = defaultdict(list)
    for deadline_id, user_id in Deadline.responsible.through.objects.filter(
        deadline_id__in=[item[0].pk for item in to_send]
    ).values_list("deadline_id", "user_id"):
        responsible[deadline_id].append(user_id)
    wanted_users = set()
    for deadline, _key, step in to_send:
        wanted_users.update(responsible[deadline.pk])
        for ids in deadline.escalation[:step]:
            wanted_users.update(ids)
    users = {
        u.pk: u
        for u in User.objects.filter(pk__in=wanted_users, is_active=True).only(
            "id", "email", "is_active"
        )
    }

    ReminderSent.objects.bulk_create(
        [ReminderSent(deadline=d, key=key, step=step) for d, key, step in to_send]
    )
    notes = []
    for deadline, _key, step in to_send:
        own, escalated = _messages(deadline, today, step)
        own_ids = [uid for uid in dict.fromkeys(responsible[deadline.pk]) if uid in users]
        groups = [(KIND_OVERDUE if step else KIND_REMINDER, own, own_ids)]
        if step:
            extra = dict.fromkeys(
                uid for ids in deadline.escalation[:step] for uid in ids if uid in users
            )
            groups.append(
                (KIND_ESCALATION, escalated, [uid for uid in extra if uid not in own_ids])
            )
        for kind, (title, body), user_ids in groups:
            notes.extend(
                Notification(
                    recipient=users[uid],
                    kind=kind,
                    title=title[:200],
                    body=body,
                    url=deadline.url,
                    target_type_id=deadline.target_type_id,
                    target_id=deadline.target_id,
                )
                for uid in user_ids
            )
    create_notifications(notes, enqueue=False)
    stats["reminders"] += len(to_send)
    stats["notifications"] += len(notes)


def scan(*, today: date | None = None, batch_size: int = BATCH_SIZE) -> dict:
    """Send every reminder that is due and not yet sent; safe to run often and concurrently."""
    today = today or timezone.localdate()
    stats = Counter()
    with translation.override(settings.LANGUAGE_CODE):
        policies = Policies()
        horizon = today + timedelta(days=policies.horizon_days)
        candidates = (
            Deadline.objects.filter(
                Q(state=Deadline.State.OPEN, due_on__lte=horizon) | Q(state=Deadline.State.OVERDUE)
            )
            .only(
                "id",
                "duty",
                "title",
                "url",
                "due_on",
                "state",
                "escalation",
                "target_type",
                "target_id",
            )
            .order_by("pk")
        )
        last_id = 0
        while True:
            with transaction.atomic():
                batch = list(
                    candidates.filter(pk__gt=last_id).select_for_update(
                        skip_locked=True, of=("self",)
                    )[:batch_size]
                )
                if not batch:
                    break
                last_id = batch[-1].pk
                _process(batch, today, policies, stats)
    if stats["notifications"]:
        _kick_delivery()
    result = {
        key: stats[key] for key in ("deadlines", "overdue_marked", "reminders", "notifications")
    }
    logger.info("reminder scan %s: %s", today, result)
    return result


def _kick_delivery():
    """Ask a worker to deliver now; if the broker is down the periodic scan does it later."""
    from .tasks import deliver_pending

    try:
        deliver_pending.delay()
    except Exception:  # noqa: BLE001 - the rows stay pending
        logger.warning("broker unreachable; reminders left for the delivery scan")
