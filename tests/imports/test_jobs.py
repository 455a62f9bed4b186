"""A large sheet goes to a Celery task; the page shows its progress until it is done."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from cppcc_portal.core.imports import pipeline, service
from cppcc_portal.core.models import ImportJob
from proposals.models import Proposal

from .sheets import real_year_rows, upload, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery():
    from cppcc_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_a_large_file_runs_in_a_task(
    staff, year, media, monkeypatch, eager_celery, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(service, "INLINE_BYTES", 1)  # every file counts as large here
    content = workbook_bytes(real_year_rows(year[1], count=(2, 2, 2)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = service.start(actor=staff, sheet="proposals", upload=upload(content))
    assert job.state == ImportJob.State.QUEUED
    for callback in callbacks:  # the data stamp's and the task's
        callback()
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and job.counts["create"] == 6 and job.total == 6
    with django_capture_on_commit_callbacks(execute=True):
        written = service.start(actor=staff, sheet="proposals", commit=True, preview=job)
    written.refresh_from_db()
    assert written.written and Proposal.objects.count() == 6
    # a retried task finds the job done and does nothing
    assert service.run_job(written.pk).counts == written.counts
    assert Proposal.objects.count() == 6


def test_the_page_shows_progress_while_the_task_runs(client, staff, media):
    job = ImportJob.objects.create(
        sheet="proposals", file_name="大表.xlsx", total=5000, state="running", created_by=staff
    )
    cache.set(pipeline.progress_key(job.pk), 1250, 60)
    client.force_login(staff)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'id="import-progress"' in page and "1250 / 5000" in page and 'data-width="25"' in page
    partial = client.get(reverse("imports:progress", args=[job.pk]))
    assert partial.status_code == 200 and "1250 / 5000" in partial.content.decode()
    ImportJob.objects.filter(pk=job.pk).update(state="done")
    done = client.get(reverse("imports:progress", args=[job.pk]))
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


def test_an_unexpected_failure_marks_the_job_failed_not_a_500(
    client, staff, year, media, monkeypatch
):
    from proposals.imports import ProposalSheet

    def broken(self, values, ctx, errors):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(ProposalSheet, "resolve", broken)
    client.force_login(staff)
    content = workbook_bytes(real_year_rows(year[1], count=(0, 0, 1)))
    response = client.post(reverse("imports:upload", args=["proposals"]), {"file": upload(content)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.state == ImportJob.State.FAILED
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "导入失败：磁盘已满" in page
