"""The statutory holidays computed from the law, checked against the notices chinesecalendar
carries (2025, 2026 under the 2024 revision; the lunar and solar-term days back to 2008)."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from lunardate import LunarDate

from cppcc_portal.notifications.statutory import (
    DRAGON_BOAT,
    MID_AUTUMN,
    SPRING_FESTIVAL,
    qingming,
    statutory_holidays,
)


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_statutory_day_is_a_holiday_in_the_years_notice(year):
    days = statutory_holidays(year)
    assert len(days) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3 (none coincide in these years)
    for day in days:
        assert day.year == year
        assert chinese_calendar.is_holiday(day), day


@pytest.mark.parametrize("year", range(2008, 2027))
def test_lunar_and_solar_term_days_match_the_notices(year):
    """Spring Festival's first day, Qingming, Dragon Boat and Mid-Autumn were holidays in every
    notice since 2008: the computed days must be among them."""
    for day in (
        LunarDate(year, 1, 1).to_solar_date(),
        qingming(year),
        LunarDate(year, 5, 5).to_solar_date(),
        LunarDate(year, 8, 15).to_solar_date(),
    ):
        assert chinese_calendar.is_holiday(day), day
    assert qingming(year) in {date(year, 4, 4), date(year, 4, 5)}
    assert chinese_calendar.get_holiday_detail(qingming(year))[1] == "Tomb-sweeping Day"


def test_2027_known_dates():
    days = statutory_holidays(2027)
    eve, spring = date(2027, 2, 5), date(2027, 2, 6)  # 除夕, 春节 (丁未年正月初一)
    assert {d for d in days if days[d] == SPRING_FESTIVAL} == {
        eve,
        spring,
        spring + timedelta(days=1),
        spring + timedelta(days=2),
    }
    assert date(2027, 1, 1) in days
    assert days[date(2027, 4, 5)] == days[qingming(2027)]  # 清明 5 April 2027
    assert {date(2027, 5, 1), date(2027, 5, 2)} <= set(days)
    assert days[date(2027, 6, 9)] == DRAGON_BOAT  # 五月初五
    assert days[date(2027, 9, 15)] == MID_AUTUMN  # 八月十五
    assert {date(2027, 10, d) for d in (1, 2, 3)} <= set(days)
    assert date(2027, 10, 4) not in days and date(2027, 2, 9) not in days  # nothing guessed


def test_mid_autumn_on_national_day_is_one_day_off():
    # 2028: 八月十五 is 3 October, already a National Day holiday
    days = statutory_holidays(2028)
    assert LunarDate(2028, 8, 15).to_solar_date() == date(2028, 10, 3)
    assert len(days) == 12


def test_years_outside_the_revised_law_are_refused():
    with pytest.raises(ValueError):
        statutory_holidays(2024)
    with pytest.raises(ValueError):
        statutory_holidays(2100)
