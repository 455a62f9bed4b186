import pytest

from cppcc_portal.celery import app as celery_app

DEAD_BROKER = "redis://127.0.0.1:1/0"


def _point_celery_at(url):
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(settings):
    """Switch the (real) Redis broker off and on: broker.down() / broker.up()."""
    real = celery_app.conf.broker_url

    class Switch:
        def down(self):
            settings.CELERY_BROKER_URL = DEAD_BROKER
            _point_celery_at(DEAD_BROKER)

        def up(self):
            settings.CELERY_BROKER_URL = real
            _point_celery_at(real)

    switch = Switch()
    yield switch
    switch.up()


@pytest.fixture
def chain(make_user):
    """The people around a lead reply: unit liaison, unit head, proposal staff, leader."""
    return {
        "liaison": make_user("unit_liaison", username="liaison"),
        "head": make_user(username="head"),
        "staff": make_user("proposal_staff", username="pstaff"),
        "leader": make_user("leader", username="boss"),
    }


@pytest.fixture
def no_notice_after_2026(monkeypatch):
    """Hold the calendar to what is true on 2026-12-02: chinesecalendar knows up to 2026 (a
    later release with 2027 must not change what these tests mean), and today is that day."""
    from datetime import date

    from django.utils import timezone

    from cppcc_portal.notifications import calendar

    known = calendar.package_knows
    monkeypatch.setattr(calendar, "package_knows", lambda year: year <= 2026 and known(year))
    monkeypatch.setattr(calendar, "_unknown_years", set())
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 12, 2))
    return date(2026, 12, 2)
