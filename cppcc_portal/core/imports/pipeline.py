"""Preview (dry run) and write of one sheet.

Every row gets an outcome: create, update, same (a second import changes nothing) or refuse
(with each fault naming its column). A write runs in one transaction: mode "all" rolls the
whole file back when any row is refused, mode "good" keeps the good rows (each in its own
savepoint) and the refused ones are in the report. Nothing here sends a notification or
opens a deadline: the parts' `write` records history with its own dates."""

import hashlib
import json
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportedRecord, ImportJob
from .cells import text
from .reader import Sheet, SheetError
from .spec import RowErrors

MAX_ROWS = 10000
PROGRESS_EVERY = 50
CREATE, UPDATE, SAME, REFUSE = "create", "update", "same", "refuse"


def progress_key(job_pk) -> str:
    return f"import-progress:{job_pk}"


def fingerprint(plan: dict) -> str:
    data = json.dumps(plan, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


class _Rollback(Exception):
    pass


@dataclass
class Result:
    rows: list = field(default_factory=list)  # {"row", "outcome", "label", "errors": [[col, why]]}
    errors: list = field(default_factory=list)  # file-level faults
    written: bool = False

    @property
    def counts(self) -> dict:
        counts = {CREATE: 0, UPDATE: 0, SAME: 0, REFUSE: 0}
        for r in self.rows:
            counts[r["outcome"]] += 1
        return counts

    @property
    def ok(self) -> bool:
        return not self.errors and not self.counts[REFUSE]


def _map_columns(spec, header):
    """header cell position -> column key; the required columns that are missing."""
    by_header = {}
    for c in spec.columns:
        for h in c.headers():
            by_header[h] = c.key
    positions = {}
    for index, value in enumerate(header):
        key = by_header.get(text(value))
        if key and key not in positions.values():
            positions[index] = key
    missing = [c.title() for c in spec.columns if c.required and c.key not in positions.values()]
    return positions, missing


def run(spec, upload, *, actor, commit: bool, mode: str = "all", job=None) -> Result:
    """Check every row of `upload` against `spec`; with `commit`, write them."""
    result = Result()
    try:
        sheet = Sheet(upload)
    except SheetError as exc:
        result.errors.append(str(exc))
        return result
    try:
        positions, missing = _map_columns(spec, sheet.header)
        if missing:
            result.errors.append(_("Missing columns: %(cols)s") % {"cols": "、".join(missing)})
            return result
        if sheet.total > MAX_ROWS:
            result.errors.append(_("At most %(n)d rows per import.") % {"n": MAX_ROWS})
            return result
        if job is not None:
            job.total = sheet.total
            ImportJob.objects.filter(pk=job.pk).update(total=sheet.total)
        try:
            with transaction.atomic():
                _rows(spec, sheet, positions, result, actor=actor, commit=commit, job=job)
                if commit and mode == ImportJob.Mode.ALL and result.counts[REFUSE]:
                    raise _Rollback
                if commit and (result.errors or not result.rows):
                    raise _Rollback  # a fault of the whole file: nothing is written
                result.written = commit
        except _Rollback:
            result.written = False
        if not result.rows and not result.errors:
            result.errors.append(_("The sheet has no rows to import."))
        return result
    finally:
        sheet.close()


def _rows(spec, sheet, positions, result, *, actor, commit, job):
    ctx = spec.prepare()
    content_type = ContentType.objects.get_for_model(spec.model)
    known = {
        r.key: r
        for r in ImportedRecord.objects.filter(sheet=spec.slug).only(
            "key", "fingerprint", "object_id"
        )
    }
    seen = {}
    for position, cells in sheet.rows():
        if position - 1 > MAX_ROWS:  # a sheet that did not declare its size
            result.errors.append(_("At most %(n)d rows per import.") % {"n": MAX_ROWS})
            break
        if job is not None and position % PROGRESS_EVERY == 0:
            cache.set(progress_key(job.pk), position - 1, 3600)
        errors = RowErrors(spec)
        raw = {}
        for index, key in positions.items():
            cell = cells[index] if index < len(cells) else None
            if cell is None:
                continue
            if getattr(cell, "data_type", None) == "f":
                errors.add(
                    key,
                    _("holds a formula (%(f)s): paste the values instead")
                    % {"f": str(cell.value)[:40]},
                )
                continue
            raw[key] = cell.value
        if not errors and not any(text(v) for v in raw.values()):
            continue  # an empty row
        values = spec.parse(raw, errors)
        plan = spec.resolve(values, ctx, errors) if not errors else None
        label = spec.label(plan) if plan else _row_label(spec, raw)
        entry = {"row": position, "outcome": REFUSE, "label": label, "errors": []}
        result.rows.append(entry)
        if errors:
            entry["errors"] = [list(e) for e in errors.items]
            continue
        key = spec.key(plan)
        if key in seen:
            entry["errors"] = [
                [
                    "",
                    _("the same record as row %(row)d (%(key)s)")
                    % {"row": seen[key], "key": label},
                ]
            ]
            continue
        seen[key] = position
        digest = fingerprint(plan)
        record = known.get(key)
        obj = None
        if record is not None:
            if record.fingerprint == digest:
                entry["outcome"] = SAME
                continue
            obj = spec.model.objects.filter(pk=record.object_id).first()
            entry["outcome"] = UPDATE
        else:
            obj = spec.find(plan, ctx)
            if obj is not None and not spec.adopt_existing:
                entry["errors"] = [
                    [
                        "",
                        _(
                            "%(key)s already exists in the portal and was not "
                            "imported: it is not overwritten"
                        )
                        % {"key": label},
                    ]
                ]
                continue
            entry["outcome"] = UPDATE if obj is not None else CREATE
        if not commit:
            continue
        try:
            with transaction.atomic():
                written = spec.write(plan, obj, ctx, actor)
                fields = {
                    "content_type": content_type,
                    "object_id": written.pk,
                    "fingerprint": digest,
                    "job": job,
                }
                if record is None:
                    ImportedRecord.objects.create(sheet=spec.slug, key=key, **fields)
                else:
                    ImportedRecord.objects.filter(pk=record.pk).update(
                        imported_at=timezone.now(), **fields
                    )
        except (ValidationError, IntegrityError) as exc:
            reason = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            entry["outcome"] = REFUSE
            entry["errors"] = [["", reason[:500]]]


def _row_label(spec, raw) -> str:
    keys = spec.label_columns or [c.key for c in spec.columns[:3]]
    parts = [text(raw.get(k)) for k in keys]
    return " ".join(p for p in parts if p)[:120]
