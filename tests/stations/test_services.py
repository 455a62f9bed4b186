import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.models import Deadline, Notification
from members.models import DutyKind, DutyRecord, Member
from stations import selectors, services
from stations.models import Assignment, Opinion
from stations.workflow import OpinionState
from tests.factories import HandlingUnitFactory, MemberFactory

from .factories import ActivityFactory, AssignmentFactory, OpinionFactory, StationFactory

pytestmark = pytest.mark.django_db


def _jpeg(name="p.jpg", size=(1200, 800)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


# --- Assignments ----------------------------------------------------------------------------


def test_one_open_assignment_per_member_and_kind_is_enforced_by_the_database(station):
    member = station.assignments.first().member
    other = StationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(station=other, member=member)


def test_assign_members_moves_a_member_and_ends_the_old_assignment(role_users, station):
    staff = role_users[Role.LIAISON_STAFF]
    member = station.assignments.first().member
    other = StationFactory()
    n = services.assign_members(actor=staff, station=other, members=[member])
    assert n == 1
    open_ = Assignment.objects.filter(member=member, until__isnull=True)
    assert [a.station for a in open_] == [other]
    assert Assignment.objects.filter(member=member, station=station).get().until is not None
    # assigning again to the same station changes nothing
    assert services.assign_members(actor=staff, station=other, members=[member]) == 0


def test_assign_members_refusals(role_users, station, sitting_member):
    with pytest.raises(PermissionDenied):
        services.assign_members(
            actor=role_users[Role.STATION_MANAGER], station=station, members=[sitting_member]
        )
    sitting_member.status = Member.Status.LEFT
    sitting_member.save()
    with pytest.raises(ValidationError):
        services.assign_members(
            actor=role_users[Role.LIAISON_STAFF], station=station, members=[sitting_member]
        )


def test_unassigned_members_and_assignment_by_street(role_users, station, sitting_member):
    sitting_member.street = station.street
    sitting_member.save()
    left = MemberFactory(status=Member.Status.LEFT, street=station.street)
    unassigned = list(selectors.unassigned_members())
    assert sitting_member in unassigned and left not in unassigned
    assert all(a.member not in unassigned for a in station.assignments.all())
    n = services.assign_unassigned_by_street(actor=role_users[Role.LIAISON_STAFF])
    assert n >= 1
    assert sitting_member not in selectors.unassigned_members()
    assert Assignment.objects.get(member=sitting_member, until__isnull=True).station == station


def test_end_assignment(role_users, station):
    a = station.assignments.first()
    services.end_assignment(actor=role_users[Role.LIAISON_STAFF], assignment=a)
    with pytest.raises(ValidationError):
        services.end_assignment(actor=role_users[Role.LIAISON_STAFF], assignment=a)


# --- Activities -------------------------------------------------------------------------------


def _activity(actor, station, **kwargs):
    data = {
        "kind": "visit",
        "date": timezone.localdate(),
        "title": "入户走访",
        "participants": [a.member for a in station.assignments.all()],
        "residents_reached": 30,
        "donation_amount": Decimal("1500.50"),
    }
    data.update(kwargs)
    return services.record_activity(actor=actor, station=station, **data)


def test_activity_participation_becomes_duty_records_once(role_users, station):
    activity = _activity(role_users[Role.STATION_MANAGER], station)
    records = DutyRecord.objects.filter(kind=DutyKind.STATION_ACTIVITY, source_id=activity.pk)
    assert records.count() == 3
    assert all(r.points == Decimal("3") for r in records)
    assert activity.donation_amount == Decimal("1500.50")
    # correcting the participants voids the removed member's record, adds the new one's
    keep = list(activity.participants.all())[:2]
    newcomer = MemberFactory()
    services.update_participants(
        actor=role_users[Role.STATION_MANAGER], activity=activity, participants=[*keep, newcomer]
    )
    live = DutyRecord.objects.filter(source_id=activity.pk, voided_at__isnull=True)
    assert {r.member_id for r in live} == {m.pk for m in [*keep, newcomer]}


def test_planned_activity_earns_no_duty_yet(role_users, station):
    activity = _activity(
        role_users[Role.STATION_MANAGER], station, date=timezone.localdate() + timedelta(days=5)
    )
    assert not DutyRecord.objects.filter(source_id=activity.pk).exists()


def test_activity_refusals(role_users, station, head_user, other_station):
    with pytest.raises(PermissionDenied):  # a station head cannot record for another station
        _activity(head_user, station)
    with pytest.raises(PermissionDenied):
        _activity(role_users[Role.LEADER], station)
    with pytest.raises(ValidationError):
        _activity(role_users[Role.STATION_MANAGER], station, donation_amount=Decimal("-1"))
    with pytest.raises(ValidationError):
        _activity(role_users[Role.STATION_MANAGER], station, title=" ")
    # the head may act on their own station
    assert _activity(head_user, other_station, participants=[]).station == other_station


def test_photos_get_thumbnails_and_bad_images_are_refused(role_users, station):
    activity = _activity(role_users[Role.STATION_MANAGER], station, photos=[_jpeg()])
    photo = activity.photos.get()
    with Image.open(photo.thumbnail) as thumb:
        assert max(thumb.size) <= 480
    bad = SimpleUploadedFile("x.jpg", b"\xff\xd8\xff" + b"garbage" * 20)
    with pytest.raises(ValidationError):
        services.add_activity_photos(
            actor=role_users[Role.STATION_MANAGER], activity=activity, files=[bad]
        )


def test_visit_round_completion(role_users, station):
    manager = role_users[Role.STATION_MANAGER]
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    visit_round = services.plan_visit_round(
        actor=manager, station=station, year=today.year, quarter=quarter
    )
    with pytest.raises(ValidationError):
        services.plan_visit_round(actor=manager, station=station, year=today.year, quarter=quarter)
    first = station.assignments.order_by("member__number").first().member
    _activity(manager, station, participants=[first], visit_round=visit_round)
    rows = dict(selectors.visit_round_completion(visit_round))
    assert rows[first] is True and sum(rows.values()) == 1 and len(rows) == 3


# --- Opinions -----------------------------------------------------------------------------------


def test_public_opinion_gets_a_receipt_and_notifies_the_managers(role_users, station):
    opinion = services.submit_public_opinion(
        station=station, category="transport", content="公交站太远了，希望增设站点。"
    )
    assert len(opinion.receipt_code) == 10 and opinion.state == OpinionState.RECEIVED
    assert Notification.objects.filter(
        recipient=role_users[Role.STATION_MANAGER], target_id=opinion.pk
    ).exists()
    with pytest.raises(ValidationError):
        services.submit_public_opinion(station=station, category="transport", content="短")
    with pytest.raises(ValidationError):
        services.submit_public_opinion(station=station, category="nope", content="内容足够长了吧")


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


def test_station_clean_checks_instructor_role_and_head(make_user, station):
    station.instructor = make_user(Role.LEADER)
    station.head = MemberFactory(status=Member.Status.LEFT)
    with pytest.raises(ValidationError) as excinfo:
        station.full_clean()
    assert set(excinfo.value.error_dict) == {"instructor", "head"}
