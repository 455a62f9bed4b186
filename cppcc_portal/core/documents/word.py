"""Blocks → Word (python-docx): A4, the GB/T 9704 margins and grid, East-Asian fonts set
through w:eastAsia on every run, page numbers "— 1 —" at the outside edge."""

import io
import re

from docx import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from . import blocks as b
from .style import MARGINS_MM, PAGE_MM, RED, char_extra_pt, fonts, line_pitch_pt, text_width_pt

# characters XML (hence Word) cannot hold: python-docx raises on them
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def clean(text) -> str:
    return _NOT_XML.sub("", str(text))


def set_font(target, font, *, bold=None, color=None):
    """A run's (or a style's) Latin and East-Asian font and size."""
    target.font.name = font.family
    target.font.size = Pt(font.size)
    if bold is not None:
        target.font.bold = bold
    if color:
        target.font.color.rgb = RGBColor(*color)
    rfonts = target.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font.family)


class _Writer:
    def __init__(self, document: b.Document, pages: dict | None):
        self.spec, self.pages, self.fonts = document, pages or {}, fonts()
        self.doc = DocxDocument()
        self.bookmark_id = 0
        self._setup()

    # --- page, grid, styles, footer -----------------------------------------------------
    def _setup(self):
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.header_distance, section.footer_distance = Mm(15), Mm(25)
        body = self.fonts["body"]
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(round(line_pitch_pt() * 20)))
        grid.set(qn("w:charSpace"), str(round(char_extra_pt(body.size) * 4096)))
        normal = self.doc.styles["Normal"]
        set_font(normal, body)
        fmt = normal.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(line_pitch_pt())
        settings = self.doc.settings.element
        update = OxmlElement("w:updateFields")  # Word refreshes the catalogue's page numbers
        update.set(qn("w:val"), "true")
        settings.append(update)
        if self.spec.page_numbers:
            self.doc.settings.odd_and_even_pages_header_footer = True
            self._page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
            self._page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    def _page_number(self, para, align):
        """— 1 —, one character in from the outside edge (odd right, even left)."""
        para.alignment = align
        font = self.fonts["page_number"]
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            para.paragraph_format.right_indent = Pt(font.size)
        else:
            para.paragraph_format.left_indent = Pt(font.size)
        set_font(para.add_run("— "), font)
        self._field(para, "PAGE", "1", font)
        set_font(para.add_run(" —"), font)

    def _field(self, para, instruction, cached, font):
        for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
            run = para.add_run()
            set_font(run, font)
            if kind == "instr":
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = f" {text} "
            else:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        set_font(para.add_run(cached), font)
        end = para.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), "end")
        end._r.append(el)

    def _bookmark(self, para, name):
        self.bookmark_id += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.bookmark_id))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.bookmark_id))
        para._p.insert(0, start)
        para._p.append(end)

    # --- blocks -------------------------------------------------------------------------
    def para(self, text, font, *, align="justify", bold=False, indent=False, color=None):
        p = self.doc.add_paragraph()
        p.alignment = ALIGN[align]
        if indent:
            p.paragraph_format.first_line_indent = Pt(font.size * 2)
        if font.size > self.fonts["body"].size:
            p.paragraph_format.line_spacing = Pt(font.size * 1.5)
        if text:
            set_font(p.add_run(clean(text)), font, bold=bold, color=color)
        return p

    def render(self, block):
        getattr(self, "_" + type(block).__name__.lower())(block)

    def _title(self, t):
        p = self.para(t.text, self.fonts["title"], align="center")
        p.paragraph_format.space_after = Pt(line_pitch_pt())
        if t.anchor:
            self._bookmark(p, t.anchor)

    def _heading(self, h):
        font = self.fonts["heading" if h.level == 1 else "subheading"]
        p = self.para(h.text, font, align="center" if h.center else "left", indent=not h.center)
        p.paragraph_format.keep_with_next = True
        if h.anchor:
            self._bookmark(p, h.anchor)

    def _paragraph(self, x):
        indent = x.indent and x.align == "justify"
        self.para(x.text, self.fonts[x.role], align=x.align, bold=x.bold, indent=indent)

    def _mark(self, m):
        self.para(m.text, self.fonts["heading"], align="right", bold=True)

    def _signature(self, s):
        self.para("", self.fonts["body"])
        for line in s.lines:
            p = self.para(line, self.fonts["body"], align="right")
            p.paragraph_format.right_indent = Pt(self.fonts["body"].size * 2)

    def _spacer(self, s):
        for _i in range(s.lines):
            self.para("", self.fonts["body"])

    def _pagebreak(self, _):
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _rule(self, color=RED, size=12):
        p = self.doc.add_paragraph()
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1")):
            bottom.set(qn(k), v)
        bottom.set(qn("w:color"), "%02X%02X%02X" % color)
        border.append(bottom)
        p._p.get_or_add_pPr().append(border)
        p.paragraph_format.line_spacing = Pt(6)
        return p

    def _masthead(self, m):
        self.para(m.name, self.fonts["masthead"], align="center", color=RED)
        if m.issue_line:
            self.para(m.issue_line, self.fonts["body"], align="center")
        if m.left or m.right:
            p = self.para(m.left, self.fonts["body"], align="left")
            p.paragraph_format.tab_stops.add_tab_stop(Pt(text_width_pt()), WD_TAB_ALIGNMENT.RIGHT)
            set_font(p.add_run("\t" + clean(m.right)), self.fonts["body"])
        self._rule()

    def _colophon(self, c):
        font = self.fonts["table"]
        self._rule(color=(0, 0, 0), size=8)
        for label, text in c.rows:
            p = self.para("", font, align="left")
            p.paragraph_format.left_indent = Pt(font.size)
            set_font(p.add_run(clean(label)), font)
            set_font(p.add_run(clean(text)), font)
        self._rule(color=(0, 0, 0), size=8)

    def _catalogue(self, c):
        self._title(b.Title(c.title))
        font = self.fonts["table"]
        for level, text, anchor in c.entries:
            p = self.para("", self.fonts["heading"] if level == 1 else font, align="left")
            p.paragraph_format.tab_stops.add_tab_stop(
                Pt(text_width_pt()), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
            entry_font = self.fonts["heading"] if level == 1 else font
            set_font(p.add_run(clean(text)), entry_font)
            if anchor:
                set_font(p.add_run("\t"), font)
                self._field(p, f"PAGEREF {anchor} \\h", str(self.pages.get(anchor, "")), font)

    def _table(self, t):
        rows = list(t.cells())
        ncols = max(sum(c.span for c in row) for row in rows)
        table = self.doc.add_table(rows=len(rows), cols=ncols)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        font = self.fonts["table"]
        for r, row in enumerate(rows):
            col = 0
            for cell in row:
                target = table.cell(r, col)
                if cell.span > 1:
                    target = target.merge(table.cell(r, col + cell.span - 1))
                lines = clean(cell.text).split("\n") or [""]
                first = target.paragraphs[0]
                for i, line in enumerate(lines):
                    p = first if i == 0 else target.add_paragraph()
                    p.alignment = ALIGN[cell.align]
                    p.paragraph_format.line_spacing = Pt(font.size * 1.5)
                    p.paragraph_format.first_line_indent = Pt(0)
                    if line:
                        set_font(p.add_run(line), font, bold=cell.bold or (t.header and r == 0))
                if cell.height_mm:
                    table.rows[r].height = Mm(cell.height_mm)
                col += cell.span
        if t.widths_mm:
            for row in table.rows:
                for cell, width in zip(row.cells, t.widths_mm, strict=False):
                    cell.width = Mm(width)
        self.doc.add_paragraph()

    def save(self) -> bytes:
        for block in self.spec.blocks:
            self.render(block)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def render_docx(document: b.Document, *, pages: dict | None = None) -> bytes:
    """The .docx bytes. `pages` (anchor → page, from the PDF) fills the catalogue's cached
    page numbers; Word refreshes them when the file is opened."""
    return _Writer(document, pages).save()
