"""Helpers every proposal view shares."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ..models import (
    Proposal,
)

S = Proposal.Status


def _require(ok):
    if not ok:
        raise PermissionDenied


def _number(value):
    """A whole number posted by the page (an id, a version), or None for anything forged."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if 0 <= n < 2**63 else None


def _errors(exc) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or _("You may not do this.")
