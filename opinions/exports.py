"""The bulletin as documents: one issue as Word (its reports in order), the year's list as Excel."""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from cppcc_portal.core.exports import workbook_bytes

BODY_FONT = "仿宋"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"


def _font(run, name: str, size: float, bold: bool = False):
    """Set the Latin and the East-Asian font: Word picks Chinese glyphs from w:eastAsia."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:ascii"), name)
    fonts.set(qn("w:hAnsi"), name)


def _para(doc, text, font=BODY_FONT, size=16, bold=False, center=False, indent=True, color=None):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    run = p.add_run(text)
    _font(run, font, size, bold)
    if color:
        run.font.color.rgb = RGBColor(*color)
    return p


def issue_docx(issue, reports) -> bytes:
    """《社情民意》第N期: masthead, sign-off, then every report in issue order."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = BODY_FONT
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _para(doc, "社情民意", TITLE_FONT, 36, True, center=True, color=(0xC0, 0, 0))
    _para(
        doc,
        _("%(year)s · No. %(number)s") % {"year": issue.year, "number": issue.number},
        BODY_FONT,
        16,
        center=True,
    )
    _para(
        doc,
        _("Signed off by: %(name)s    Date: %(date)s")
        % {"name": issue.signed_off_by, "date": issue.published_on.strftime("%Y-%m-%d")},
        BODY_FONT,
        12,
        center=True,
    )
    for index, report in enumerate(reports, start=1):
        _para(doc, f"{index}. {report.title}", HEADING_FONT, 18, True, center=True)
        _para(doc, report.author_label, "楷体", 14, center=True)
        for line in report.problem.splitlines():
            if line.strip():
                _para(doc, line.strip())
        if report.suggestion:
            _para(doc, _("Suggestions:"), HEADING_FONT, 16, indent=True)
            for line in report.suggestion.splitlines():
                if line.strip():
                    _para(doc, line.strip())
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def year_xlsx(year: int, reports) -> bytes:
    headers = [
        _("Issue"),
        _("Order"),
        _("Title"),
        _("Submitted by"),
        _("Sector"),
        _("Adopted on"),
        _("Uses"),
        _("Leader instructions"),
    ]

    def rows():
        for r in reports:
            yield [
                r.issue.number,
                r.position,
                r.title,
                "、".join(m.name for m in r.contributors.all()) or r.author_label,
                r.member.sector.name if r.member else "",
                r.adopted_on,
                "；".join(f"{u.get_level_display()}{u.get_kind_display()}" for u in r.uses.all()),
                "；".join(
                    f"{i.leader_name}（{i.get_level_display()}）{i.instructed_on:%Y-%m-%d}"
                    for i in r.instructions.all()
                ),
            ]

    return workbook_bytes([(str(year), headers, rows())])
