from django import template

from ..reminders import duty_label as _duty_label

register = template.Library()


@register.filter
def duty_label(slug: str):
    """`{{ deadline.duty|duty_label }}`: the readable name of a duty slug."""
    return _duty_label(slug)
