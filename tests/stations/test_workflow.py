"""The residents' opinions' state table (stations.workflow) and the action table built on it
(stations.actions): what each state counts as, which steps it allows, who is offered them."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from cppcc_portal.accounts.roles import Role
from stations import rules, workflow
from stations.actions import ACTIONS
from stations.models import Opinion, OpinionEvent
from stations.workflow import MACHINE, OpinionState

from .factories import OpinionFactory

S = OpinionState


def test_the_state_sets_come_from_the_flags():
    assert {S.RESOLVED, S.CLOSED} == workflow.SOLVED_STATES
    assert {S.RECEIVED, S.IN_PROGRESS, S.REFERRED, S.REPORTED, S.PROPOSED} == workflow.OPEN_STATES
    assert {S.RECEIVED, S.IN_PROGRESS, S.REFERRED} == workflow.TO_HANDLE_STATES
    assert {S.REPORTED} == workflow.REPORT_PENDING_STATES
    assert MACHINE.states_where("terminal") == {S.CLOSED}
    assert MACHINE.states_where("with_department") == {S.REFERRED}


@pytest.mark.parametrize(
    ("state", "steps"),
    [
        (S.RECEIVED, ["start", "resolve", "refer", "convert_report", "convert_proposal"]),
        (S.IN_PROGRESS, ["resolve", "refer", "convert_report", "convert_proposal"]),
        (S.REFERRED, ["answer", "close"]),
        (S.RESOLVED, ["close"]),
        (S.REPORTED, ["close"]),
        (S.PROPOSED, ["close"]),
        (S.CLOSED, []),
    ],
)
def test_each_state_allows_its_steps(state, steps):
    assert MACHINE.actions_from(state) == steps


def test_a_step_the_state_does_not_allow_is_refused_naming_the_state():
    with pytest.raises(ValidationError) as caught:
        MACHINE.check(S.CLOSED, "answer")
    assert caught.value.code == "state"
    assert str(S.CLOSED.label) in caught.value.messages[0]


def test_every_action_is_a_step_of_the_table_with_its_label():
    assert [a.name for a in ACTIONS] == list(workflow.TRANSITIONS)
    for action in ACTIONS:
        assert action.label == workflow.TRANSITIONS[action.name].label


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "offered"),
    [
        (Role.STATION_MANAGER, {"start", "resolve", "refer", "convert_report", "convert_proposal"}),
        (Role.LIAISON_STAFF, {"start", "resolve", "refer", "convert_proposal"}),  # no report
        (Role.LEADER, set()),  # reads only
        (Role.OPINION_STAFF, set()),  # a converter role, but not on this station
    ],
)
def test_the_page_offers_what_the_rules_admit_and_the_state_allows(
    role_users, station, role, offered
):
    user = role_users[role]
    opinion = OpinionFactory(station=station)
    assert set(ACTIONS.available(user, opinion)) == offered
    opinion.state = S.REFERRED
    assert set(ACTIONS.available(user, opinion)) == ({"answer", "close"} if offered else set())
    opinion.state = S.CLOSED
    assert ACTIONS.available(user, opinion) == {}


@pytest.mark.django_db
def test_the_conversion_rules(role_users, station, head_user):
    opinion = OpinionFactory(station=station)
    manager, liaison = role_users[Role.STATION_MANAGER], role_users[Role.LIAISON_STAFF]
    assert rules.may_convert_report(manager, opinion) and rules.may_convert_proposal(
        manager, opinion
    )
    assert not rules.may_convert_report(liaison, opinion)
    assert rules.may_convert_proposal(liaison, opinion)
    assert not rules.may_handle(head_user, opinion)  # the head of another station
    assert not rules.may_convert_proposal(head_user, opinion)


@pytest.mark.django_db
def test_the_migration_names_the_step_of_every_event_written_before(station):
    from importlib import import_module

    fill_actions = import_module("stations.migrations.0003_timeline_event_kernel").fill_actions
    opinion = OpinionFactory(station=station)
    for from_state, to_state in [
        ("", S.RECEIVED),
        (S.RECEIVED, S.REFERRED),
        (S.REFERRED, S.REFERRED),
        (S.REFERRED, S.CLOSED),
    ]:
        OpinionEvent.objects.create(opinion=opinion, from_state=from_state, to_state=to_state)
    fill_actions(apps, None)
    assert [e.action for e in Opinion.objects.get(pk=opinion.pk).events.all()] == [
        "receive",
        "refer",
        "answer",
        "close",
    ]
