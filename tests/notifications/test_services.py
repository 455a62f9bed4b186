from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cppcc_portal.notifications import services
from cppcc_portal.notifications.models import Deadline, Notification, NotificationPreference

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_notify_skips_inactive_and_duplicate_recipients(make_user):
    a, b = make_user("member"), make_user("member", is_active=False)
    notes = services.notify(recipients=[a, a, b, None], kind="x", title="t" * 300, target=a)
    assert len(notes) == 1 and notes[0].target == a and len(notes[0].title) == 200
    assert services.notify(recipients=[], kind="x", title="t") == []


class TestDeadlines:
    def test_open_is_idempotent_and_close_records_lateness(
        self, make_user, django_capture_on_commit_callbacks
    ):
        liaison, target = make_user("unit_liaison"), make_user()
        first = services.open_deadline(
            target=target,
            duty="proposal.lead_reply",
            due_on=date(2025, 10, 9),
            responsible=[liaison],
            title="答复",
            unit_id=3,
            unit_name="区教育局",
        )
        again = services.open_deadline(
            target=target,
            duty="proposal.lead_reply",
            due_on=date(2025, 10, 9),
            responsible=[liaison],
            title="答复",
            unit_id=3,
            unit_name="区教育局",
        )
        assert first.pk == again.pk and again.unit_name == "区教育局"
        assert list(again.responsible.all()) == [liaison]
        assert services.close_deadline(target=target, duty="proposal.lead_reply") == 1
        d = Deadline.objects.get()
        assert d.state == Deadline.State.MET and d.met_late  # 2025 is past
        assert services.close_deadline(target=target, duty="proposal.lead_reply") == 0
        # a closed duty may be opened again (e.g. a rehandling round)
        services.open_deadline(
            target=target,
            duty="proposal.lead_reply",
            due_on=date(2031, 1, 6),
            responsible=[liaison],
            title="答复",
        )
        services.close_deadline(target=target, duty="proposal.lead_reply", cancelled=True)
        assert list(services.deadlines_for(target).values_list("state", flat=True)) == [
            "met",
            "cancelled",
        ]


class TestOwnNotifications:
    def test_mark_read_only_ones_own(self, make_user):
        me, other = make_user("member"), make_user("member")
        mine, theirs = NotificationFactory(recipient=me), NotificationFactory(recipient=other)
        services.mark_read(user=me, notification_id=mine.pk)
        with pytest.raises(Notification.DoesNotExist):
            services.mark_read(user=me, notification_id=theirs.pk)
        NotificationFactory(recipient=me)
        assert services.mark_all_read(user=me) == 1
        theirs.refresh_from_db()
        assert theirs.read_at is None

    def test_preferences(self, make_user):
        me = make_user("member")
        pref = services.save_preferences(user=me, email=False, sms=True, phone="13800001111")
        assert NotificationPreference.objects.get(user=me) == pref and pref.sms
        with pytest.raises(ValidationError):
            services.save_preferences(user=me, email=True, sms=True, phone="")
