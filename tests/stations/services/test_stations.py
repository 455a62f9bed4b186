"""Stations and their members: assignment (one station of each kind), ending it, the station's own checks."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cppcc_portal.accounts.roles import Role
from members.models import Member
from stations import selectors, services
from stations.models import Assignment
from tests.factories import MemberFactory

from ..factories import AssignmentFactory, StationFactory

pytestmark = pytest.mark.django_db


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


def test_station_clean_checks_instructor_role_and_head(make_user, station):
    station.instructor = make_user(Role.LEADER)
    station.head = MemberFactory(status=Member.Status.LEFT)
    with pytest.raises(ValidationError) as excinfo:
        station.full_clean()
    assert set(excinfo.value.error_dict) == {"instructor", "head"}
