"""The consultation outcome has its own deadline (DOMAIN §4, issue 17): sent within [L] working
days of the meeting — opened when the meeting is recorded as held, for the consultation staff
as a role, met (late or not by the day it was sent) when the outcome goes out; the feedback
deadline then runs on its own."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultations import services
from consultations.models import ConsultationSettings
from consultations.workflow import ConsultationState
from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.calendar import add_working_days
from cppcc_portal.notifications.models import Deadline, Notification

from ..factories import ConsultationFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _held(staff, held_on=None):
    c = ConsultationFactory(state=ConsultationState.PREPARING)
    services.record_held(
        actor=staff, consultation=c, held_on=held_on or TODAY(), venue="会议室", minutes="纪要"
    )
    return c


def _deadline(c, duty):
    return Deadline.objects.get(duty=duty, target_id=c.pk)


def _send(staff, c, sent_on):
    services.send_outcome(
        actor=staff,
        consultation=c,
        outcome_kind="report",
        outcome_title="建议报告",
        outcome_text="建议……",
        sent_on=sent_on,
    )


def test_holding_the_meeting_opens_the_outcome_deadline_for_the_staff_role(staff):
    ConsultationSettings.objects.update(outcome_working_days=5)
    c = _held(staff)
    assert c.outcome_due_on == add_working_days(TODAY(), 5)
    deadline = _deadline(c, services.OUTCOME_DUTY)
    assert deadline.due_on == c.outcome_due_on and deadline.state == "open"
    assert deadline.parties == [f"role:{Role.CONSULTATION_STAFF}"]
    assert Notification.objects.filter(recipient=staff, kind="consultation.outcome_due").exists()


def test_the_default_is_seven_working_days(staff):
    assert ConsultationSettings.current().outcome_working_days == 7
    c = _held(staff)
    assert c.outcome_due_on == add_working_days(TODAY(), 7)


def test_sending_the_outcome_meets_it_and_opens_the_feedback_deadline(staff):
    c = _held(staff)
    _send(staff, c, TODAY())
    outcome = _deadline(c, services.OUTCOME_DUTY)
    assert outcome.state == "met" and not outcome.met_late
    assert _deadline(c, services.FEEDBACK_DUTY).state == "open"


def test_an_outcome_sent_after_its_due_date_is_met_late(staff):
    ConsultationSettings.objects.update(outcome_working_days=1)
    held_on = TODAY() - timedelta(days=20)
    c = _held(staff, held_on=held_on)
    _send(staff, c, TODAY())
    outcome = _deadline(c, services.OUTCOME_DUTY)
    assert outcome.state == "met" and outcome.met_late


def test_an_outcome_recorded_late_but_sent_in_time_is_not_late(staff):
    ConsultationSettings.objects.update(outcome_working_days=1)
    held_on = TODAY() - timedelta(days=20)
    c = _held(staff, held_on=held_on)
    _send(staff, c, held_on)
    assert not _deadline(c, services.OUTCOME_DUTY).met_late


def test_a_refused_outcome_leaves_its_deadline_open(staff):
    c = _held(staff)
    with pytest.raises(ValidationError):
        services.send_outcome(
            actor=staff, consultation=c, outcome_kind="report", outcome_title="t", sent_on=TODAY()
        )
    assert _deadline(c, services.OUTCOME_DUTY).state == "open"


def test_the_setting_is_bounded_in_the_admin():
    settings = ConsultationSettings.current()
    settings.outcome_working_days = 0
    with pytest.raises(ValidationError):
        settings.full_clean()
