"""The reminder scanner: before-reminders, overdue escalation, exactly once — also concurrently."""

import threading
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection

from cppcc_portal.notifications import reminders, services
from cppcc_portal.notifications.models import Deadline, Notification, ReminderPolicy, ReminderSent

from .factories import DeadlineFactory

DUE = date(2025, 10, 20)
EXPECTED_KEYS = [
    "before:30",
    "before:7",
    "before:1",
    "overdue:1",
    "overdue:2",
    "overdue:3",
    "overdue:4",
    "overdue:5",
]


def open_reply(chain, target, due_on=DUE, duty="proposal.lead_reply"):
    return services.open_deadline(
        target=target,
        duty=duty,
        due_on=due_on,
        responsible=[chain["liaison"]],
        escalation=[[chain["head"]], [chain["staff"]], [chain["leader"]]],
        title="关于加强老旧小区改造的建议",
        url="/proposals/1/",
        unit_id=7,
        unit_name="区住房和城乡建设委",
    )


def run_days(first: date, last: date, times: int = 1):
    day = first
    while day <= last:
        for _ in range(times):
            reminders.scan(today=day)
        day += timedelta(days=1)


def kinds_for(user):
    return list(
        Notification.objects.filter(recipient=user).order_by("id").values_list("kind", flat=True)
    )


@pytest.mark.django_db
class TestSchedule:
    def test_reply_deadline_reminds_then_escalates_in_order_exactly_once(self, chain):
        deadline = open_reply(chain, chain["leader"])
        run_days(DUE - timedelta(days=40), DUE + timedelta(days=30), times=2)

        keys = list(deadline.reminders.order_by("id").values_list("key", flat=True))
        assert keys == EXPECTED_KEYS
        sent_on = {r.key: r.step for r in ReminderSent.objects.filter(deadline=deadline)}
        assert sent_on["overdue:3"] == 3
        deadline.refresh_from_db()
        assert deadline.state == Deadline.State.OVERDUE

        assert kinds_for(chain["liaison"]) == ["deadline.reminder"] * 3 + ["deadline.overdue"] * 5
        # the circle widens one step per overdue reminder
        assert kinds_for(chain["head"]) == ["deadline.escalation"] * 5
        assert kinds_for(chain["staff"]) == ["deadline.escalation"] * 4
        assert kinds_for(chain["leader"]) == ["deadline.escalation"] * 3
        note = Notification.objects.filter(recipient=chain["leader"]).first()
        assert note.url == "/proposals/1/" and note.target == chain["leader"]

    def test_reminders_fall_on_the_right_days(self, chain):
        deadline = open_reply(chain, chain["leader"])
        for offset, expected in [(-31, 0), (-30, 1), (-8, 1), (-7, 2), (-1, 3), (0, 3), (1, 4)]:
            reminders.scan(today=DUE + timedelta(days=offset))
            assert deadline.reminders.count() == expected, offset
        reminders.scan(today=DUE + timedelta(days=7))
        assert deadline.reminders.count() == 4
        reminders.scan(today=DUE + timedelta(days=8))
        assert deadline.reminders.count() == 5

    def test_a_late_opened_deadline_gets_only_the_nearest_reminder(self, chain):
        deadline = open_reply(chain, chain["leader"], due_on=DUE)
        run_days(DUE - timedelta(days=5), DUE)
        assert list(deadline.reminders.values_list("key", flat=True).order_by("id")) == [
            "before:7",
            "before:1",
        ]

    def test_a_met_deadline_is_not_reminded(self, chain):
        deadline = open_reply(chain, chain["leader"])
        reminders.scan(today=DUE - timedelta(days=30))
        services.close_deadline(target=chain["leader"], duty="proposal.lead_reply")
        run_days(DUE - timedelta(days=7), DUE + timedelta(days=10))
        assert list(deadline.reminders.values_list("key", flat=True)) == ["before:30"]

    def test_a_new_due_date_earns_new_reminders(self, chain):
        deadline = open_reply(chain, chain["leader"])
        reminders.scan(today=DUE + timedelta(days=1))
        deadline.refresh_from_db()
        assert deadline.state == Deadline.State.OVERDUE
        open_reply(chain, chain["leader"], due_on=DUE + timedelta(days=90))  # extension approved
        deadline.refresh_from_db()
        assert deadline.state == Deadline.State.OPEN and deadline.reminders.count() == 0
        reminders.scan(today=DUE + timedelta(days=60))
        assert list(deadline.reminders.values_list("key", flat=True)) == ["before:30"]

    def test_inactive_people_are_skipped(self, chain):
        chain["head"].is_active = False
        chain["head"].save()
        open_reply(chain, chain["leader"])
        reminders.scan(today=DUE + timedelta(days=1))
        assert not Notification.objects.filter(recipient=chain["head"]).exists()
        assert kinds_for(chain["liaison"]) == ["deadline.overdue"]


