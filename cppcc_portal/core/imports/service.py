"""Import jobs: start one (a preview or a write), run it inline or in Celery, audit it."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportJob
from ..uploads import display_name
from . import pipeline, registry

# A file at most this large is checked in the request; a larger one (a 5,000-row sheet) goes
# to a Celery task and the page shows its progress.
INLINE_BYTES = 200 * 1024


def start(*, actor, sheet: str, upload=None, commit=False, mode="all", preview=None) -> ImportJob:
    """A preview of an uploaded file, or (with `preview`) the write of a file already previewed."""
    spec = registry.sheet(sheet)
    if not spec.may_import(actor):
        raise PermissionDenied(_("You may not import this sheet."))
    if mode not in ImportJob.Mode.values:
        mode = ImportJob.Mode.ALL
    job = ImportJob(sheet=sheet, commit=commit, mode=mode, created_by=actor, preview_of=preview)
    if preview is not None:
        job.file = preview.file.name
        job.file_name, job.file_size = preview.file_name, preview.file_size
    else:
        job.file_name = display_name(getattr(upload, "name", "") or "sheet.xlsx")
        job.file_size = upload.size or 0
        upload.seek(0)
        job.file.save(f"{timezone.now():%Y%m%d%H%M%S}.xlsx", upload, save=False)
    job.save()
    if job.file_size <= INLINE_BYTES:
        run_job(job.pk)
        job.refresh_from_db()
    else:
        from ..tasks import run_import

        transaction.on_commit(lambda: run_import.delay(job.pk))
    return job


def run_job(job_pk: int, *, reraise: bool = False) -> ImportJob | None:
    """Run a queued job once (a retried task finds it done and does nothing). A failure
    marks the job failed, which its page says; the task re-raises it for the worker's log."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_pk).first()
        if job is None or job.state != ImportJob.State.QUEUED:
            return job
        job.state = ImportJob.State.RUNNING
        job.save(update_fields=["state"])
    spec = registry.sheets().get(job.sheet)
    try:
        with job.file.storage.open(job.file.name, "rb") as stored:
            # the staff's own file name (the extension is checked), the stored content
            named = File(stored.file if hasattr(stored, "file") else stored, name=job.file_name)
            result = pipeline.run(
                spec, named, actor=job.created_by, commit=job.commit, mode=job.mode, job=job
            )
    except Exception as exc:  # noqa: BLE001 - the page must say it failed, not spin forever
        job.state = ImportJob.State.FAILED
        job.errors = [_("The import failed: %(e)s") % {"e": str(exc)[:300]}]
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "errors", "finished_at"])
        if reraise:
            raise
        return job
    job.rows, job.errors, job.counts = result.rows, result.errors, result.counts
    job.written = result.written
    job.done = len(result.rows)
    job.total = max(job.total, job.done)
    job.state = ImportJob.State.DONE
    job.finished_at = timezone.now()
    job.save()
    cache.delete(pipeline.progress_key(job.pk))
    if job.commit:
        _audit(job, spec)
    return job


def _audit(job, spec):
    from cppcc_portal.audit.models import Action
    from cppcc_portal.audit.services import audit

    c = job.counts
    detail = _(
        "%(sheet)s, file “%(file)s” (%(size)d bytes), %(mode)s: %(written)s; created %(create)d, "
        "updated %(update)d, unchanged %(same)d, refused %(refuse)d"
    ) % {
        "sheet": spec.title,
        "file": job.file_name,
        "size": job.file_size,
        "mode": job.get_mode_display(),
        "written": _("written") if job.written else _("nothing written"),
        "create": c.get("create", 0),
        "update": c.get("update", 0),
        "same": c.get("same", 0),
        "refuse": c.get("refuse", 0),
    }
    audit(user=job.created_by, action=Action.IMPORT, target=job, detail=detail)


def progress(job: ImportJob) -> int:
    """Rows checked so far: the running task writes them to the cache (its own transaction
    is not visible until it commits)."""
    if job.in_progress:
        return cache.get(pipeline.progress_key(job.pk), job.done)
    return job.done
