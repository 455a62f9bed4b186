import pytest

from cppcc_portal.accounts.roles import Role
from tests.factories import MemberFactory, TermFactory

from .factories import AssignmentFactory, StationFactory


@pytest.fixture
def station(db, role_users):
    """A station whose instructor is the station_manager user of `role_users`."""
    TermFactory()
    station = StationFactory(name="杨村街委员联络站", instructor=role_users[Role.STATION_MANAGER])
    for _ in range(3):
        AssignmentFactory(station=station)
    return station


@pytest.fixture
def other_station(db):
    return StationFactory(name="河西务镇委员联络站")


@pytest.fixture
def head_user(make_user, other_station):
    """A station manager who is another station's head (through their member record)."""
    user = make_user(Role.STATION_MANAGER)
    member = MemberFactory(user=user, name="站长张")
    other_station.head = member
    other_station.save()
    return user


@pytest.fixture
def sitting_member(db):
    return MemberFactory(name="进站委员", phone="13955556666")
