"""When the year's notice is entered, every open deadline it moves is recomputed from its rule:
new date, people told once, old date kept; met, cancelled and chosen dates are left alone."""

from collections import defaultdict
from datetime import date

import pytest
from django.template.loader import render_to_string

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications import calendar, holiday_notices, hooks, services, tasks
from cppcc_portal.notifications.models import (
    Deadline,
    DeadlineChange,
    HolidayNotice,
    Notification,
    ReminderSent,
)
from cppcc_portal.notifications.notice_table import read_notice_table

from .notice_fixtures import TABLE_2027

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_notice_after_2026")]


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    monkeypatch.setattr(tasks.recompute_after_notice, "delay", lambda pk: None)


@pytest.fixture
def hooks_seen(monkeypatch):
    monkeypatch.setattr(hooks, "_moved", defaultdict(list))
    seen = []
    hooks.on_deadline_moved("auth.user")(seen.append)
    return seen


@pytest.fixture
def world(make_user):
    """Deadlines set on 2026-12-02, before the notice: each case the recompute must tell apart."""
    a, b, c = make_user("unit_liaison"), make_user("unit_liaison"), make_user("proposal_staff")

    def deadline(due_on, people, state=Deadline.State.OPEN, duty="proposal.lead_reply"):
        d = services.open_deadline(
            target=make_user(), duty=duty, due_on=due_on, responsible=people, title="答复第1号提案"
        )
        if state != Deadline.State.OPEN:
            Deadline.objects.filter(pk=d.pk).update(state=state)
        return d

    w = {
        # 5 working days from Wed 2/3: 2/4, 2/9–2/12 without the notice; 2/4, 2/15–2/18 with it
        "moved": deadline(calendar.add_working_days(date(2027, 2, 3), 5), [a, b]),
        # 15 from Mon 2/1 → 2/24; with the 班 Saturday 2/20 and 2/5–2/12 off → 3/1
        "overdue": deadline(
            calendar.add_working_days(date(2027, 2, 1), 15), [c], Deadline.State.OVERDUE
        ),
        # three months from today: 3/2 either way
        "unmoved": deadline(calendar.add_months(date(2026, 12, 2), 3), [a]),
        "met": deadline(calendar.add_working_days(date(2027, 2, 3), 5), [a], Deadline.State.MET),
        "cancelled": deadline(
            calendar.add_working_days(date(2027, 2, 3), 5), [a], Deadline.State.CANCELLED
        ),
        "chosen": deadline(date(2027, 2, 12), [a]),
        "people": (a, b, c),
    }
    assert w["moved"].due_on == date(2027, 2, 12) and w["moved"].provisional
    assert w["overdue"].due_on == date(2027, 2, 24)
    ReminderSent.objects.create(deadline=w["moved"], key="before:7")
    ReminderSent.objects.create(deadline=w["unmoved"], key="before:30")
    return w


def _enter(staff, text=TABLE_2027):
    rows = read_notice_table(year=2027, text=text).rows
    return holiday_notices.enter_holiday_notice(actor=staff, year=2027, title="通知", rows=rows)


def _recompute(notice):
    return holiday_notices.recompute_for_notice(notice_id=notice.pk, today=date(2027, 2, 25))


def _fresh(d):
    return Deadline.objects.get(pk=d.pk)


