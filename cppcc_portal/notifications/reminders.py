"""The reminder scanner: tells the responsible people before a due date and escalates after it.

Duty slugs (the `duty` of `services.open_deadline`) are declared by the app that opens them,
with their readable names, in its `duties.py` (`DUTIES = {slug: label}`), found by
autodiscovery (core.contributions); a slug ending in `.*` names every duty of a prefix.

The schedule comes from `ReminderPolicy`: the row for the exact duty, else a wildcard row
such as `opinion.*`, else the default row (duty ""), created on first use with 30, 7 and 1
days before and every 7 days when overdue. Before the due date only the nearest offset that
has been reached is sent (a deadline opened 5 days ahead gets the 7-day reminder, not the
30-day one as well). After it the k-th overdue reminder (day 1, 1+n, 1+2n … for a cadence of
n days) goes to the responsible people plus escalation steps 1..k, so the circle widens:
unit liaison → unit head → proposal staff → supervising leader for a lead reply. Who they are
is decided at the scan: a deadline's parties (a unit, a role: notifications.parties) resolve to
the people who hold them that day.

Exactly once: the scanner reads the candidates in pages without locks, and locks only the
rows of a page that need something (turning overdue, or a reminder due that is not the
`last_reminder` noted on the row — so a rescan with nothing new locks and writes nothing), with `select_for_update(skip_locked=True)`, so two
scanners divide those rows instead of sharing them; after locking it checks `ReminderSent`
again (a scanner that held the row before has committed by then). The `ReminderSent` row
(unique per deadline and key) and the notifications are written in the same transaction, so
a crash loses a batch's work as a whole and the next run redoes it.
"""

import logging
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cppcc_portal.core.contributions import modules

from .models import Deadline, ReminderPolicy, ReminderSent
from .parties import expand, is_party, people_now, resolve
from .services import copy_rows, create_notification_rows

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
DEFAULT_DAYS_BEFORE = "30,7,1"
DEFAULT_OVERDUE_EVERY = 7

KIND_REMINDER = "deadline.reminder"
KIND_OVERDUE = "deadline.overdue"
KIND_ESCALATION = "deadline.escalation"


class _Duties(Mapping):
    """slug → readable name, gathered from every app's duties.py on first use."""

    def _all(self) -> dict:
        found = {}
        for module in modules("duties"):
            found.update(module.DUTIES)
        return found

    def __getitem__(self, slug):
        return self._all()[slug]

    def __iter__(self):
        return iter(self._all())

    def __len__(self):
        return len(self._all())


DUTIES = _Duties()


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


class Row(NamedTuple):
    """The columns of a deadline the scanner needs (tuples: no model instances per row)."""

    pk: int
    duty: str
    title: str
    url: str
    due_on: date
    state: str
    escalation: list
    parties: list
    target_type_id: int
    target_id: int
    last_reminder: str


def _messages(deadline: Row, today: date, step: int, due: str):
    """(title, body) for the responsible people and, when overdue, for the escalation steps."""
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


def _wanted(rows: list[Row], today: date, policies: Policies) -> dict[int, tuple[str, int]]:
    """{deadline id: (key, step)} of the reminder each deadline should have had by today."""
    wanted = {}
    for deadline in rows:
        policy = policies.for_duty(deadline.duty)
        due = due_reminder(
            deadline.due_on, today, policies.offsets(policy), policy.overdue_every_days
        )
        if due is not None:
            wanted[deadline.pk] = due
    return wanted


def _needing_work(rows: list[Row], today: date, policies: Policies) -> set[int]:
    """The unlocked pre-check, without a query: due to turn overdue, or the reminder due now
    is not the last one recorded on the row (the locked phase checks ReminderSent itself)."""
    wanted = _wanted(rows, today, policies)
    needy = set(_becoming_overdue(rows, today))
    needy.update(d.pk for d in rows if d.pk in wanted and wanted[d.pk][0] != d.last_reminder)
    return needy


def _due_and_unsent(rows: list[Row], wanted: dict):
    """[(row, key, step)] of the reminders these deadlines should have had and have not."""
    if not wanted:
        return []
    already = set(
        ReminderSent.objects.filter(
            deadline_id__in=wanted.keys(), key__in={due[0] for due in wanted.values()}
        ).values_list("deadline_id", "key")
    )
    return [
        (d, *wanted[d.pk])
        for d in rows
        if d.pk in wanted and (d.pk, wanted[d.pk][0]) not in already
    ]


