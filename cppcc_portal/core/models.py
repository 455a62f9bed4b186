"""Cross-cutting rows: gap-free counters and the beat heartbeat."""

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
