"""Delivery through e-mail and SMS: after commit, surviving a dead broker, retried with backoff."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cppcc_portal.notifications import delivery, services
from cppcc_portal.notifications.models import Delivery, Notification, NotificationPreference

from .factories import DeliveryFactory


def queued_messages():
    return redis.Redis.from_url(settings.CELERY_BROKER_URL).llen(settings.CELERY_TASK_DEFAULT_QUEUE)


@pytest.mark.django_db(transaction=True)
class TestBrokerDown:
    def test_submission_succeeds_and_delivery_waits_for_the_broker(self, make_user, broker, caplog):
        member = make_user("member")
        broker.down()
        with caplog.at_level(logging.WARNING), transaction.atomic():
            # what a proposal submission does inside its transaction
            services.notify(recipients=[member], kind="proposal.submitted", title="提案已提交")
        assert "broker unreachable" in caplog.text
        note = Notification.objects.get(recipient=member)  # the transaction committed
        d = note.deliveries.get()
        assert d.state == Delivery.State.PENDING and not mail.outbox

        broker.up()
        assert delivery.deliver_due() == 1  # the periodic scan, once Redis is back
        assert delivery.deliver_due() == 0
        d.refresh_from_db()
        assert d.state == Delivery.State.SENT and d.attempts == 1
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]
        assert delivery.deliver_one(d.pk) is False  # a late task for it sends nothing

    def test_with_the_broker_up_the_task_is_queued_after_commit(self, make_user, broker):
        broker.up()
        member = make_user("member")
        before = queued_messages()
        with transaction.atomic():
            services.notify(recipients=[member], kind="x", title="标题")
            assert queued_messages() == before  # nothing is sent before the commit
        assert queued_messages() == before + 1
        pk = Delivery.objects.get().pk
        assert delivery.deliver_one(pk) is True  # the worker
        assert delivery.deliver_one(pk) is False  # a redelivered message
        assert len(mail.outbox) == 1

    def test_a_rolled_back_transaction_notifies_nobody(self, make_user):
        member = make_user("member")
        with pytest.raises(RuntimeError), transaction.atomic():
            services.notify(recipients=[member], kind="x", title="标题")
            raise RuntimeError
        assert not Notification.objects.exists()


@pytest.mark.django_db
class TestRetry:
    def test_failure_backs_off_then_fails(self):
        d = DeliveryFactory(next_attempt_at=timezone.now())
        with mock.patch.object(delivery, "send_mail", side_effect=OSError("SMTP down")):
            assert delivery.deliver_one(d.pk) is False
            d.refresh_from_db()
            assert d.state == Delivery.State.PENDING and d.attempts == 1
            assert "SMTP down" in d.last_error
            assert d.next_attempt_at > timezone.now() + timedelta(minutes=1)
            assert delivery.deliver_due() == 0  # not due yet
            for _ in range(delivery.MAX_ATTEMPTS - 1):
                Delivery.objects.filter(pk=d.pk).update(next_attempt_at=timezone.now())
                delivery.deliver_due()
        d.refresh_from_db()
        assert d.state == Delivery.State.FAILED and d.attempts == delivery.MAX_ATTEMPTS
        assert delivery.deliver_due() == 0

    def test_backoff_grows(self):
        waits = [delivery.backoff(n) for n in range(1, 6)]
        assert waits == sorted(waits) and waits[0] == timedelta(minutes=2)

    def test_staff_retry_a_failed_delivery(self, make_user):
        staff = make_user("proposal_staff")
        d = DeliveryFactory(state=Delivery.State.FAILED, attempts=6, last_error="x")
        services.retry_delivery(actor=staff, delivery_id=d.pk)
        d.refresh_from_db()
        assert d.state == Delivery.State.PENDING and d.attempts == 0
        assert delivery.deliver_due() == 1
        d.refresh_from_db()
        assert d.state == Delivery.State.SENT

    def test_retry_refusals(self, make_user):
        d = DeliveryFactory(state=Delivery.State.FAILED)
        with pytest.raises(PermissionDenied):
            services.retry_delivery(actor=make_user("member"), delivery_id=d.pk)
        with pytest.raises(PermissionDenied):
            services.retry_delivery(actor=make_user("leader"), delivery_id=d.pk)
        sent = DeliveryFactory(state=Delivery.State.SENT)
        with pytest.raises(ValidationError):
            services.retry_delivery(actor=make_user("opinion_staff"), delivery_id=sent.pk)


@pytest.mark.django_db
class TestChannels:
    def test_preferences_pick_the_channels(self, make_user, caplog):
        by_default = make_user("member")
        sms_only = make_user("member")
        NotificationPreference.objects.create(
            user=sms_only, email=False, sms=True, phone="13912345678"
        )
        no_email = make_user("member", email="")
        services.notify(recipients=[by_default, sms_only, no_email], kind="x", title="会议通知")
        channels = dict(
            Delivery.objects.values_list("notification__recipient__username", "channel")
        )
        assert channels == {by_default.username: "email", sms_only.username: "sms"}
        assert Notification.objects.filter(recipient=no_email).exists()  # the bell still shows it
        with caplog.at_level(logging.INFO, logger="cppcc_portal.notifications.channels"):
            assert delivery.deliver_due() == 2
        assert "***5678" in caplog.text and "13912345678" not in caplog.text

    def test_gateway_without_url_fails_and_is_retried(self, make_user, settings):
        settings.SMS_BACKEND = "cppcc_portal.notifications.channels.HttpGatewaySmsBackend"
        settings.SMS_GATEWAY_URL = ""
        user = make_user("member")
        NotificationPreference.objects.create(user=user, email=False, sms=True, phone="13912345678")
        services.notify(recipients=[user], kind="x", title="会议通知")
        assert delivery.deliver_due() == 0
        d = Delivery.objects.get()
        assert d.state == Delivery.State.PENDING and "SMS_GATEWAY_URL" in d.last_error

    def test_gateway_posts_the_template(self, make_user, settings):
        settings.SMS_BACKEND = "cppcc_portal.notifications.channels.HttpGatewaySmsBackend"
        settings.SMS_GATEWAY_URL = "http://sms.example.invalid/send"
        user = make_user("member")
        NotificationPreference.objects.create(user=user, email=False, sms=True, phone="13912345678")
        services.notify(recipients=[user], kind="x", title='会议"通知"')
        response = mock.MagicMock(status=200)
        response.__enter__.return_value = response
        with mock.patch("urllib.request.urlopen", return_value=response) as urlopen:
            assert delivery.deliver_due() == 1
        body = urlopen.call_args.args[0].data.decode()
        assert '"mobile": "13912345678"' in body and '会议\\"通知\\"' in body


@pytest.mark.django_db
def test_deliver_pending_works_through_every_round(monkeypatch):
    from cppcc_portal.notifications.tasks import deliver_pending

    DeliveryFactory.create_batch(7, next_attempt_at=timezone.now())
    real = delivery.deliver_due
    monkeypatch.setattr(delivery, "deliver_due", lambda limit=500: real(limit=3))
    deliver_pending.apply()
    assert not Delivery.objects.filter(state=Delivery.State.PENDING).exists()
    assert len(mail.outbox) == 7
