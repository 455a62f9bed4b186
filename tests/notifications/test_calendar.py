"""The working-day calendar on real holiday weeks (2024–2026), local overrides and unknown years."""

import logging
from datetime import date

import pytest

from cppcc_portal.notifications import calendar
from cppcc_portal.notifications.models import CalendarOverride

pytestmark = pytest.mark.django_db


class TestSpringFestival2025:
    """1/28–2/4 off; Sunday 1/26 and Saturday 2/8 are make-up workdays (调休)."""

    def test_make_up_sunday_counts(self):
        assert calendar.is_working_day(date(2025, 1, 26))
        assert calendar.add_working_days(date(2025, 1, 24), 1) == date(2025, 1, 26)

    def test_holiday_week_is_skipped(self):
        assert not any(calendar.is_working_day(date(2025, 1, d)) for d in (28, 29, 30, 31))
        assert not any(calendar.is_working_day(date(2025, 2, d)) for d in (1, 2, 3, 4))
        assert calendar.add_working_days(date(2025, 1, 27), 1) == date(2025, 2, 5)

    def test_make_up_saturday_counts(self):
        # 2/5 Wed, 2/6 Thu, 2/7 Fri, 2/8 Sat (make-up)
        assert calendar.add_working_days(date(2025, 1, 27), 4) == date(2025, 2, 8)
        assert calendar.add_working_days(date(2025, 1, 27), 5) == date(2025, 2, 10)

    def test_ten_working_days_return_window(self):
        # assigned on 1/24 (Fri): 1/26, 1/27, 2/5, 2/6, 2/7, 2/8, 2/10, 2/11, 2/12, 2/13
        assert calendar.add_working_days(date(2025, 1, 24), 10) == date(2025, 2, 13)

    def test_month_landing_in_the_holiday_moves_to_next_working_day(self):
        assert calendar.add_months(date(2025, 1, 1), 1) == date(2025, 2, 5)


class TestNationalDay2025:
    """10/1–10/8 off; Sunday 9/28 and Saturday 10/11 are make-up workdays."""

    def test_window(self):
        assert calendar.add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28)
        assert calendar.add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
        assert calendar.add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)
        assert not calendar.is_working_day(date(2025, 10, 8))

    def test_three_month_reply_deadline(self):
        # assigned 7/8: three months later is 10/8, a holiday → 10/9
        assert calendar.add_months(date(2025, 7, 8), 3) == date(2025, 10, 9)

    def test_fifteen_working_days_for_evaluation(self):
        # reply on 9/22 (Mon): 9/23–9/26 (4), 9/28 (5), 9/29, 9/30 (7), 10/9, 10/10, 10/11 (10),
        # 10/13–10/17 (15)
        assert calendar.add_working_days(date(2025, 9, 22), 15) == date(2025, 10, 17)


def test_national_day_2024():
    # 10/1–10/7 off; Sunday 9/29 and Saturday 10/12 are workdays
    assert calendar.add_working_days(date(2024, 9, 27), 1) == date(2024, 9, 29)
    assert calendar.add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 8)
    assert calendar.is_working_day(date(2024, 10, 12))


def test_spring_festival_2026():
    # 2/15–2/23 off; Saturday 2/14 and Saturday 2/28 are workdays
    assert calendar.is_working_day(date(2026, 2, 14))
    assert calendar.add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)
    assert calendar.is_working_day(date(2026, 2, 28))


def test_month_end_is_clamped():
    assert calendar.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert calendar.add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)


def test_zero_days_is_the_start_and_negative_is_refused():
    assert calendar.add_working_days(date(2025, 10, 3), 0) == date(2025, 10, 3)
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2025, 10, 3), -1)


class TestOverrides:
    def test_local_day_off(self):
        CalendarOverride.objects.create(day=date(2025, 2, 5), is_working_day=False, note="区休")
        assert calendar.add_working_days(date(2025, 1, 27), 1) == date(2025, 2, 6)

    def test_local_working_saturday(self):
        CalendarOverride.objects.create(day=date(2025, 3, 1), is_working_day=True)
        assert calendar.add_working_days(date(2025, 2, 28), 1) == date(2025, 3, 1)
        assert calendar.next_working_day(date(2025, 3, 1)) == date(2025, 3, 1)


def test_unknown_year_falls_back_to_weekdays_and_warns(caplog):
    calendar._unknown_years.discard(2031)
    with caplog.at_level(logging.WARNING, logger="cppcc_portal.notifications.calendar"):
        # 2031-01-03 is a Friday
        assert calendar.add_working_days(date(2031, 1, 3), 1) == date(2031, 1, 6)
    assert "2031" in caplog.text
    ok, detail = calendar.working_day_calendar()
    assert not ok and "2031" in detail


def test_healthz_shows_the_calendar_warning(client):
    calendar._unknown_years.add(2032)
    body = client.get("/healthz").json()
    assert "2032" in body["warnings"]["working_day_calendar"]
