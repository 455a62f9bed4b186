"""A consultation's life: its steps, refusals, the stale guard, outcome and feedback."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from consultations import services
from consultations.models import (
    Consultation,
    ConsultationSettings,
    Meeting,
)
from cppcc_portal.notifications.calendar import add_working_days
from cppcc_portal.notifications.models import Deadline, Notification

from ..factories import (
    ConsultationFactory,
    MeetingFactory,
    SpeechFactory,
)
from .helpers import TODAY, to_held

pytestmark = pytest.mark.django_db


def test_full_life_with_deadline_and_feedback(staff, make_member):
    ConsultationSettings.objects.update(feedback_working_days=3)
    c = ConsultationFactory()
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c)
    member = make_member()
    speech = SpeechFactory(meeting=meeting, member=member)
    to_held(staff, c)
    assert c.state == "held"
    services.send_outcome(
        actor=staff,
        consultation=c,
        outcome_kind="report",
        outcome_title="建议报告",
        outcome_text="建议……",
        sent_on=TODAY(),
    )
    assert c.state == "outcome_sent"
    assert c.feedback_due_on == add_working_days(TODAY(), 3)
    deadline = Deadline.objects.get(duty=services.FEEDBACK_DUTY, target_id=c.pk)
    assert deadline.due_on == c.feedback_due_on and deadline.state == "open"
    assert Notification.objects.filter(recipient=staff, kind="consultation.feedback_due").exists()
    fb = services.record_feedback(
        actor=staff,
        consultation=c,
        result="partly",
        received_on=TODAY(),
        text="部分采纳",
        leader_instructions="请研究",
        speeches=[speech],
    )
    assert list(fb.speeches.all()) == [speech]
    deadline.refresh_from_db()
    assert deadline.state == "met"
    services.close_consultation(actor=staff, consultation=c)
    assert c.state == "closed"
    assert list(c.events.values_list("to_state", flat=True)) == [
        "preparing",
        "held",
        "outcome_sent",
        "feedback_received",
        "closed",
    ]


def test_illegal_moves_are_refused(staff, leader):
    c = ConsultationFactory()
    with pytest.raises(ValidationError):
        services.record_held(actor=staff, consultation=c, held_on=TODAY(), venue="室")
    with pytest.raises(ValidationError):
        services.close_consultation(actor=staff, consultation=c)
    with pytest.raises(PermissionDenied):
        services.start_preparing(actor=leader, consultation=c)
    services.start_preparing(actor=staff, consultation=c)
    with pytest.raises(ValidationError):
        services.record_held(
            actor=staff, consultation=c, held_on=TODAY() + timedelta(days=2), venue="室"
        )
    with pytest.raises(ValidationError):
        services.record_held(actor=staff, consultation=c, held_on=TODAY(), venue=" ")


def test_stale_and_concurrent_transitions_are_refused(staff):
    c = ConsultationFactory()
    with pytest.raises(ValidationError, match="changed|修改"):
        # a page built on another version than the stored one
        services.start_preparing(actor=staff, consultation=c, version=c.version + 1)
    first = Consultation.objects.get(pk=c.pk)
    second = Consultation.objects.get(pk=c.pk)
    services.start_preparing(actor=staff, consultation=first)
    with pytest.raises(ValidationError):
        services.start_preparing(actor=staff, consultation=second)
    assert Consultation.objects.get(pk=c.pk).events.count() == 1


def test_outcome_and_feedback_refusals(staff):
    c = to_held(staff, ConsultationFactory())
    with pytest.raises(ValidationError):
        services.send_outcome(
            actor=staff, consultation=c, outcome_kind="report", outcome_title="t", sent_on=TODAY()
        )
    with pytest.raises(ValidationError):
        services.send_outcome(
            actor=staff,
            consultation=c,
            outcome_kind="report",
            outcome_title="t",
            outcome_text="x",
            sent_on=TODAY() - timedelta(days=5),
        )
    services.send_outcome(
        actor=staff,
        consultation=c,
        outcome_kind="minutes",
        outcome_title="t",
        outcome_text="x",
        sent_on=TODAY(),
    )
    other = SpeechFactory()
    with pytest.raises(ValidationError):
        services.record_feedback(
            actor=staff,
            consultation=c,
            result="adopted",
            received_on=TODAY(),
            text="好",
            speeches=[other],
        )
    with pytest.raises(ValidationError):
        services.record_feedback(
            actor=staff, consultation=c, result="adopted", received_on=TODAY(), text=" "
        )


def test_materials_only_before_the_meeting(staff):
    c = ConsultationFactory()
    m = services.add_material(
        actor=staff, consultation=c, kind="briefing", title="通报", summary="内容"
    )
    assert m.pk
    with pytest.raises(ValidationError):
        services.add_material(actor=staff, consultation=c, kind="briefing", title="空")
    to_held(staff, c)
    with pytest.raises(ValidationError):
        services.add_material(actor=staff, consultation=c, kind="briefing", title="迟", summary="x")
