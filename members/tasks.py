"""Background work of the members app: thin, idempotent wrappers taking primary keys."""

import io
import logging
import zipfile

from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import timezone

log = logging.getLogger(__name__)


@shared_task
def recompute_points(job_id: int):
    """Recompute a year's stored points from the points table (a PointsRecompute row)."""
    from .services import run_recompute

    job = run_recompute(job_id=job_id)
    return {"year": job.year, "changed": job.rows_changed, "seconds": job.seconds}


@shared_task
def remind_yearly_minimums():
    """Daily in the beat schedule: in the last quarter, remind members of missing five ones
    (once per member, year and quarter)."""
    from .services import remind_minimum_gaps

    return remind_minimum_gaps(today=timezone.localdate())


def sector_archive_members(job):
    from .models import Member

    qs = Member.objects.filter(sector=job.sector)
    if job.term_id:
        qs = qs.filter(terms=job.term)
    else:
        qs = qs.filter(status=Member.Status.SITTING)
    return qs.order_by("number")


@shared_task
def build_sector_archive(job_id: int):
    """Every member's Word archive of a sector, zipped; progress is kept on the job row."""
    from django.conf import settings
    from django.utils import translation

    from .archive import archive_docx, archive_filename, build_archive, sector_archive_filename
    from .models import ArchiveJob

    job = ArchiveJob.objects.select_related("sector", "term").get(pk=job_id)
    if job.state == ArchiveJob.State.DONE:
        return job.pk
    members = list(sector_archive_members(job))
    ArchiveJob.objects.filter(pk=job.pk).update(
        state=ArchiveJob.State.RUNNING, total=len(members), done=0, error=""
    )
    buffer = io.BytesIO()
    # a worker has no request: the archives and their names speak the portal's language
    with translation.override(settings.LANGUAGE_CODE):
        _zip_archives(job, members, buffer, archive_docx, archive_filename, build_archive)
        stored = sector_archive_filename(job)
    job.refresh_from_db()
    job.file.save(stored, ContentFile(buffer.getvalue()), save=False)
    job.state, job.finished_at = ArchiveJob.State.DONE, timezone.now()
    job.save(update_fields=["file", "state", "finished_at"])
    return job.pk


def _zip_archives(job, members, buffer, archive_docx, archive_filename, build_archive):
    from .models import ArchiveJob

    try:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive_zip:
            for i, member in enumerate(members, start=1):
                archive = build_archive(member, year=job.year, term=job.term)
                entry = archive_filename(archive, "docx", numbered=True)
                archive_zip.writestr(entry, archive_docx(archive))
                ArchiveJob.objects.filter(pk=job.pk).update(done=i)
    except Exception as exc:
        log.exception("sector archive %s failed", job.pk)
        ArchiveJob.objects.filter(pk=job.pk).update(
            state=ArchiveJob.State.FAILED, error=str(exc)[:500]
        )
        raise


@shared_task
def mask_expired_personal_data():
    """Nightly in the beat schedule: mask phone, ID number and address of members who left,
    past the retention period (idempotent: masked members are not due again)."""
    from .terms.retention import mask_expired

    return {"masked": len(mask_expired(actor=None, dry_run=False))}
