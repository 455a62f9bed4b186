"""The one rule: a closed term is read-only. Every service that writes a term-scoped record
calls `ensure_term_open` (or `ensure_date_open` for records dated in a term); existing
records are covered at once through the workflow kernel's write guard on `lock()`, for which
each part declares how its records find their term (`term_scoped`)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Term

# model label -> resolver(obj) returning a Term, a term id, a date or None
_TERM_OF: dict = {}


def term_scoped(model, resolver) -> None:
    """Declare that records of `model` belong to the term `resolver(obj)` names."""
    _TERM_OF[model._meta.label_lower] = resolver


def closed_term_for(value) -> Term | None:
    """The closed term a term, a term id or a date belongs to (None if it is open)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        covering = Term.objects.filter(start_date__lte=value, end_date__gte=value)
        if covering.filter(closed_at__isnull=True).exists():
            return None
        return covering.filter(closed_at__isnull=False).first()
    if isinstance(value, Term):  # as the caller read it (the duty ledger reads it just before)
        return value if value.closed_at is not None else None
    return Term.objects.filter(pk=value, closed_at__isnull=False).first()


def term_closed_error(term: Term) -> ValidationError:
    return ValidationError(
        _(
            "%(term)s is closed after the term change: its records can still be read and "
            "exported, but no longer changed."
        )
        % {"term": term.name},
        code="term_closed",
    )


def ensure_term_open(term) -> None:
    """Refuse a write to a closed term (a Term, a term id or a date in it)."""
    closed = closed_term_for(term)
    if closed is not None:
        raise term_closed_error(closed)


ensure_date_open = ensure_term_open


def guard_object(obj) -> None:
    """The workflow kernel's write guard: refuse writes to a record of a closed term."""
    meta = getattr(obj, "_meta", None)  # not a model instance: no term to belong to
    resolver = _TERM_OF.get(meta.label_lower) if meta is not None else None
    if resolver is not None:
        ensure_term_open(resolver(obj))
