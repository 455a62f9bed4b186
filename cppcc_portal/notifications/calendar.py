"""The district's working-day calendar (DOMAIN §8).

A day is decided, first rule that speaks: a local override [L] (`CalendarOverride`); the
State Council's holiday notice for its year once staff have entered it (`HolidayNotice`);
chinesecalendar, which carries the notices up to the year it was released for; and for a
year neither knows, weekends plus the statutory holidays (`statutory.py`) — no make-up days
guessed. A year with a notice (entered or in the package) is *official*; a date computed
across a day of another year is provisional: `add_working_days` and `add_months` return a
`ComputedDate` that says so and how it was computed, which `services.open_deadline` stores,
so every caller's deadline is marked and can be recomputed when the notice is entered.
"""

import calendar as _cal
import logging
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

from cppcc_portal.core.health import register_check

from .statutory import FIRST_YEAR, is_statutory_holiday

logger = logging.getLogger(__name__)
_unknown_years: set[int] = set()

# How a due date was computed (Deadline.rule): N working days after the basis date, or
# N months after it (clamped to the month's end) and then the next working day.
WORKING_DAYS = "working_days"
MONTHS = "months"


class ComputedDate(date):
    """A date that remembers its rule; compares, formats and saves as a plain date."""

    basis_on: date | None
    rule: str
    amount: int | None
    provisional: bool

    def __new__(
        cls, year, month=None, day=None, *, basis_on=None, rule="", amount=None, provisional=False
    ):
        # date arithmetic on a subclass calls cls(y, m, d): the result then carries no rule
        self = super().__new__(cls, year, month, day)
        self.basis_on, self.rule, self.amount = basis_on, rule, amount
        self.provisional = provisional
        return self

    @classmethod
    def of(cls, day: date, **how) -> "ComputedDate":
        return cls(day.year, day.month, day.day, **how)

    def __reduce__(self):  # pickles (cache, deepcopy) as the plain date
        return (date, (self.year, self.month, self.day))


@lru_cache(maxsize=256)
def package_knows(year: int) -> bool:
    """Whether chinesecalendar has the State Council's notice for `year`."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def notice_years(years) -> set[int]:
    """Which of `years` have an entered holiday notice (one query)."""
    from .models import HolidayNotice

    return set(HolidayNotice.objects.filter(year__in=list(years)).values_list("year", flat=True))


def unofficial_years(start: date, end: date) -> set[int]:
    """The years between two dates with no notice yet: dates computed there are provisional."""
    years = {y for y in range(start.year, end.year + 1) if not package_knows(y)}
    return years - notice_years(years) if years else set()


class Days:
    """The calendar's rows for a span of dates, loaded in two queries and widened on demand
    (a computation that runs past the span loads the next stretch)."""

    def __init__(self, start: date, end: date, *, local: dict | None = None):
        self.start = self.end = None
        self.local, self.national, self.notice_years = {}, {}, set()
        self._memo: dict[date, bool] = {}
        self._fixed_local = local  # a caller-given override map (is_working_day's argument)
        self._load(start, end)

    def _load(self, start: date, end: date):
        from .models import CalendarOverride, HolidayNotice

        if self._fixed_local is None:
            self.local.update(
                CalendarOverride.objects.filter(day__range=(start, end)).values_list(
                    "day", "is_working_day"
                )
            )
        else:
            self.local = self._fixed_local
        for year, day, working in HolidayNotice.objects.filter(
            year__range=(start.year, end.year)
        ).values_list("year", "days__day", "days__is_working_day"):
            self.notice_years.add(year)
            if day is not None:
                self.national[day] = working
        self.start = start if self.start is None else min(self.start, start)
        self.end = end if self.end is None else max(self.end, end)

    def _cover(self, day: date):
        if day > self.end:
            self._load(self.end + timedelta(days=1), max(day, self.end + timedelta(days=90)))
        elif day < self.start:
            self._load(min(day, self.start - timedelta(days=90)), self.start - timedelta(days=1))

    def official(self, year: int) -> bool:
        return package_knows(year) or year in self.notice_years

    def is_working_day(self, day: date) -> bool:
        known = self._memo.get(day)
        if known is None:
            known = self._memo[day] = self._decide(day)
        return known

    def _decide(self, day: date) -> bool:
        self._cover(day)
        if day in self.local:
            return self.local[day]
        if day in self.national:
            return self.national[day]
        if day.year not in self.notice_years:
            if package_knows(day.year):
                return chinese_calendar.is_workday(day)  # slow-ish: it validates every call
            _note_unknown(day.year)
        # an entered notice lists its days; any other day is a weekday or a statutory holiday
        return day.weekday() < 5 and not is_statutory_holiday(day)

    def provisional(self, first: date, last: date) -> bool:
        """Whether any day in first..last lies in a year with no notice."""
        return first <= last and any(not self.official(y) for y in range(first.year, last.year + 1))


def _note_unknown(year: int):
    if year not in _unknown_years:
        _unknown_years.add(year)
        how = "weekends and statutory holidays" if year >= FIRST_YEAR else "Monday–Friday"
        logger.warning("working-day calendar: no holiday notice for %s; counting %s", year, how)


def is_working_day(day: date, overrides: dict | None = None) -> bool:
    return Days(day, day, local=overrides).is_working_day(day)


def add_working_days(start: date, days: int, *, calendar: Days | None = None) -> ComputedDate:
    """The date `days` working days after `start` (start itself not counted)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    cal = calendar or Days(start, start + timedelta(days=days * 3 + 30))
    day, left = start, days
    while left:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            left -= 1
    return ComputedDate.of(
        day,
        basis_on=start,
        rule=WORKING_DAYS,
        amount=days,
        provisional=cal.provisional(start + timedelta(days=1), day),
    )


def add_months(start: date, months: int, *, calendar: Days | None = None) -> ComputedDate:
    """Same day `months` later (clamped to the month's end), moved to the next working day."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    target = date(year, month, min(start.day, _cal.monthrange(year, month)[1]))
    cal = calendar or Days(target, target + timedelta(days=30))
    day = target
    while not cal.is_working_day(day):
        day += timedelta(days=1)
    return ComputedDate.of(
        day, basis_on=start, rule=MONTHS, amount=months, provisional=cal.provisional(target, day)
    )


def next_working_day(day: date) -> ComputedDate:
    return add_months(day, 0)


def compute(rule: str, basis_on: date, amount: int, *, calendar: Days | None = None):
    """Compute a due date again from its stored rule (the recompute after a notice)."""
    if rule == WORKING_DAYS:
        return add_working_days(basis_on, amount, calendar=calendar)
    if rule == MONTHS:
        return add_months(basis_on, amount, calendar=calendar)
    raise ValueError(f"unknown due-date rule {rule!r}")


@register_check
def working_day_calendar():
    """Warn while this or next year has no holiday notice (neither in chinesecalendar nor
    entered by staff), or a computation needed such a year: deadlines there are provisional."""
    from django.utils import timezone

    this_year = timezone.localdate().year
    missing = unofficial_years(date(this_year, 1, 1), date(this_year + 1, 12, 31))
    candidates = {y for y in _unknown_years if not package_knows(y)}
    missing |= candidates - notice_years(candidates)
    if missing:
        return (
            False,
            f"no holiday notice for {', '.join(map(str, sorted(missing)))}: counting weekends "
            "and statutory holidays; deadlines there are provisional until the notice is entered",
        )
    return True, "ok"
