from django import template

from ..reminders import duty_label as _duty_label

register = template.Library()


@register.filter
def duty_label(slug: str):
    """`{{ deadline.duty|duty_label }}`: the readable name of a duty slug."""
    return _duty_label(slug)


@register.inclusion_tag("notifications/_due.html")
def deadline_due(deadline):
    """`{% deadline_due d %}`: the due date, marked 暂定 while no holiday notice backs it, with
    the earlier dates it had (when the list came through `services.with_change_log`)."""
    return {"d": deadline}


@register.filter
def any_provisional(deadlines) -> bool:
    """`{% if deadlines|any_provisional %}`: to explain 暂定 once under a list (no query: the
    list has been iterated already, or is iterated here and cached)."""
    return any(getattr(d, "provisional_live", False) for d in deadlines)
