"""Stations at a term change (members.terms.change): the open assignments of members who left
office end the day before the new term; re-appointed members stay at their stations."""

from datetime import timedelta

from ..models import Assignment


def close_assignments_of_leavers(*, old, new, leavers, actor) -> int:
    last_day = new.start_date - timedelta(days=1)
    return Assignment.objects.filter(
        member_id__in=leavers, until__isnull=True, since__lte=last_day
    ).update(until=last_day)
