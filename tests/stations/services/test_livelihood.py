"""一件民生实事 (five ones) recorded automatically when the work that is one is done — a
public-service activity of a station, a resident's opinion solved with a member's part in it —
by whoever organised it, in the same transaction, through the ledger service, never twice."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cppcc_portal.accounts.roles import Role
from members.models import DutyKind, DutyRecord, Member
from members.points import minimum_status
from stations import services
from stations.actions import ACTIONS
from tests.factories import HandlingUnitFactory, MemberFactory

from ..factories import OpinionFactory

pytestmark = pytest.mark.django_db
LIVELIHOOD = DutyKind.LIVELIHOOD


def _live(member=None, **filters):
    qs = DutyRecord.objects.filter(kind=LIVELIHOOD, voided_at__isnull=True, **filters)
    return qs.filter(member=member) if member else qs


def _activity(manager, station, kind, participants, day=None):
    return services.record_activity(
        actor=manager,
        station=station,
        kind=kind,
        date=day or timezone.localdate(),
        title="送法律进社区",
        participants=participants,
    )


def test_a_public_service_activity_is_a_livelihood_matter_of_each_member(role_users, station):
    manager = role_users[Role.STATION_MANAGER]
    a, b = MemberFactory(), MemberFactory()
    activity = _activity(manager, station, "legal", [a, b])
    rows = list(_live().order_by("member_id"))
    assert [r.member for r in rows] == sorted([a, b], key=lambda m: m.pk)
    assert all(r.recorded_by == manager and r.occurred_on == timezone.localdate() for r in rows)
    assert all(r.source_key == f"stations.activity:{activity.pk}" for r in rows)
    # the station-activity record is there as before, and the five ones show it met
    assert DutyRecord.objects.filter(kind=DutyKind.STATION_ACTIVITY, member=a).count() == 1
    status = {s.minimum.name: s.met for s in minimum_status(a.pk, timezone.localdate().year)}
    assert status["一件民生实事"] is True
    # correcting the participants: the same again does not count twice; a removed one is voided
    services.update_participants(actor=manager, activity=activity, participants=[a, b])
    assert _live().count() == 2
    services.update_participants(actor=manager, activity=activity, participants=[a])
    assert _live(b).count() == 0 and _live(a).count() == 1
    c = MemberFactory()
    services.update_participants(actor=manager, activity=activity, participants=[a, c])
    assert _live(c).get().recorded_by == manager


def test_other_activities_and_planned_ones_are_not_livelihood_matters(role_users, station):
    manager = role_users[Role.STATION_MANAGER]
    a = MemberFactory()
    _activity(manager, station, "forum", [a])
    _activity(
        manager, station, "medical", [a], day=timezone.localdate() + timedelta(days=3)
    )  # not held yet
    assert not _live().exists()
    assert DutyRecord.objects.filter(kind=DutyKind.STATION_ACTIVITY, member=a).count() == 1


def test_the_activity_and_its_record_are_one_transaction(role_users, station, monkeypatch):
    from stations.services import livelihood

    def broken(**kwargs):
        raise ValidationError("ledger refused")

    monkeypatch.setattr(livelihood, "record_duty", broken)
    with pytest.raises(ValidationError):
        _activity(role_users[Role.STATION_MANAGER], station, "culture", [MemberFactory()])
    assert not station.activities.exists()  # nothing half-written


def test_an_opinion_resolved_with_a_member_is_their_livelihood_matter(role_users, station):
    manager = role_users[Role.STATION_MANAGER]
    helper = station.assignments.first().member
    opinion = services.resolve_on_spot(
        actor=manager, opinion=OpinionFactory(station=station), result="已修好路灯", member=helper
    )
    assert opinion.taken_up_by == helper
    row = _live(helper).get()
    assert row.recorded_by == manager and row.source_key == f"stations.opinion:{opinion.pk}"
    # closing it afterwards does not record it again
    services.close_opinion(actor=manager, opinion=opinion, result="已告知居民")
    assert _live(helper).count() == 1
    # resolved without a member's part: nobody's livelihood matter
    services.resolve_on_spot(actor=manager, opinion=OpinionFactory(station=station), result="好")
    assert _live().count() == 1


def test_a_referred_opinion_counts_for_the_member_following_it_once_closed(role_users, station):
    manager = role_users[Role.STATION_MANAGER]
    helper = station.assignments.first().member
    opinion = services.refer_to_department(
        actor=manager,
        opinion=OpinionFactory(station=station),
        department=HandlingUnitFactory(),
        member=helper,
    )
    opinion = services.record_department_answer(actor=manager, opinion=opinion, answer="已维修")
    assert not _live().exists()  # not solved yet
    services.close_opinion(actor=manager, opinion=opinion, result="路灯已修好")
    assert _live(helper).get().recorded_by == manager


def test_a_converted_opinion_earns_the_report_not_a_livelihood_matter(role_users, station):
    manager = role_users[Role.STATION_MANAGER]
    member = station.assignments.first().member
    opinion = services.convert_to_report(
        actor=manager,
        opinion=OpinionFactory(station=station),
        member=member,
        title="关于修复小区路灯的建议",
        content="小区路灯坏了很久，建议尽快维修。",
    )
    services.close_opinion(actor=manager, opinion=opinion, result="已转为社情民意信息")
    assert not _live().exists()


def test_only_a_sitting_member_can_be_the_helper(role_users, station):
    manager = role_users[Role.STATION_MANAGER]
    gone = MemberFactory(status=Member.Status.LEFT)
    opinion = OpinionFactory(station=station)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as err:
        services.resolve_on_spot(actor=manager, opinion=opinion, result="已解决", member=gone)
    assert "member" in err.value.message_dict and "在任委员" in err.value.message_dict["member"][0]
    opinion.refresh_from_db()
    assert opinion.state == "received" and not _live().exists()


def test_the_resolve_step_offers_the_stations_members(role_users, station, rf):
    manager = role_users[Role.STATION_MANAGER]
    opinion = OpinionFactory(station=station)
    request = rf.get("/")
    request.user = manager
    forms = ACTIONS.forms_for(request, opinion, ACTIONS.available(manager, opinion))
    offered = set(forms["resolve"].fields["member"].queryset)
    assert offered == {a.member for a in station.assignments.all()}
    assert not forms["resolve"].fields["member"].required
