import pytest

from cppcc_portal.accounts.roles import Role
from tests.factories import MemberFactory, MemberPostFactory, PostFactory


@pytest.fixture
def staff(make_user):
    return make_user(Role.CONSULTATION_STAFF)


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADER)


@pytest.fixture
def make_member(make_user, term):
    """A sitting member with an account."""

    def make(**kwargs):
        user = make_user(Role.MEMBER)
        member = MemberFactory(user=user, **kwargs)
        member.terms.add(term)
        return member

    return make


@pytest.fixture
def supervisor_member(make_member, term):
    member = make_member(name="监督员甲")
    post = PostFactory(code="invited_supervisor", name="特邀监督员")
    MemberPostFactory(member=member, post=post, term=term)
    return member
