from datetime import date

import pytest

from cppcc_portal.accounts.roles import Role
from tests.factories import MemberFactory, TermFactory

YEAR = 2026


@pytest.fixture
def eager_celery():
    from cppcc_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def staff(make_user):
    return make_user(Role.LIAISON_STAFF)


@pytest.fixture
def duty_member(db):
    term = TermFactory()
    member = MemberFactory(name="张履职")
    member.terms.add(term)
    return member


@pytest.fixture
def mid_year(monkeypatch):
    """Freeze 'today' to a date inside the demo term so this year's pages have a year."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(YEAR, 6, 30))
    return date(YEAR, 6, 30)
