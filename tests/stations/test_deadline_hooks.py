"""A referred resident's opinion: its answer deadline follows a holiday notice that moves it."""

from datetime import date

import pytest

from cppcc_portal.notifications import calendar, services
from stations.services import REFERRAL_DUTY
from tests.notifications.notice_fixtures import enter_and_recompute, hold_calendar_at_2026_12_02

from .factories import OpinionFactory

pytestmark = pytest.mark.django_db


def test_referral_due_on_follows(monkeypatch, make_user):
    hold_calendar_at_2026_12_02(monkeypatch)
    due = calendar.add_working_days(date(2026, 12, 28), 7)  # → 2027-01-07
    opinion = OpinionFactory(referral_due_on=due)
    services.open_deadline(
        target=opinion, duty=REFERRAL_DUTY, due_on=due, responsible=[], title="答复"
    )
    stats = enter_and_recompute(make_user("proposal_staff"), "2027-01-04\t休\n2027-01-05\t休")
    opinion.refresh_from_db()
    assert stats["moved"] == 1 and opinion.referral_due_on == date(2027, 1, 11)
