"""Reads of the audit log: the security auditor only (三员分立: not the business staff, not
the system administrator, not the security administrator whose acts it records)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from cppcc_portal.accounts.roles import is_security_auditor

from .models import AuditEntry


def can_view_audit_log(user) -> bool:
    return is_security_auditor(user)


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def entries(user, *, user_query="", action=None, date_from=None, date_to=None):
    """The filtered log, newest first; empty for anyone who may not read it."""
    if not can_view_audit_log(user):
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.all()
    if user_query:
        qs = qs.filter(username__icontains=user_query)
    if action:
        qs = qs.filter(action=action)
    if date_from:
        qs = qs.filter(created_at__gte=_day_start(date_from))
    if date_to and date_to < date.max:
        qs = qs.filter(created_at__lt=_day_start(date_to + timedelta(days=1)))
    return qs.order_by("-created_at", "-id")
