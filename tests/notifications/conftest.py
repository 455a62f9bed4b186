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
    from .notice_fixtures import hold_calendar_at_2026_12_02

    return hold_calendar_at_2026_12_02(monkeypatch)
