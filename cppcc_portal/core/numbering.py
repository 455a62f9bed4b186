"""Gap-free numbers: a counter row locked inside the caller's transaction."""

from django.db import transaction

from .models import Counter


def next_number(key: str) -> int:
    """Issue the next number for ``key``; must run inside the transaction that stores it,
    so a rollback returns the number and no gap appears."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must be called inside transaction.atomic()")
    Counter.objects.get_or_create(key=key)
    counter = Counter.objects.select_for_update().get(key=key)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value
