"""Dates the way official documents write them: 2026年12月2日 (no leading zeros)."""

from datetime import date, datetime

from django.utils import timezone


def chinese_date(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not isinstance(value, date):
        return str(value)
    return f"{value.year}年{value.month}月{value.day}日"
