import pytest

from cppcc_portal.accounts.roles import Role
from tests.factories import (
    CommitteeMembershipFactory,
    MemberFactory,
    SpecialCommitteeFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def committees(db):
    return SpecialCommitteeFactory(name="经济委员会"), SpecialCommitteeFactory(name="提案委员会")


def _member_with_account(committee, name):
    user = UserFactory(roles=[Role.MEMBER], first_name=name)
    member = MemberFactory(user=user, name=name)
    CommitteeMembershipFactory(member=member, committee=committee)
    return user


@pytest.fixture
def econ_members(committees):
    """Three members of the economic committee, each with an account."""
    return [_member_with_account(committees[0], f"经济委员{i}") for i in range(3)]


@pytest.fixture
def other_member(committees):
    """A member of another committee."""
    return _member_with_account(committees[1], "提案委员")


@pytest.fixture
def staff(make_user):
    return make_user(Role.CONSULTATION_STAFF)
