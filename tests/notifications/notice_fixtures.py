"""A 2027 notice table as staff would paste it (hypothetical days; the real notice is not out),
and the calendar held to what is true on 2026-12-02."""

from datetime import date, timedelta


def hold_calendar_at_2026_12_02(monkeypatch):
    """chinesecalendar knows up to 2026 (a later release with 2027 must not change what the
    tests mean), and today is 2026-12-02."""
    from django.utils import timezone

    from cppcc_portal.notifications import calendar

    known = calendar.package_knows
    monkeypatch.setattr(calendar, "package_knows", lambda year: year <= 2026 and known(year))
    monkeypatch.setattr(calendar, "_unknown_years", set())
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 12, 2))
    return date(2026, 12, 2)


def enter_and_recompute(actor, text, year=2027):
    """Enter a notice as the admin does and run its recompute as the task would."""
    from cppcc_portal.notifications import holiday_notices
    from cppcc_portal.notifications.notice_table import read_notice_table

    table = read_notice_table(year=year, text=text)
    assert not table.errors, table.errors
    notice = holiday_notices.enter_holiday_notice(
        actor=actor, year=year, title="通知", rows=table.rows
    )
    return holiday_notices.recompute_for_notice(notice_id=notice.pk)


def _span(first: date, last: date, mark: str, note: str):
    day = first
    while day <= last:
        yield f"{day.isoformat()}\t{mark}\t{note}"
        day += timedelta(days=1)


TABLE_2027 = "\n".join(
    [
        "日期\t休/班\t备注",
        *_span(date(2027, 1, 1), date(2027, 1, 3), "休", "元旦"),
        *_span(date(2027, 2, 5), date(2027, 2, 12), "休", "春节"),
        "2027-02-20\t班\t春节调休",
        *_span(date(2027, 10, 1), date(2027, 10, 7), "休", "国庆节、中秋节"),
        "2027/9/26\t班\t国庆节调休",
        "10月9日 班 国庆节调休",
    ]
)
ROWS_2027 = 3 + 8 + 1 + 7 + 2
