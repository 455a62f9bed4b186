import pytest

from cppcc_portal.accounts.roles import Role
from members.selectors import member_for
from tests.factories import MemberFactory

from .factories import RecipientFactory


@pytest.fixture
def staff(make_user):
    return make_user(Role.OPINION_STAFF)


@pytest.fixture
def member(member_user):
    return member_for(member_user)


@pytest.fixture
def other_member_user(make_user, term):
    user = make_user(Role.MEMBER)
    m = MemberFactory(user=user, name="李委员")
    m.terms.add(term)
    return user


@pytest.fixture
def recipients(db):
    return [
        RecipientFactory(name="区委", level="district"),
        RecipientFactory(name="区政府", level="district"),
        RecipientFactory(name="市政协", level="city"),
    ]
