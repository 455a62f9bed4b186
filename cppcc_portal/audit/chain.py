"""The audit log's hash chain. Each entry's hash covers its content and the previous
entry's hash; entries are appended one at a time under a transaction-scoped advisory lock,
so the chain follows the id order. `verify()` walks it and names the first broken link."""

import hashlib
import ipaddress
import json
import logging
from dataclasses import dataclass
from datetime import UTC

from django.db import connection, transaction

LOCK_ID = 0x617564697421  # "audit!": one advisory lock for the chain's tail
trail = logging.getLogger("cppcc_portal.audit.trail")


def _ip(value):
    if not value:
        return ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return str(value)


def canonical(entry) -> dict:
    """What the hash covers (and the JSON-lines copy carries)."""
    return {
        "id": entry.pk,
        "created_at": entry.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "user_id": entry.user_id,
        "username": entry.username,
        "ip_address": _ip(entry.ip_address),
        "user_agent": entry.user_agent,
        "action": entry.action,
        "target_type_id": entry.target_type_id,
        "target_id": entry.target_id,
        "target_repr": entry.target_repr,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
    }


def compute_hash(entry) -> str:
    content = dict(canonical(entry))
    content.pop("id")  # the id is given by the INSERT; the order is in prev_hash
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _tail_hash() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
        cursor.execute(
            "SELECT entry_hash FROM audit_auditentry WHERE entry_hash <> '' "
            "ORDER BY id DESC LIMIT 1"
        )
        row = cursor.fetchone()
    return row[0] if row else ""


def append(entry, *args, **kwargs):
    with transaction.atomic():
        entry.prev_hash = _tail_hash()
        entry.entry_hash = compute_hash(entry)
        entry.save_unchained(*args, **kwargs)
    record = json.dumps(
        {**canonical(entry), "entry_hash": entry.entry_hash}, ensure_ascii=False, sort_keys=True
    )
    transaction.on_commit(lambda: trail.info(record))
    return None


@dataclass
class Verdict:
    checked: int
    unchained: int  # entries from before the chain existed (no hash)
    broken_at: int | None  # the id of the first entry whose link does not hold
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(chunk: int = 2000) -> Verdict:
    from .models import AuditEntry

    previous = None  # the hash the next entry must name
    checked = unchained = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=chunk):
        if not entry.entry_hash:
            if previous is not None:
                return Verdict(checked, unchained, entry.pk, "an entry without a hash")
            unchained += 1
            continue
        if previous is not None and entry.prev_hash != previous:
            return Verdict(checked, unchained, entry.pk, "the previous entry is missing or changed")
        if previous is None and entry.prev_hash:
            return Verdict(
                checked, unchained, entry.pk, "the first chained entry names a predecessor"
            )
        if compute_hash(entry) != entry.entry_hash:
            return Verdict(checked, unchained, entry.pk, "the entry was changed")
        previous = entry.entry_hash
        checked += 1
    return Verdict(checked, unchained, None)