@pytest.mark.django_db
class TestPolicies:
    def test_default_policy_is_created_when_missing(self):
        ReminderPolicy.objects.all().delete()
        reminders.scan(today=DUE)
        default = ReminderPolicy.objects.get(duty="")
        assert default.offsets() == [30, 7, 1] and default.overdue_every_days == 7

    def test_duty_specific_and_wildcard_policies(self, chain):
        ReminderPolicy.objects.create(
            duty="proposal.cosigner_confirm", days_before="2", overdue_every_days=1
        )
        ReminderPolicy.objects.create(duty="opinion.*", days_before="3", overdue_every_days=0)
        confirm = open_reply(chain, chain["leader"], duty="proposal.cosigner_confirm")
        opinion = open_reply(chain, chain["leader"], duty="opinion.edit")
        run_days(DUE - timedelta(days=10), DUE + timedelta(days=3))
        assert list(confirm.reminders.order_by("id").values_list("key", flat=True)) == [
            "before:2",
            "overdue:1",
            "overdue:2",
            "overdue:3",
        ]
        # an overdue cadence of 0 means one overdue reminder only
        assert list(opinion.reminders.order_by("id").values_list("key", flat=True)) == [
            "before:3",
            "overdue:1",
        ]

    def test_policy_validation(self):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            ReminderPolicy(duty="x", days_before="30,七").full_clean()
        assert ReminderPolicy(duty="y", days_before="1，7,30").offsets() == [30, 7, 1]

    def test_duty_labels(self):
        assert str(reminders.duty_label("opinion.edit")) == str(reminders.DUTIES["opinion.*"])
        assert reminders.duty_label("unknown.thing") == "unknown.thing"


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, 60])
def test_a_batch_costs_a_constant_number_of_queries(chain, django_assert_max_num_queries, n):
    for i in range(n):
        DeadlineFactory(
            due_on=DUE - timedelta(days=i % 20),
            responsible=[chain["liaison"]],
            escalation=[[chain["head"].pk], [chain["staff"].pk]],
        )
    reminders.scan(today=DUE - timedelta(days=400))  # creates the default policy
    # bounded by the batches and the distinct reminder keys (here ≤ 3), not by the rows
    with django_assert_max_num_queries(18):
        result = reminders.scan(today=DUE + timedelta(days=1), batch_size=100)
    assert result["reminders"] == n


@pytest.mark.django_db
def test_management_command(chain, capsys):
    open_reply(chain, chain["leader"])
    call_command("send_due_reminders", "--date", "2025-10-21")
    assert "1 reminders" in capsys.readouterr().out
    assert ReminderSent.objects.filter(key="overdue:1").count() == 1


@pytest.mark.django_db
def test_celery_task_is_acks_late_and_idempotent(chain):
    from cppcc_portal.notifications.tasks import send_due_reminders

    assert send_due_reminders.acks_late
    open_reply(chain, chain["leader"], due_on=date.today() + timedelta(days=1))
    send_due_reminders.apply()
    send_due_reminders.apply()  # a redelivered message
    assert ReminderSent.objects.count() == 1


