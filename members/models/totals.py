"""The ledger's kept totals: one row per member and year, written by database triggers in the
same statement (so the same transaction) as every write to the duty ledger — the services'
inserts and voids, `recompute_year`'s UPDATE, and the bulk loads of the demo data — and by
every change to the points table's caps. `check_duty_totals` recomputes them from the ledger.

The triggers (migration 0007, SQL in members/totals_sql.py) are statement-level with
transition tables: a statement touching many records refreshes each member-year it touched
once, from the ledger, under a row lock on the member (so two concurrent writers of the same
member serialise and the second one aggregates after the first one's commit)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisation import Member, Term


class DutyTotal(models.Model):
    """A member's year: capped total, live records, records per kind and the kinds present
    (a yearly minimum — "five ones" — is met when its kinds overlap `kinds`)."""

    member = models.ForeignKey(
        Member,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("member"),
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    term = models.ForeignKey(
        Term,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("term"),
        db_index=False,
    )
    total = models.DecimalField(_("points"), max_digits=9, decimal_places=2)
    records = models.PositiveIntegerField(_("records"))
    counts = models.JSONField(_("records per kind"), default=dict)
    kinds = ArrayField(models.CharField(max_length=40), default=list)

    class Meta:
        verbose_name = _("duty total")
        verbose_name_plural = _("duty totals")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="one_duty_total_per_year")
        ]
        indexes = [
            models.Index("year", models.F("total").desc(), name="duty_total_year_rank"),
            models.Index(
                "term", "year", models.F("total").desc(), name="duty_total_term_year_rank"
            ),
        ]

    def __str__(self):
        return f"{self.member_id} · {self.year}: {self.total}"
