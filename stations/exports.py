"""A station's year in Excel (activities, participation, opinions) and as a Word report.

Neither carries residents' contacts or members' phones: they leave staff hands.
"""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cppcc_portal.core.exports import XLSX_TYPE, attachment_response, workbook_bytes

from .models import Activity, Opinion
from .selectors import station_stats

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "宋体"
HEADING_FONT = "黑体"


def _activities(station, year):
    return (
        Activity.objects.filter(station=station, date__year=year)
        .prefetch_related("participants")
        .order_by("date", "id")
    )


def station_workbook_response(station, *, year: int):
    stats = station_stats(station, year=year)

    def activity_rows():
        for a in _activities(station, year):
            yield [
                a.date,
                a.get_kind_display(),
                a.title,
                "、".join(m.name for m in a.participants.all()),
                a.residents_reached,
                a.services_given,
                float(a.donation_amount),
                a.summary,
            ]

    def opinion_rows():
        for o in Opinion.objects.filter(station=station, received_at__year=year).order_by(
            "received_at"
        ):
            yield [
                o.receipt_code,
                o.received_at,
                o.get_source_display(),
                o.get_category_display(),
                o.content,
                o.get_state_display(),
                o.result,
            ]

    content = workbook_bytes(
        [
            (
                _("Activities"),
                [
                    _("Date"),
                    _("Kind"),
                    pgettext("station", "Title"),
                    _("Members taking part"),
                    _("Residents reached"),
                    _("Services given"),
                    _("Donation amount (yuan)"),
                    pgettext("station", "Summary"),
                ],
                activity_rows(),
            ),
            (
                _("Participation"),
                [_("Member number"), _("Name"), _("Sector"), _("Activities")],
                ([m.number, m.name, m.sector.name, n] for m, n in stats["participation"]),
            ),
            (
                _("Residents' opinions"),
                [
                    _("Receipt code"),
                    pgettext("station", "Received on"),
                    _("Source"),
                    _("Category"),
                    _("Content"),
                    _("State"),
                    _("Result told to the resident"),
                ],
                opinion_rows(),
            ),
        ]
    )
    return attachment_response(content, f"{station.name}-{year}.xlsx", XLSX_TYPE)


def _east_asian(run, font=FONT, size=None):
    """python-docx sets only the Latin font; Chinese text needs w:eastAsia on rFonts."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = font
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), font)
    if size:
        run.font.size = Pt(size)


def _para(doc, text, *, font=FONT, size=12, bold=False, center=False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    _east_asian(run, font, size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def _table(doc, headers, rows):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(text))
        run.bold = True
        _east_asian(run, FONT, 10.5)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = ""
            _east_asian(cell.paragraphs[0].add_run(str(value)), FONT, 10.5)
    return table


def station_report_document(station, *, year: int) -> bytes:
    """The yearly station report (年度工作报告) as a .docx."""
    from docx import Document

    stats = station_stats(station, year=year)
    totals = stats["totals"]
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT
    )
    _para(
        doc,
        _("%(station)s — work report %(year)s") % {"station": station.name, "year": year},
        font=HEADING_FONT,
        size=18,
        bold=True,
        center=True,
    )
    _para(doc, _("1. The station"), font=HEADING_FONT, size=14, bold=True)
    _para(
        doc,
        _(
            "Kind: %(kind)s. Town or street: %(street)s. Address: %(address)s. Opening hours: %(hours)s."
        )
        % {
            "kind": station.kind.name,
            "street": station.street.name if station.street_id else "—",
            "address": station.address or "—",
            "hours": station.opening_hours or "—",
        },
    )
    _para(
        doc,
        _(
            "Station head: %(head)s. Members assigned: %(n)d, of whom %(active)d took part in activities."
        )
        % {
            "head": station.head.name if station.head_id else "—",
            "n": len(stats["participation"]),
            "active": stats["members_active"],
        },
    )
    _para(doc, _("2. Activities"), font=HEADING_FONT, size=14, bold=True)
    _para(
        doc,
        _(
            "%(n)d activities reached %(residents)d residents and gave %(services)d services; "
            "donations came to %(donations)s yuan."
        )
        % {
            "n": totals["n"] or 0,
            "residents": totals["residents"] or 0,
            "services": totals["services"] or 0,
            "donations": totals["donations"] or 0,
        },
    )
    _table(doc, [_("Kind"), _("Activities")], [(label, n) for label, n in stats["by_kind"] if n])
    _para(doc, "")
    _table(
        doc,
        [_("Month"), _("Activities")],
        [(_("Month %(m)d") % {"m": i + 1}, n) for i, n in enumerate(stats["per_month"])],
    )
    _para(doc, _("3. Residents' opinions"), font=HEADING_FONT, size=14, bold=True)
    _para(
        doc,
        _("%(total)d opinions received in all; %(solved)d problems solved in %(year)s.")
        % {"total": stats["opinions_total"], "solved": stats["solved"], "year": year},
    )
    _table(doc, [_("State"), _("Opinions")], [(label, n) for _v, label, n, _b in stats["by_state"]])
    _para(doc, _("4. Members' participation"), font=HEADING_FONT, size=14, bold=True)
    _table(
        doc,
        [_("Name"), _("Sector"), _("Activities")],
        [(m.name, m.sector.name, n) for m, n in stats["participation"]],
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def station_report_response(station, *, year: int):
    return attachment_response(
        station_report_document(station, year=year),
        f"{station.name}-{year}-" + _("work report") + ".docx",
        DOCX_TYPE,
    )
