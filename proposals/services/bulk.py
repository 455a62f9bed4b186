"""Bulk registration and assignment from the staff lists."""

from django.core.exceptions import PermissionDenied, ValidationError

from members.models import HandlingUnit

from ..models import (
    Proposal,
)
from ._base import _require_staff
from .assignment import assign
from .review import register


def _bulk(items, fn):
    """Each item in its own transaction; a refusal names the proposal and why."""
    results = []
    for p in items:
        try:
            fn(p)
            results.append((p, True, ""))
        except (ValidationError, PermissionDenied) as exc:
            msg = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            results.append((p, False, msg))
    return results


def bulk_register(*, actor, proposals) -> list[tuple[Proposal, bool, str]]:
    _require_staff(actor)
    return _bulk(proposals, lambda p: register(actor=actor, proposal=p))


def bulk_assign(*, actor, proposals, lead, co_units=()) -> list[tuple[Proposal, bool, str]]:
    _require_staff(actor)
    return _bulk(proposals, lambda p: assign(actor=actor, proposal=p, lead=lead, co_units=co_units))


def handling_units():
    return HandlingUnit.objects.filter(is_active=True)
