"""What became of an adopted report: forwarding (报送), use at a level (采用) and leaders'
instructions (批示), each credited to every contributor in the duty ledger."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import DutyKind
from members.services import record_duty

from .. import workflow
from ..models import Forwarding, Instruction, InstructionLevel, Level, Recipient, Report, ReportUse
from ._base import _contributors, _event, _lock, _notify_contributors, _require_staff

USE_DUTY = {
    Level.DISTRICT: DutyKind.OPINION_USED_DISTRICT,
    Level.CITY: DutyKind.OPINION_USED_CITY,
    Level.NATIONAL: DutyKind.OPINION_USED_NATIONAL,
}
INSTRUCTION_DUTY = {
    InstructionLevel.DISTRICT: DutyKind.OPINION_INSTRUCTED_DISTRICT,
    InstructionLevel.CITY: DutyKind.OPINION_INSTRUCTED_CITY,
    InstructionLevel.CENTRAL: DutyKind.OPINION_INSTRUCTED_CENTRAL,
}


def _require_published(report):
    if not workflow.meta(report).published:
        raise ValidationError(_("Only an adopted report can be forwarded or recorded as used."))


def _credit(report, *, kind, source, occurred_on, actor):
    for member in _contributors(report):
        record_duty(
            member=member,
            kind=kind,
            source=source,
            occurred_on=occurred_on,
            title=report.title,
            recorded_by=actor,
        )


@transaction.atomic
def forward_report(
    *, actor, report: Report, recipients, forwarded_on: date | None = None
) -> list[Forwarding]:
    """报送 to recipients; forwarding twice to the same recipient is ignored."""
    _require_staff(actor)
    report = _lock(report)
    _require_published(report)
    recipients = [r for r in recipients if isinstance(r, Recipient)]
    if not recipients:
        raise ValidationError({"recipients": _("Choose at least one recipient.")})
    forwarded_on = forwarded_on or timezone.localdate()
    done = set(report.forwardings.values_list("recipient_id", flat=True))
    rows = [
        Forwarding(report=report, recipient=r, forwarded_on=forwarded_on, forwarded_by=actor)
        for r in recipients
        if r.pk not in done
    ]
    Forwarding.objects.bulk_create(rows)
    if rows:
        names = "、".join(r.recipient.name for r in rows)
        _event(report, actor, "forward", comment=names)
        _notify_contributors(
            report,
            kind="opinion.forwarded",
            title=_("Your report “%(title)s” was forwarded to %(names)s.")
            % {"title": report.title, "names": names},
        )
    return rows


@transaction.atomic
def record_use(
    *,
    actor,
    report: Report,
    level: str,
    kind: str,
    used_on: date,
    used_by: str = "",
    note: str = "",
) -> ReportUse:
    """采用 at a level; each contributor earns the record for that level (source: this use)."""
    _require_staff(actor)
    report = _lock(report)
    _require_published(report)
    if level not in Level.values:
        raise ValidationError({"level": _("Choose the level that used the report.")})
    if kind not in ReportUse.Kind.values:
        raise ValidationError({"kind": _("Choose how the report was used.")})
    if used_on > timezone.localdate():
        raise ValidationError({"used_on": _("The date cannot be in the future.")})
    use = ReportUse(
        report=report,
        level=level,
        kind=kind,
        used_on=used_on,
        used_by=used_by.strip()[:80],
        note=note.strip()[:300],
        recorded_by=actor,
    )
    use.full_clean()
    use.save()
    _event(report, actor, "use", comment=f"{use.get_level_display()} · {use.get_kind_display()}")
    _credit(report, kind=USE_DUTY[level], source=use, occurred_on=used_on, actor=actor)
    _notify_contributors(
        report,
        kind="opinion.used",
        title=_("Your report “%(title)s” was used (%(level)s).")
        % {"title": report.title, "level": use.get_level_display()},
    )
    return use


@transaction.atomic
def record_instruction(
    *, actor, report: Report, leader_name: str, level: str, instructed_on: date, text: str
) -> Instruction:
    """批示 by a leader; each contributor earns the record for that level (source: this row)."""
    _require_staff(actor)
    report = _lock(report)
    _require_published(report)
    if level not in InstructionLevel.values:
        raise ValidationError({"level": _("Choose the leader's level.")})
    if not leader_name.strip():
        raise ValidationError({"leader_name": _("Name the leader.")})
    if not text.strip():
        raise ValidationError({"text": _("Enter the text of the instruction.")})
    if instructed_on > timezone.localdate():
        raise ValidationError({"instructed_on": _("The date cannot be in the future.")})
    row = Instruction(
        report=report,
        leader_name=leader_name.strip()[:60],
        level=level,
        instructed_on=instructed_on,
        text=text.strip(),
        recorded_by=actor,
    )
    row.full_clean()
    row.save()
    _event(report, actor, "instruction", comment=f"{row.leader_name} · {row.get_level_display()}")
    _credit(
        report, kind=INSTRUCTION_DUTY[level], source=row, occurred_on=instructed_on, actor=actor
    )
    _notify_contributors(
        report,
        kind="opinion.instructed",
        title=_("A leader wrote an instruction on your report “%(title)s”.")
        % {"title": report.title},
        body=row.text,
    )
    return row
