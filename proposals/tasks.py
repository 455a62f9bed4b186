"""Periodic and background work of the proposal pipeline (thin wrappers over services)."""

import logging

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from .models import Proposal


@shared_task(name="proposals.close_unevaluated_proposals")
def close_unevaluated_proposals() -> int:
    """Close replied proposals whose evaluation window has passed ("not evaluated"),
    and drop co-signers who did not confirm in time. Run daily."""
    from . import services

    today = timezone.localdate()
    services.expire_cosigners(today)
    n = 0
    for p in Proposal.objects.filter(
        status=Proposal.Status.REPLIED, evaluation_due_on__lt=today
    ).only("pk"):
        n += services.close_not_evaluated(proposal=p, today=today)
    return n


@shared_task(name="proposals.build_compilation")
def build_compilation(job_id: int) -> None:
    from .documents import build_compilation as build

    build(job_id)


@shared_task(name="proposals.retrain_suggestion")
def retrain_suggestion() -> int:
    """Rebuild the unit suggestion's model from every assignment so far (after each one)."""
    from .selectors import suggestion_model

    cache.delete(RETRAIN_PENDING)  # assignments from now on queue the next build
    model = suggestion_model.build()
    suggestion_model.store(model)
    return model["size"]


RETRAIN_PENDING = "proposals:suggestion:queued"


def request_retrain() -> None:
    """One rebuild pending at a time (the plenary's hundreds of assignments queue one, not
    hundreds); best effort: with the broker down the model stays as it was until the next."""
    if not cache.add(RETRAIN_PENDING, 1, timeout=300):
        return
    try:
        retrain_suggestion.delay()
    except Exception:  # noqa: BLE001 - the suggestion may lag; the assignment stands
        logging.getLogger(__name__).warning("broker unreachable; suggestion not retrained")
