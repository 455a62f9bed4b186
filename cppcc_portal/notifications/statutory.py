"""The public holidays the law itself fixes, for a year whose State Council notice is not known.

《全国年节及纪念日放假办法》 as revised in 2024 (in force from 2025): New Year's Day 1 day (1 Jan),
Spring Festival 4 days (New Year's Eve and the first three days of the lunar year), Qingming 1
(the day of the solar term), Labour Day 2 (1–2 May), Dragon Boat 1 (5th of the 5th lunar month),
Mid-Autumn 1 (15th of the 8th lunar month), National Day 3 (1–3 Oct). The yearly notice adds the
bridging days and the make-up workdays (调休); those are never guessed here.

Lunar dates come from `lunardate` (pure Python, table-driven for 1900–2099, maintained since
2008, no dependencies: a lunar→solar lookup is all we need, the larger almanac libraries bring
far more than that). The solar term comes from chinesecalendar, which we already depend on.
"""

from datetime import date, timedelta
from functools import lru_cache

from chinese_calendar import get_solar_terms
from chinese_calendar.solar_terms import SolarTerms
from django.utils.translation import gettext_lazy as _
from lunardate import LunarDate

# The first year the 2024 revision applies to; earlier years are in chinesecalendar anyway.
FIRST_YEAR = 2025
LAST_YEAR = 2099  # lunardate's table ends here

NEW_YEAR = _("New Year's Day")
SPRING_FESTIVAL = _("Spring Festival")
QINGMING = _("Qingming Festival")
LABOUR_DAY = _("Labour Day")
DRAGON_BOAT = _("Dragon Boat Festival")
MID_AUTUMN = _("Mid-Autumn Festival")
NATIONAL_DAY = _("National Day")


def _lunar(year: int, month: int, day: int) -> date:
    return LunarDate(year, month, day).to_solar_date()


def qingming(year: int) -> date:
    """The day of the solar term 清明 (4 or 5 April, by the astronomical formula)."""
    name = SolarTerms.pure_brightness.value[1]
    return next(
        day for day, term in get_solar_terms(date(year, 4, 1), date(year, 4, 30)) if term == name
    )


@lru_cache(maxsize=128)
def statutory_holidays(year: int) -> dict[date, str]:
    """Every day off the law fixes in `year`, with the holiday's name (lazy, translatable)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"statutory holidays are computed for {FIRST_YEAR}–{LAST_YEAR}")
    days = {date(year, 1, 1): NEW_YEAR}
    new_year = _lunar(year, 1, 1)  # always 21 Jan – 20 Feb, so its eve is in the same year
    for offset in (-1, 0, 1, 2):
        days[new_year + timedelta(days=offset)] = SPRING_FESTIVAL
    days[qingming(year)] = QINGMING
    days[date(year, 5, 1)] = days[date(year, 5, 2)] = LABOUR_DAY
    days[_lunar(year, 5, 5)] = DRAGON_BOAT
    days[_lunar(year, 8, 15)] = MID_AUTUMN
    for day in (1, 2, 3):
        days[date(year, 10, day)] = NATIONAL_DAY
    return days


def is_statutory_holiday(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR and day in statutory_holidays(day.year)
