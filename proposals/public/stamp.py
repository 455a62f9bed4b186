"""The public pages' cache stamp: it moves with every disclosure decision and every change of
a disclosed proposal, and with nothing else (so a busy day of drafting and reviewing leaves the
public cache alone).

Two indexed reads: the newest timeline event of a disclosure or of a released reply (partial
index event_disclosure), and the count and summed versions of the disclosed proposals (every
service write bumps a proposal's version; partial index proposal_public)."""

import contextlib
import hashlib

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from ..models import Proposal, ProposalEvent
from ..models.timeline import PUBLIC_STAMP_EVENTS as STAMP_EVENTS

TIMEOUT = 300  # what no service writes (a name edited in the admin) shows within this


def disclosed_q():
    return Q(is_public=True, disclosure=Proposal.Disclosure.APPROVED)


def disclosure_stamp() -> str:
    event = ProposalEvent.objects.filter(STAMP_EVENTS).aggregate(m=Max("id"))["m"]
    shown = Proposal.objects.filter(disclosed_q()).aggregate(n=Count("version"), v=Sum("version"))
    raw = f"{event}|{shown['n']}|{shown['v']}|{timezone.localdate()}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def cached(key: str, compute, *, stamp: str | None = None):
    """compute() cached under `key` and the disclosure stamp; Redis down: computed."""
    full = f"public:{key}:{stamp or disclosure_stamp()}"
    try:
        value = cache.get(full)
    except Exception:  # noqa: BLE001 - Redis down: compute
        value = None
    if value is not None:
        return value
    value = compute()
    with contextlib.suppress(Exception):
        cache.set(full, value, TIMEOUT)
    return value
