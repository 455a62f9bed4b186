"""The duty archive (履职档案, "一届一人一档"): one member's year or term as Word or PDF, from
one block list in the official documents' styles (cppcc_portal.core.documents).

Phones and ID numbers are left out: an archive is a document that leaves the system.
"""

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cppcc_portal.core.documents import (
    Document,
    Heading,
    Paragraph,
    Table,
    Title,
    render_docx,
    render_pdf,
)

from .models import DutyKind, Member, SelfReport, Term
from .points import Bands, kind_breakdown, minimum_status
from .selectors import duty_records


@dataclass
class Archive:
    member: Member
    year: int | None
    term: Term | None
    groups: "OrderedDict[str, list]" = field(default_factory=OrderedDict)
    years: list = field(default_factory=list)  # [(year, total, band, minimums)]
    total: Decimal = Decimal("0")
    reports: list = field(default_factory=list)

    @property
    def period(self):
        if self.year:
            return _("year %(year)d") % {"year": self.year}
        return str(self.term)

    @property
    def record_count(self):
        return sum(len(v) for v in self.groups.values())


def build_archive(member: Member, *, year: int | None = None, term: Term | None = None) -> Archive:
    """Everything the document shows, read once: base data, records by kind, points, reports."""
    member = (
        Member.objects.select_related("sector", "street")
        .prefetch_related("committee_memberships__committee", "posts__post", "terms")
        .get(pk=member.pk)
    )
    archive = Archive(member=member, year=year, term=term)
    records = duty_records(member, year=year, term=term, with_voided=False)
    labels = dict(DutyKind.choices)
    order = {k: i for i, k in enumerate(DutyKind.values)}
    for record in sorted(records, key=lambda r: (order.get(r.kind, 99), r.occurred_on, r.pk)):
        archive.groups.setdefault(str(labels.get(record.kind, record.kind)), []).append(record)
    if year is not None:
        years = [year]
    else:
        years = sorted({r.year for r in records}) or list(
            range(term.start_date.year, term.end_date.year + 1)
        )
    bands = Bands(term)
    for y in years:
        total = sum((line.points for line in kind_breakdown(member.pk, y)), Decimal("0"))
        archive.years.append((y, total, bands.for_points(total), minimum_status(member.pk, y)))
        archive.total += total
    archive.reports = list(
        SelfReport.objects.filter(member=member, year__in=years).order_by("year")
    )
    return archive


def _base_rows(member):
    return [
        (_("Name"), member.name),
        (_("Member number"), member.number),
        (_("Gender"), member.get_gender_display()),
        (_("Ethnicity"), member.ethnicity),
        (_("Political affiliation"), member.get_affiliation_display()),
        (_("Sector"), member.sector.name),
        (
            _("Special committees"),
            "、".join(cm.committee.name for cm in member.committee_memberships.all()) or "—",
        ),
        (_("Posts"), "、".join(p.post.name for p in member.posts.all()) or "—"),
        (_("Work unit"), member.work_unit or "—"),
        (_("Job title"), member.job_title or "—"),
        (_("Terms served"), "、".join(t.name for t in member.terms.all()) or "—"),
    ]


# characters XML (hence Word) cannot hold; python-docx raised ValueError on them (a 500)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value) -> str:
    """Titles and notes come from people (and every part of the portal): keep what Word can."""
    return _NOT_XML.sub("", str(value))


def _rows(rows) -> list:
    return [[_text(cell) for cell in row] for row in rows]


def archive_document(archive: Archive) -> Document:
    """The archive as one block list, in the official documents' styles (GB/T 9704 page, 仿宋
    body, 黑体/楷体 headings), so its Word and PDF are the same document."""
    member = archive.member
    doc = Document(archive_filename(archive, "").removesuffix("."))
    doc.add(
        Title(
            _text(
                _("Duty archive of %(name)s · %(period)s")
                % {"name": member.name, "period": archive.period}
            )
        )
    )
    doc.add(Heading(f"一、{_('Base data')}"))
    doc.add(Table(_rows([(_("Item"), _("Content")), *_base_rows(member)]), [40, 116], header=True))
    doc.add(Heading(f"二、{_('Points and evaluation')}"))
    years = [
        (
            y,
            total,
            band.name if band else "—",
            "、".join(s.minimum.name for s in status if not s.met) or _("All met"),
        )
        for y, total, band, status in archive.years
    ]
    header = (_("Year"), _("Points"), _("Evaluation band"), _("Yearly minimums missing"))
    doc.add(Table(_rows([header, *years]), [22, 26, 34, 74], header=True))
    doc.add(Heading("三、" + _("Duty records (%(n)d)") % {"n": archive.record_count}))
    if not archive.groups:
        doc.add(Paragraph(_("No duty records.")))
    header = (_("Date"), pgettext("duty record", "Title"), _("Points"), _("Note"))
    for i, (label, records) in enumerate(archive.groups.items(), 1):
        doc.add(Heading(f"（{_chinese_number(i)}）{label}（{len(records)}）", level=2))
        rows = [(r.occurred_on.isoformat(), r.title, r.points, r.note) for r in records]
        doc.add(Table(_rows([header, *rows]), [26, 76, 18, 36], header=True))
    doc.add(Heading(f"四、{_('Yearly self-report')}"))
    if not archive.reports:
        doc.add(Paragraph(_("No self-report written.")))
    for report in archive.reports:
        doc.add(Heading(f"{report.year} · {report.get_state_display()}", level=2))
        doc.paragraphs(_text(report.body))
    return doc


def _chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return f"{digits[tens] if tens > 1 else ''}十{digits[ones] if ones else ''}"


def archive_docx(archive: Archive) -> bytes:
    return render_docx(archive_document(archive))


def archive_pdf(archive: Archive) -> bytes:
    return render_pdf(archive_document(archive))


def archive_filename(archive: Archive, ext: str, *, numbered: bool = False) -> str:
    """张三-履职档案-2026年度.pdf, every piece in the page's language; `numbered`: with the
    member number first (an entry of the sector zip, where two members may share a name). No
    folders ("../") from a typed name."""
    name = re.sub(r'[\\/:*?"<>|]', "_", _text(archive.member.name))
    label = _("duty archive")  # not inside the f-string: makemessages does not look there
    prefix = f"{archive.member.number}-" if numbered else ""
    return f"{prefix}{name}-{label}-{archive.period}.{ext}"


def sector_archive_filename(job) -> str:
    """经济界-履职档案-2026年度.zip (or …-第二届.zip for a whole term)."""
    period = _("year %(year)d") % {"year": job.year} if job.year else str(job.term or "")
    name = f"{job.sector.name}-{_('duty archive')}-{period}.zip"
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name)
