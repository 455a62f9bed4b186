"""The consultation's and the rectification item's state tables (consultations.workflow) and the
action tables built on them (consultations.actions): which steps each state allows, who is
offered them, the version guard and the timeline's step names."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations import services, workflow
from consultations.actions import CONSULTATION_ACTIONS, RECTIFICATION_ACTIONS
from consultations.models import Consultation, Rectification
from consultations.workflow import (
    MACHINE,
    RECTIFICATION_MACHINE,
    ConsultationState,
    RectificationState,
)

from .factories import ConsultationFactory, RectificationFactory

S, R = ConsultationState, RectificationState


@pytest.mark.parametrize(
    ("state", "steps"),
    [
        (S.PLANNED, ["start_preparing"]),
        (S.PREPARING, ["hold"]),
        (S.HELD, ["send_outcome"]),
        (S.OUTCOME_SENT, ["receive_feedback"]),
        (S.FEEDBACK_RECEIVED, ["close"]),
        (S.CLOSED, []),
    ],
)
def test_each_consultation_state_allows_its_one_step(state, steps):
    assert MACHINE.actions_from(state) == steps


def test_the_flags_say_what_each_state_allows():
    assert MACHINE.states_where("materials") == {S.PLANNED, S.PREPARING}
    assert MACHINE.states_where("meetings") == {S.PLANNED, S.PREPARING, S.HELD}
    assert MACHINE.states_where("speeches") == {S.PLANNED, S.PREPARING, S.HELD}
    assert MACHINE.states_where("terminal") == {S.CLOSED}
    assert set(R.values) - {R.VERIFIED} == workflow.LIVE_RECTIFICATION_STATES


def test_a_step_the_state_does_not_allow_is_refused_naming_the_state():
    with pytest.raises(ValidationError) as caught:
        MACHINE.check(S.CLOSED, "hold")
    assert caught.value.code == "state"
    assert str(S.CLOSED.label) in caught.value.messages[0]
    with pytest.raises(ValidationError):
        RECTIFICATION_MACHINE.check(R.VERIFIED, "reopen")


def test_every_action_is_a_step_of_its_table_with_its_label():
    assert [a.name for a in CONSULTATION_ACTIONS] == list(workflow.CONSULTATION_TRANSITIONS)
    for action in CONSULTATION_ACTIONS:
        assert action.label == workflow.CONSULTATION_TRANSITIONS[action.name].label
    for action in RECTIFICATION_ACTIONS:
        assert action.name in workflow.RECTIFICATION_TRANSITIONS


@pytest.mark.django_db
def test_only_staff_are_offered_the_step_the_state_allows(staff, leader):
    c = ConsultationFactory(state=S.HELD)
    assert list(CONSULTATION_ACTIONS.available(staff, c)) == ["send_outcome"]
    assert CONSULTATION_ACTIONS.available(leader, c) == {}
    item = RectificationFactory(state=R.REOPENED)
    assert list(RECTIFICATION_ACTIONS.available(staff, item)) == ["start", "report"]
    assert RECTIFICATION_ACTIONS.available(leader, item) == {}


@pytest.mark.django_db
def test_every_step_bumps_the_version_and_names_itself_in_the_timeline(staff):
    c = services.create_unplanned_consultation(
        actor=staff,
        topic="协商",
        form=ConsultationFactory().form,
        scheduled_on=timezone.localdate(),
    )
    assert c.version == 0
    services.start_preparing(actor=staff, consultation=c, version=0)
    assert c.version == 1 and Consultation.objects.get(pk=c.pk).version == 1
    assert list(c.events.values_list("action", "from_state", "to_state")) == [
        ("schedule", "", "planned"),
        ("start_preparing", "planned", "preparing"),
    ]


@pytest.mark.django_db
def test_a_stale_page_is_told_to_reload_and_keeps_what_was_typed(client_for, staff):
    c = ConsultationFactory(state=S.PREPARING)
    seen = c.version
    other = Consultation.objects.get(pk=c.pk)
    services.record_held(actor=staff, consultation=other, held_on=timezone.localdate(), venue="甲")
    response = client_for(staff).post(
        reverse("consultations:step", args=[c.pk, "hold"]),
        {"version": seen, "held_on": timezone.localdate().isoformat(), "venue": "我填的会场"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "刷新" in page and "我填的会场" in page
    c.refresh_from_db()
    assert c.venue == "甲" and c.events.count() == 1


@pytest.mark.django_db
def test_a_stale_rectification_page_is_refused(client_for, staff):
    item = RectificationFactory(state=R.RECTIFYING)
    seen = item.version
    services.report_rectification(
        actor=staff,
        item=Rectification.objects.get(pk=item.pk),
        feedback="已整改",
        reported_on=timezone.localdate(),
    )
    response = client_for(staff).post(
        reverse("consultations:rectification_step", args=[item.pk, "report"]),
        {"version": seen, "feedback": "再报", "reported_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.feedback == "已整改" and item.state == R.REPORTED


@pytest.mark.django_db
def test_steps_are_refused_to_others_and_unknown_steps_are_404(client_for, staff, leader):
    c = ConsultationFactory()
    url = reverse("consultations:step", args=[c.pk, "start_preparing"])
    assert client_for(leader).post(url, {"version": c.version}).status_code == 403
    assert (
        client_for(staff).post(reverse("consultations:step", args=[c.pk, "nonsense"])).status_code
        == 404
    )
    assert client_for(staff).post(url, {"version": c.version}).status_code == 302
    assert Consultation.objects.get(pk=c.pk).state == S.PREPARING
