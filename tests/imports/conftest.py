import pytest

from cppcc_portal.accounts.roles import Role

from .sheets import organisation


@pytest.fixture
def staff(make_user):
    return make_user(Role.PROPOSAL_STAFF)


@pytest.fixture
def year(db):
    """The session of 2025 and its 80 members."""
    return organisation()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path
