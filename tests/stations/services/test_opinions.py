"""Residents' opinions: each step of their life, its refusals, the conversions, problems solved."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.models import Deadline
from members.models import Member
from stations import selectors, services
from stations.models import Opinion
from stations.workflow import OpinionState
from tests.factories import HandlingUnitFactory, MemberFactory

from ..factories import ActivityFactory, OpinionFactory

pytestmark = pytest.mark.django_db


def test_opinion_life_resolved_on_the_spot_counts_as_solved(role_users, station):
    manager = role_users[Role.STATION_MANAGER]
    opinion = OpinionFactory(station=station)
    opinion = services.start_handling(actor=manager, opinion=opinion)
    assert opinion.state == OpinionState.IN_PROGRESS
    with pytest.raises(ValidationError):
        services.resolve_on_spot(actor=manager, opinion=opinion, result=" ")
    opinion = services.resolve_on_spot(actor=manager, opinion=opinion, result="已修好路灯")
    assert opinion.state == OpinionState.RESOLVED and opinion.resolved_at
    assert selectors.problems_solved() == 1
    assert selectors.problems_solved(year=timezone.localdate().year) == 1
    assert selectors.problems_solved_by_station() == {station.pk: 1}
    assert selectors.public_status(opinion)["resolved"] is True
    opinion = services.close_opinion(actor=manager, opinion=opinion, result="已告知居民")
    assert opinion.state == OpinionState.CLOSED and selectors.problems_solved() == 1
    assert [e.to_state for e in opinion.events.all()] == ["in_progress", "resolved", "closed"]


def test_stale_transition_is_refused(role_users, station):
    manager = role_users[Role.STATION_MANAGER]
    opinion = OpinionFactory(station=station)
    stale = Opinion.objects.get(pk=opinion.pk)
    services.resolve_on_spot(actor=manager, opinion=opinion, result="已解决")
    with pytest.raises(ValidationError, match="当场解决|Resolved"):
        services.refer_to_department(actor=manager, opinion=stale, department=HandlingUnitFactory())


def test_referral_opens_a_deadline_and_closing_needs_the_answer(role_users, station):
    manager = role_users[Role.STATION_MANAGER]
    unit = HandlingUnitFactory()
    opinion = services.refer_to_department(
        actor=manager, opinion=OpinionFactory(station=station), department=unit
    )
    deadline = Deadline.objects.get(duty=services.REFERRAL_DUTY, target_id=opinion.pk)
    assert deadline.state == Deadline.State.OPEN and deadline.due_on == opinion.referral_due_on
    assert manager in deadline.responsible.all()
    with pytest.raises(ValidationError):
        services.close_opinion(actor=manager, opinion=opinion, result="结果")
    opinion = services.record_department_answer(actor=manager, opinion=opinion, answer="已列入计划")
    deadline.refresh_from_db()
    assert deadline.state == Deadline.State.MET
    opinion = services.close_opinion(actor=manager, opinion=opinion, result="已列入计划")
    assert opinion.state == OpinionState.CLOSED
    with pytest.raises(ValidationError):
        services.record_department_answer(actor=manager, opinion=opinion, answer="再答")
    with pytest.raises(ValidationError):  # a deadline in the past is refused
        services.refer_to_department(
            actor=manager,
            opinion=OpinionFactory(station=station),
            department=unit,
            due_on=timezone.localdate() - timedelta(days=1),
        )


def test_opinion_refusals_by_role(role_users, station, head_user):
    opinion = OpinionFactory(station=station)
    for user in (head_user, role_users[Role.LEADER], role_users[Role.MEMBER]):
        with pytest.raises(PermissionDenied):
            services.start_handling(actor=user, opinion=opinion)
    # liaison staff may act on every station
    assert services.start_handling(actor=role_users[Role.LIAISON_STAFF], opinion=opinion).state == (
        OpinionState.IN_PROGRESS
    )
    with pytest.raises(ValidationError):  # closing before an outcome is not a step
        services.close_opinion(actor=role_users[Role.LIAISON_STAFF], opinion=opinion, result="x")


def test_record_opinion_at_an_activity(role_users, station, other_station):
    manager = role_users[Role.STATION_MANAGER]
    activity = ActivityFactory(station=station)
    opinion = services.record_opinion(
        actor=manager,
        station=station,
        category="health",
        content="希望卫生站周末开门。",
        activity=activity,
    )
    assert opinion.source == Opinion.Source.ACTIVITY
    with pytest.raises(ValidationError):
        services.record_opinion(
            actor=manager,
            station=station,
            category="health",
            content="希望卫生站周末开门。",
            activity=ActivityFactory(station=other_station),
        )


def test_convert_to_report_and_resolved_when_adopted(role_users, station):
    from opinions import services as report_services
    from opinions.selectors import reports_for_source

    manager = role_users[Role.STATION_MANAGER]
    member = station.assignments.first().member
    opinion = OpinionFactory(station=station)
    with pytest.raises(ValidationError):
        services.convert_to_report(
            actor=manager, opinion=opinion, member=member, title="", content="x"
        )
    with pytest.raises(PermissionDenied):  # the opinions part does not admit liaison staff
        services.convert_to_report(
            actor=role_users[Role.LIAISON_STAFF],
            opinion=opinion,
            member=member,
            title="t",
            content="小区路灯坏了，居民夜间出行不便，建议尽快维修。",
        )
    opinion = services.convert_to_report(
        actor=manager,
        opinion=opinion,
        member=member,
        title="关于修复小区路灯的建议",
        content="小区路灯坏了很久，居民夜间出行不便，建议尽快维修。",
    )
    report = reports_for_source(opinion).get()
    assert opinion.state == OpinionState.REPORTED and opinion.taken_up_by == member
    assert opinion.conversion == report and report.member == member
    assert selectors.public_status(opinion)["resolved"] is False
    assert selectors.problems_solved() == 0
    report_services.start_editing(actor=role_users[Role.OPINION_STAFF], report=report)
    report_services.adopt_report(
        actor=role_users[Role.OPINION_STAFF], report=report, signed_off_by="李秘书长"
    )
    assert selectors.public_status(opinion)["resolved"] is True
    assert selectors.problems_solved() == 1
    assert selectors.problems_solved(year=timezone.localdate().year) == 1
    assert selectors.problems_solved_by_station() == {station.pk: 1}
    assert selectors.station_counts([station.pk])[station.pk]["solved"] == 1


def test_convert_to_proposal_needs_a_sitting_member(role_users, station):
    from proposals.models import Proposal
    from tests.factories import SessionFactory

    SessionFactory()  # the draft goes into the current session

    manager = role_users[Role.STATION_MANAGER]
    gone = MemberFactory(status=Member.Status.LEFT)
    opinion = OpinionFactory(station=station)
    with pytest.raises(ValidationError):
        services.convert_to_proposal(
            actor=manager, opinion=opinion, member=gone, title="t", analysis="a", suggestions="s"
        )
    member = station.assignments.first().member
    opinion = services.convert_to_proposal(
        actor=manager, opinion=opinion, member=member, title="t", analysis="a", suggestions="s"
    )
    proposal = Proposal.objects.get(first_proposer=member, title="t")
    assert opinion.state == OpinionState.PROPOSED and opinion.conversion == proposal
    assert proposal.source == opinion and proposal.status == "draft"
    opinion = services.close_opinion(actor=manager, opinion=opinion, result="委员已提交提案")
    assert opinion.state == OpinionState.CLOSED


def test_every_step_bumps_the_version_and_names_itself_in_the_timeline(role_users, station):
    manager = role_users[Role.STATION_MANAGER]
    opinion = services.record_opinion(
        actor=manager, station=station, category="urban", content="小区门口的路灯不亮了。"
    )
    assert opinion.version == 0
    services.start_handling(actor=manager, opinion=opinion, note="先去看看")
    assert opinion.state == OpinionState.IN_PROGRESS and opinion.version == 1  # the caller's too
    services.refer_to_department(actor=manager, opinion=opinion, department=HandlingUnitFactory())
    services.record_department_answer(actor=manager, opinion=opinion, answer="已列入计划")
    services.close_opinion(actor=manager, opinion=opinion, result="已告知居民")
    assert Opinion.objects.get(pk=opinion.pk).version == opinion.version == 4
    events = list(opinion.events.all())
    assert [e.action for e in events] == ["receive", "start", "refer", "answer", "close"]
    answer = events[3]
    assert answer.from_state == answer.to_state == OpinionState.REFERRED
    assert answer.actor == manager and answer.comment == "已列入计划"


def test_a_write_the_page_did_not_see_is_refused_as_stale_even_in_the_same_state(
    role_users, station
):
    manager = role_users[Role.STATION_MANAGER]
    opinion = services.refer_to_department(
        actor=manager, opinion=OpinionFactory(station=station), department=HandlingUnitFactory()
    )
    page = Opinion.objects.get(pk=opinion.pk)  # what a second page was built on
    services.record_department_answer(actor=manager, opinion=opinion, answer="已列入计划")
    with pytest.raises(ValidationError) as caught:
        services.record_department_answer(actor=manager, opinion=page, answer="另一个答复")
    assert caught.value.code == "stale"
    assert Opinion.objects.get(pk=opinion.pk).department_answer == "已列入计划"
