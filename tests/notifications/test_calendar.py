"""The working-day calendar on real holiday weeks (2024–2026), local overrides and unknown years."""

import logging
from datetime import date, timedelta

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


class TestYearWithoutNotice:
    """2027: chinesecalendar has no notice, so weekends and the statutory holidays count."""

    @pytest.fixture(autouse=True)
    def _2027_unknown(self, no_notice_after_2026):
        pass

    def test_new_years_day_is_off(self):
        assert not calendar.is_working_day(date(2027, 1, 1))  # a Friday
        assert calendar.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)

    def test_spring_festival_from_new_years_eve(self):
        assert calendar.is_working_day(date(2027, 2, 4))
        assert not any(calendar.is_working_day(date(2027, 2, d)) for d in (5, 6, 7, 8))
        assert calendar.is_working_day(date(2027, 2, 9))  # no bridging days guessed
        assert calendar.add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 9)

    def test_the_other_holidays(self):
        for day in (date(2027, 4, 5), date(2027, 6, 9), date(2027, 9, 15)):
            assert not calendar.is_working_day(day)  # 清明 Mon, 端午 Wed, 中秋 Wed
        assert calendar.add_working_days(date(2027, 9, 30), 1) == date(2027, 10, 4)
        assert calendar.is_working_day(date(2027, 10, 4))  # National Day is 1–3 Oct only
        assert calendar.is_working_day(date(2027, 5, 3))  # Labour Day 1–2 May (a weekend)

    def test_no_make_up_workday_is_guessed(self):
        saturdays = [date(2027, 1, 2) + timedelta(days=7 * w) for w in range(52)]
        assert not any(calendar.is_working_day(d) for d in saturdays)

    def test_three_month_deadline_set_today(self):
        due = calendar.add_months(date(2026, 12, 2), 3)
        assert due == date(2027, 3, 2)  # a Tuesday
        assert due.provisional and due.rule == calendar.MONTHS
        assert (due.basis_on, due.amount) == (date(2026, 12, 2), 3)

    def test_three_months_landing_in_the_spring_festival(self):
        # 2026-11-05 + 3 months = Fri 2027-02-05 (除夕) → Tue 2/9 after the weekend and 初三
        assert calendar.add_months(date(2026, 11, 5), 3) == date(2027, 2, 9)

    def test_provisional_only_across_the_unknown_year(self):
        inside = calendar.add_working_days(date(2026, 12, 2), 10)
        assert inside == date(2026, 12, 16) and not inside.provisional
        assert inside.rule == calendar.WORKING_DAYS and inside.amount == 10
        across = calendar.add_working_days(date(2026, 12, 2), 30)
        assert across == date(2027, 1, 14) and across.provisional
        assert not calendar.add_working_days(date(2026, 12, 31), 0).provisional

    def test_arithmetic_on_a_computed_date_drops_its_rule(self):
        due = calendar.add_months(date(2026, 12, 2), 3)
        assert (due + timedelta(days=1)).rule == ""
        assert due == date(2027, 3, 2) and hash(due) == hash(date(2027, 3, 2))

    def test_an_entered_notice_decides_its_year(self):
        from cppcc_portal.notifications.models import HolidayNotice

        notice = HolidayNotice.objects.create(year=2027, title="2027年部分节假日安排的通知")
        notice.days.create(day=date(2027, 2, 9), is_working_day=False, note="春节")
        notice.days.create(day=date(2027, 2, 20), is_working_day=True, note="春节调休")
        assert not calendar.is_working_day(date(2027, 2, 9))
        assert calendar.is_working_day(date(2027, 2, 20))  # a Saturday 班
        assert not calendar.is_working_day(date(2027, 1, 1))  # statutory, even if not listed
        due = calendar.add_months(date(2026, 12, 2), 3)
        assert due == date(2027, 3, 2) and not due.provisional
        assert calendar.unofficial_years(date(2026, 1, 1), date(2028, 1, 1)) == {2028}

    def test_a_local_override_wins_over_the_notice(self):
        from cppcc_portal.notifications.models import HolidayNotice

        notice = HolidayNotice.objects.create(year=2027, title="通知")
        notice.days.create(day=date(2027, 2, 20), is_working_day=True)
        CalendarOverride.objects.create(day=date(2027, 2, 20), is_working_day=False, note="区休")
        assert not calendar.is_working_day(date(2027, 2, 20))

    def test_healthz_warns_until_the_notice_is_entered(self, client):
        from cppcc_portal.notifications.models import HolidayNotice

        calendar.add_months(date(2026, 12, 2), 3)
        body = client.get("/healthz").json()
        assert "2027" in body["warnings"]["working_day_calendar"]
        HolidayNotice.objects.create(year=2027, title="通知")
        body = client.get("/healthz").json()
        assert "working_day_calendar" not in body.get("warnings", {})