@pytest.mark.django_db
def test_a_crash_mid_run_loses_nothing_and_repeats_nothing(chain):
    for _ in range(10):
        DeadlineFactory(due_on=DUE, responsible=[chain["liaison"]])
    real = reminders.create_notification_rows
    calls = {"n": 0}

    def crash_on_second_batch(*args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real(*args)

    with (
        mock.patch.object(reminders, "create_notification_rows", crash_on_second_batch),
        pytest.raises(RuntimeError),
    ):
        reminders.scan(today=DUE - timedelta(days=1), batch_size=4)
    assert ReminderSent.objects.count() == 4  # the first batch committed as a whole
    assert Notification.objects.count() == 4
    reminders.scan(today=DUE - timedelta(days=1), batch_size=4)  # the next run
    assert ReminderSent.objects.count() == 10
    assert Notification.objects.count() == 10


@pytest.mark.django_db(transaction=True)
class TestConcurrentScanners:
    def _scan_in_threads(self, today, n_threads=2, batch_size=5):
        barrier = threading.Barrier(n_threads)
        results, errors = [], []

        def worker():
            try:
                barrier.wait()
                results.append(reminders.scan(today=today, batch_size=batch_size))
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(n_threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors
        return results

    def test_two_scanners_send_each_reminder_once(self, chain):
        deadlines = [
            DeadlineFactory(
                due_on=DUE + timedelta(days=1 if i % 2 else -1),
                responsible=[chain["liaison"]],
                escalation=[[chain["head"].pk]],
            )
            for i in range(60)
        ]
        ReminderPolicy.objects.get_or_create(duty="")
        results = self._scan_in_threads(DUE)
        assert sum(r["reminders"] for r in results) == 60
        assert ReminderSent.objects.count() == 60
        # 30 before-reminders to the liaison; 30 overdue to the liaison + 30 escalations
        assert Notification.objects.filter(recipient=chain["liaison"]).count() == 60
        assert Notification.objects.filter(recipient=chain["head"]).count() == 30
        assert all(d.reminders.count() == 1 for d in deadlines)

    def test_reply_deadline_walked_by_two_scanners(self, chain):
        deadline = open_reply(chain, chain["leader"])
        for offset in (-30, -7, -1, 1, 8, 15, 22, 29):
            self._scan_in_threads(DUE + timedelta(days=offset), n_threads=3)
        assert list(deadline.reminders.order_by("id").values_list("key", flat=True)) == (
            EXPECTED_KEYS
        )
        assert kinds_for(chain["leader"]) == ["deadline.escalation"] * 3

    def test_rows_locked_by_another_scanner_are_skipped_not_doubled(self, chain):
        locked = DeadlineFactory(due_on=DUE, responsible=[chain["liaison"]])
        free = DeadlineFactory(due_on=DUE, responsible=[chain["liaison"]])
        ReminderPolicy.objects.get_or_create(duty="")
        holding, release = threading.Event(), threading.Event()

        def hold_lock():
            from django.db import transaction

            with transaction.atomic():
                list(Deadline.objects.select_for_update().filter(pk=locked.pk))
                holding.set()
                release.wait(30)
            connection.close()

        t = threading.Thread(target=hold_lock)
        t.start()
        holding.wait(30)
        reminders.scan(today=DUE)
        assert set(ReminderSent.objects.values_list("deadline_id", flat=True)) == {free.pk}
        release.set()
        t.join(30)
        reminders.scan(today=DUE)
        reminders.scan(today=DUE)
        assert ReminderSent.objects.filter(deadline=locked).count() == 1
        assert ReminderSent.objects.count() == 2


@pytest.mark.django_db
def test_reminders_are_delivered_by_mail_and_sms(chain):
    from django.core import mail

    from cppcc_portal.notifications.delivery import deliver_due
    from cppcc_portal.notifications.models import Delivery, NotificationPreference

    NotificationPreference.objects.create(
        user=chain["liaison"], email=True, sms=True, phone="13900001111"
    )
    open_reply(chain, chain["leader"])
    reminders.scan(today=DUE - timedelta(days=7))
    assert sorted(Delivery.objects.values_list("channel", flat=True)) == ["email", "sms"]
    assert deliver_due() == 2
    assert mail.outbox[0].to == [chain["liaison"].email]
    assert "关于加强老旧小区改造的建议" in mail.outbox[0].subject


@pytest.mark.django_db
def test_awkward_titles_survive_the_bulk_path(chain):
    title = 'Tab\there, back\\slash, "quote"\nnew line, 中文'
    DeadlineFactory(due_on=DUE, title=title, responsible=[chain["liaison"]])
    reminders.scan(today=DUE)
    note = Notification.objects.get()
    assert title in note.title and note.body


@pytest.mark.django_db
def test_a_rescan_with_nothing_new_locks_nothing(chain, django_assert_max_num_queries):
    for _ in range(30):
        DeadlineFactory(due_on=DUE, responsible=[chain["liaison"]])
    reminders.scan(today=DUE - timedelta(days=1))
    with django_assert_max_num_queries(5) as ctx:
        assert reminders.scan(today=DUE - timedelta(days=1))["reminders"] == 0
    assert not any("FOR UPDATE" in q["sql"] for q in ctx.captured_queries)
