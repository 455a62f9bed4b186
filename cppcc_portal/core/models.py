"""Cross-cutting rows: gap-free counters and the beat heartbeat."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    """A locked counter row: the only source of official numbers (never max()+1)."""

    key = models.CharField(_("key"), max_length=120, unique=True)
    value = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")

    def __str__(self):
        return f"{self.key}: {self.value}"


class Heartbeat(models.Model):
    """Written by a periodic task so /healthz can tell whether beat and a worker are alive."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M:%S}"


class RateCounter(models.Model):
    """A rate limit's counter when the cache (Redis) does not answer: one row per
    (purpose, key), reset when its window has passed (core.ratelimit)."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    window_ends = models.DateTimeField(_("window ends"), db_index=True)

    class Meta:
        verbose_name = _("rate limit counter")
        verbose_name_plural = _("rate limit counters")

    def __str__(self):
        return f"{self.key}: {self.count}"


class ImportJob(models.Model):
    """One run of a sheet through the import pipeline (core.imports): a preview (dry run) or a
    write, inline or in a Celery task; the page polls `done`/`total`. The outcome of every row
    is kept (`rows`) for the preview table and the downloadable report."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Mode(models.TextChoices):
        ALL = "all", _("All rows or none")
        GOOD = "good", _("Only the good rows")

    sheet = models.CharField(_("sheet"), max_length=40)
    commit = models.BooleanField(_("written"), default=False)
    mode = models.CharField(_("mode"), max_length=4, choices=Mode.choices, default=Mode.ALL)
    file = models.FileField(_("file"), upload_to="imports/")
    file_name = models.CharField(_("file name"), max_length=200)
    file_size = models.PositiveIntegerField(_("size"), default=0)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    rows = models.JSONField(default=list, blank=True)
    errors = models.JSONField(default=list, blank=True)
    written = models.BooleanField(_("records written"), default=False)
    preview_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.sheet} · {self.file_name}"

    @property
    def in_progress(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self) -> int:
        if self.total:
            return min(100, int(self.done * 100 / self.total))
        return 100 if self.state == self.State.DONE else 0


class ImportedRecord(models.Model):
    """What a sheet's natural key (a session + a number, a unit's name) was imported as, and
    the fingerprint of the row: the same row again changes nothing (idempotent re-run)."""

    sheet = models.CharField(_("sheet"), max_length=40)
    key = models.CharField(_("natural key"), max_length=200)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    fingerprint = models.CharField(max_length=64)
    job = models.ForeignKey(ImportJob, on_delete=models.SET_NULL, null=True, related_name="+")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "key"], name="imported_record_once"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="imported_object")]

    def __str__(self):
        return f"{self.sheet}:{self.key}"