def _remember_last(rows: list[Row], wanted: dict):
    """Note on each row the reminder now recorded for it, so the next pre-check skips it."""
    by_key = defaultdict(list)
    for d in rows:
        if d.pk in wanted and wanted[d.pk][0] != d.last_reminder:
            by_key[wanted[d.pk][0]].append(d.pk)
    for key, ids in by_key.items():
        Deadline.objects.filter(pk__in=ids).update(last_reminder=key)


def _becoming_overdue(rows: list[Row], today: date) -> list[int]:
    return [d.pk for d in rows if d.state == Deadline.State.OPEN and d.due_on < today]


def _process(batch: list[Row], today: date, policies: Policies, stats: Counter):
    """One locked batch: mark overdue, record and send whatever reminder is due."""
    User = get_user_model()
    became_overdue = _becoming_overdue(batch, today)
    if became_overdue:
        Deadline.objects.filter(pk__in=became_overdue).update(state=Deadline.State.OVERDUE)
        stats["overdue_marked"] += len(became_overdue)
    # Read after locking: a scanner that held these rows before us has committed by now.
    wanted = _wanted(batch, today, policies)
    to_send = _due_and_unsent(batch, wanted)
    _remember_last(batch, wanted)
    if not to_send:
        return

    # Who is responsible and who is escalated to is decided now, not when the deadline was
    # opened: parties (a unit, a role) resolve to the people who hold them today.
    responsible = people_now(item[0] for item in to_send)
    resolved = resolve(
        p for d, _key, step in to_send for ids in d.escalation[:step] for p in ids if is_party(p)
    )
    escalation = {
        d.pk: [expand(ids, resolved) for ids in d.escalation[:step]] for d, _key, step in to_send
    }
    wanted_users = set()
    for deadline, _key, _step in to_send:
        wanted_users.update(responsible[deadline.pk])
        for ids in escalation[deadline.pk]:
            wanted_users.update(ids)
    emails = dict(
        User.objects.filter(pk__in=wanted_users, is_active=True).values_list("id", "email")
    )

    now = timezone.now()
    copy_rows(
        ReminderSent,
        ("deadline_id", "key", "step", "sent_at"),
        [(d.pk, key, step, now) for d, key, step in to_send],
    )
    rows, dates = [], {}
    for deadline, _key, step in to_send:
        due = dates.get(deadline.due_on)
        if due is None:
            due = dates[deadline.due_on] = date_format(deadline.due_on, "DATE_FORMAT")
        own, escalated = _messages(deadline, today, step, due)
        own_ids = [uid for uid in dict.fromkeys(responsible[deadline.pk]) if uid in emails]
        groups = [(KIND_OVERDUE if step else KIND_REMINDER, own, own_ids)]
        if step:
            extra = dict.fromkeys(
                uid for ids in escalation[deadline.pk] for uid in ids if uid in emails
            )
            groups.append(
                (KIND_ESCALATION, escalated, [uid for uid in extra if uid not in own_ids])
            )
        for kind, (title, body), user_ids in groups:
            rows.extend(
                (
                    uid,
                    kind,
                    title[:200],
                    body,
                    deadline.url,
                    deadline.target_type_id,
                    deadline.target_id,
                )
                for uid in user_ids
            )
    create_notification_rows(rows, emails)
    stats["reminders"] += len(to_send)
    stats["notifications"] += len(rows)


def scan(*, today: date | None = None, batch_size: int = BATCH_SIZE) -> dict:
    """Send every reminder that is due and not yet sent; safe to run often and concurrently."""
    today = today or timezone.localdate()
    stats = Counter()
    with translation.override(settings.LANGUAGE_CODE):
        policies = Policies()
        horizon = today + timedelta(days=policies.horizon_days)
        live = Q(state=Deadline.State.OPEN, due_on__lte=horizon) | Q(state=Deadline.State.OVERDUE)
        # The candidates' ids in one index scan; pages are then fetched by id, so the cost
        # stays linear whatever plan the database would pick for "the next page after id N".
        ids = list(Deadline.objects.filter(live).order_by("pk").values_list("pk", flat=True))
        rows = Deadline.objects.filter(live).order_by("pk").values_list(*Row._fields)
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            # An unlocked look first, so rows with nothing to do are never locked (or written).
            page = [Row(*values) for values in rows.filter(pk__in=chunk)]
            stats["deadlines"] += len(page)
            needy = _needing_work(page, today, policies)
            if not needy:
                continue
            with transaction.atomic():
                batch = [
                    Row(*values)
                    for values in rows.filter(pk__in=needy).select_for_update(
                        skip_locked=True, of=("self",)
                    )
                ]
                if batch:
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