def test_the_notice_moves_what_it_changes_and_nothing_else(world, role_users, hooks_seen):
    notice = _enter(role_users[Role.PROPOSAL_STAFF])
    stats = _recompute(notice)
    assert stats["moved"] == 2 and stats["notified"] == 3

    moved, overdue = _fresh(world["moved"]), _fresh(world["overdue"])
    assert moved.due_on == date(2027, 2, 18) and not moved.provisional
    assert overdue.due_on == date(2027, 3, 1) and overdue.state == Deadline.State.OPEN
    unmoved = _fresh(world["unmoved"])
    assert unmoved.due_on == date(2027, 3, 2) and not unmoved.provisional  # now official
    for key in ("met", "cancelled"):
        ended = _fresh(world[key])
        assert ended.due_on == date(2027, 2, 12) and ended.provisional  # untouched
    assert _fresh(world["chosen"]).due_on == date(2027, 2, 12)

    # the old date is kept, with the reason
    change = DeadlineChange.objects.get(deadline=moved)
    assert (change.old_due_on, change.new_due_on, change.notice) == (
        date(2027, 2, 12),
        date(2027, 2, 18),
        notice,
    )
    assert "2027" in change.reason and "国务院" in change.reason
    assert DeadlineChange.objects.count() == 2
    html = render_to_string(
        "notifications/_deadlines.html",
        {"deadlines": services.deadlines_for(moved.target)},
    )
    assert "2027-02-18" in html and "原为 <del>2027-02-12</del>" in html and "暂定" not in html

    # the people responsible are told, each once per moved deadline
    a, b, c = world["people"]
    notes = Notification.objects.filter(kind="deadline.moved")
    assert sorted(n.recipient_id for n in notes) == sorted([a.pk, b.pk, c.pk])
    note = notes.get(recipient=b)
    assert "2027-02-18" in note.title and "2027-02-12" in note.title and note.target == moved.target

    # a new date earns its own reminders
    assert not ReminderSent.objects.filter(deadline=moved).exists()
    assert ReminderSent.objects.filter(deadline=unmoved).exists()

    # the apps' hooks heard of both moves, in one batch
    assert len(hooks_seen) == 1
    assert {d.pk for d, _change in hooks_seen[0]} == {moved.pk, overdue.pk}

    notice.refresh_from_db()
    assert notice.recomputed_at is not None


def test_running_it_again_or_entering_the_same_table_changes_nothing(world, role_users):
    staff = role_users[Role.PROPOSAL_STAFF]
    _recompute(_enter(staff))
    before = (Notification.objects.count(), DeadlineChange.objects.count())
    assert _recompute(_enter(staff)).get("moved", 0) == 0
    assert _recompute(HolidayNotice.objects.get()).get("moved", 0) == 0
    assert (Notification.objects.count(), DeadlineChange.objects.count()) == before
    assert _fresh(world["moved"]).due_on == date(2027, 2, 18)


def test_a_corrected_table_moves_them_again_and_keeps_every_date(world, role_users):
    staff = role_users[Role.PROPOSAL_STAFF]
    _recompute(_enter(staff))
    _recompute(_enter(staff, TABLE_2027.replace("2027-02-12\t休\t春节\n", "")))
    moved = _fresh(world["moved"])
    assert moved.due_on == date(2027, 2, 17)  # 2/4, 2/12, 2/15, 2/16, 2/17
    assert list(moved.changes.values_list("old_due_on", "new_due_on")) == [
        (date(2027, 2, 12), date(2027, 2, 18)),
        (date(2027, 2, 18), date(2027, 2, 17)),
    ]


def test_works_in_batches(world, role_users):
    notice = _enter(role_users[Role.PROPOSAL_STAFF])
    stats = holiday_notices.recompute_for_notice(notice_id=notice.pk, batch_size=1)
    assert stats["moved"] == 2 and stats["checked"] == 3
    assert _fresh(world["moved"]).due_on == date(2027, 2, 18)


def test_the_task_and_the_reminder_scan_run_it(world, role_users, monkeypatch):
    notice = _enter(role_users[Role.PROPOSAL_STAFF])
    tasks.recompute_after_notice.apply(args=[notice.pk])
    assert _fresh(world["moved"]).due_on == date(2027, 2, 18)

    # the broker was down when a correction was saved: the next reminder scan recomputes first
    _enter(role_users[Role.PROPOSAL_STAFF], TABLE_2027.replace("2027-02-12\t休\t春节\n", ""))
    monkeypatch.setattr("cppcc_portal.notifications.reminders.scan", lambda: {})
    tasks.send_due_reminders.apply()
    assert _fresh(world["moved"]).due_on == date(2027, 2, 17)
    assert HolidayNotice.objects.get().recomputed_at is not None


def test_deadlines_outside_the_year_are_not_looked_at(make_user, role_users):
    d = services.open_deadline(
        target=make_user(),
        duty="x",
        due_on=calendar.add_working_days(date(2026, 11, 2), 10),
        responsible=[],
        title="t",
    )
    assert _recompute(_enter(role_users[Role.PROPOSAL_STAFF])).get("checked", 0) == 0
    assert _fresh(d).due_on == date(2026, 11, 16) and not _fresh(d).provisional
