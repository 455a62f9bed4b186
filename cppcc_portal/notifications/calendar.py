"""The district's working-day calendar: chinesecalendar (holidays and 调休 make-up days)
plus local overrides. For a year the package does not know it falls back to
Monday–Friday and says so (log + /healthz)."""

import calendar as _cal
import logging
from datetime import date, timedelta

import chinese_calendar

from cppcc_portal.core.health import register_check

logger = logging.getLogger(__name__)
_unknown_years: set[int] = set()


def _overrides(start: date, end: date) -> dict[date, bool]:
    from .models import CalendarOverride

    return dict(
        CalendarOverride.objects.filter(day__range=(start, end)).values_list(
            "day", "is_working_day"
        )
    )


def _national_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        if day.year not in _unknown_years:
            _unknown_years.add(day.year)
            logger.warning(
                "working-day calendar: no holiday data for %s; using Monday–Friday", day.year
            )
        return day.weekday() < 5


def is_working_day(day: date, overrides: dict | None = None) -> bool:
    if overrides is None:
        overrides = _overrides(day, day)
    if day in overrides:
        return overrides[day]
    return _national_working_day(day)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    horizon = start + timedelta(days=days * 3 + 30)
    overrides = _overrides(start, horizon)
    day, left = start, days
    while left:
        day += timedelta(days=1)
        if is_working_day(day, overrides):
            left -= 1
    return day


def add_months(start: date, months: int) -> date:
    """Same day `months` later (clamped to the month's end), moved to the next working day."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = date(year, month, min(start.day, _cal.monthrange(year, month)[1]))
    return next_working_day(day)


def next_working_day(day: date) -> date:
    overrides = _overrides(day, day + timedelta(days=30))
    while not is_working_day(day, overrides):
        day += timedelta(days=1)
    return day


@register_check
def working_day_calendar():
    """Warn when this or next year has no national holiday data, or a computation needed a
    year the package does not know (it then counted Monday–Friday)."""
    from django.utils import timezone

    this_year = timezone.localdate().year
    missing = set(_unknown_years)
    for year in (this_year, this_year + 1):
        try:
            chinese_calendar.is_workday(date(year, 6, 1))
        except NotImplementedError:
            missing.add(year)
    if missing:
        return (
            False,
            f"no holiday data for {', '.join(map(str, sorted(missing)))}: falling back to Monday–Friday",
        )
    return True, "ok"
