"""The duty archive (履职档案, "一届一人一档"): one member's year or term as Word or PDF.

Phones and ID numbers are left out: an archive is a document that leaves the system.
"""

import io
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .models import DutyKind, Member, SelfReport, Term
from .points import Bands, kind_breakdown, minimum_status
from .selectors import duty_records

CJK_FONT = "Noto Sans CJK SC"


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


def _set_font(run, size=None, bold=None):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = CJK_FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), CJK_FONT)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


# characters XML (hence Word) cannot hold; python-docx raised ValueError on them (a 500)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value) -> str:
    """Titles and notes come from people (and every part of the portal): keep what Word can."""
    return _NOT_XML.sub("", str(value))


def _para(doc, text, *, size=11, bold=False, style=None):
    p = doc.add_paragraph(style=style)
    _set_font(p.add_run(_text(text)), size=size, bold=bold)
    return p


def _table(doc, headers, rows):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        _set_font(cell.paragraphs[0].add_run(_text(text)), size=10, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            _set_font(cell.paragraphs[0].add_run(_text(text)), size=10)
    return table


def archive_docx(archive: Archive) -> bytes:
    """The archive as a Word document; every run carries the East-Asian font (w:eastAsia)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = CJK_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)
    member = archive.member
    title = _para(
        doc,
        _("Duty archive of %(name)s · %(period)s")
        % {"name": member.name, "period": archive.period},
        size=18,
        bold=True,
    )
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, _("Base data"), size=14, bold=True)
    _table(doc, [_("Item"), _("Content")], _base_rows(member))
    _para(doc, _("Points and evaluation"), size=14, bold=True)
    _table(
        doc,
        [_("Year"), _("Points"), _("Evaluation band"), _("Yearly minimums missing")],
        [
            (
                y,
                total,
                band.name if band else "—",
                "、".join(s.minimum.name for s in status if not s.met) or _("All met"),
            )
            for y, total, band, status in archive.years
        ],
    )
    _para(doc, _("Duty records (%(n)d)") % {"n": archive.record_count}, size=14, bold=True)
    if not archive.groups:
        _para(doc, _("No duty records."))
    for label, records in archive.groups.items():
        _para(doc, f"{label}（{len(records)}）", size=12, bold=True)
        _table(
            doc,
            [_("Date"), _("Title"), _("Points"), _("Note")],
            [(r.occurred_on.isoformat(), r.title, r.points, r.note) for r in records],
        )
    _para(doc, _("Yearly self-report"), size=14, bold=True)
    if not archive.reports:
        _para(doc, _("No self-report written."))
    for report in archive.reports:
        _para(doc, f"{report.year} · {report.get_state_display()}", size=12, bold=True)
        for chunk in report.body.splitlines() or [""]:
            _para(doc, chunk)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def archive_pdf(archive: Archive) -> bytes:
    """The same archive as PDF (WeasyPrint, Noto CJK from the system fonts)."""
    from weasyprint import HTML

    html = render_to_string(
        "members/archive_pdf.html",
        {"archive": archive, "base_rows": _base_rows(archive.member), "font": CJK_FONT},
    )
    return HTML(string=html).write_pdf()


def archive_filename(archive: Archive, ext: str) -> str:
    """One file name, also an entry of the sector zip: no folders ("../") from a typed name."""
    name = re.sub(r'[\\/:*?"<>|]', "_", _text(archive.member.name))
    label = _("duty archive")  # not inside the f-string: makemessages does not look there
    return f"{archive.member.number}-{name}-{label}-{archive.period}.{ext}"
