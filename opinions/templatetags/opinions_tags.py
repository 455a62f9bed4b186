from django import template

from opinions.workflow import ACTION_LABELS, meta

register = template.Library()


@register.filter
def state_badge(state: str) -> str:
    """The Bootstrap colour of a state, from the report's state table."""
    return meta(state).badge


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
