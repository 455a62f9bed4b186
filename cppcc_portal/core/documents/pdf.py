"""Blocks → HTML → PDF (WeasyPrint), with the same page, grid and fonts as the Word file:
@page of the same margins, 22 lines of 28 characters, "— 1 —" at the outside edge."""

import logging

from django.template.loader import render_to_string
from django.utils.html import escape

from . import blocks as b
from .style import MARGINS_MM, RED, char_extra_pt, fonts, line_pitch_pt

ALIGN = {"justify": "justify", "left": "left", "center": "center", "right": "right"}


def _e(text) -> str:
    return escape(str(text))


class _Html:
    def __init__(self):
        self.fonts = fonts()

    def font(self, role, *, bold=False):
        f = self.fonts[role]
        weight = "font-weight:bold;" if bold else ""
        return f"font-family:{_e(f.css)};font-size:{f.size}pt;{weight}"

    def render(self, block) -> str:
        return getattr(self, "_" + type(block).__name__.lower())(block)

    def _anchor(self, anchor):
        return f' id="{_e(anchor)}"' if anchor else ""

    def _title(self, t):
        return f'<h1 class="title"{self._anchor(t.anchor)}>{_e(t.text)}</h1>'

    def _heading(self, h):
        role = "heading" if h.level == 1 else "subheading"
        cls = "heading center" if h.center else "heading"
        return (
            f'<h{h.level + 1} class="{cls}" style="{self.font(role)}"{self._anchor(h.anchor)}>'
            f"{_e(h.text)}</h{h.level + 1}>"
        )

    def _paragraph(self, p):
        cls = "indent" if p.indent and p.align == "justify" else ""
        style = f"text-align:{ALIGN[p.align]};{self.font(p.role, bold=p.bold)}"
        return f'<p class="{cls}" style="{style}">{_e(p.text)}</p>'

    def _mark(self, m):
        return f'<p class="mark" style="{self.font("heading", bold=True)}">{_e(m.text)}</p>'

    def _signature(self, s):
        lines = "".join(f"<p>{_e(line)}</p>" for line in s.lines)
        return f'<div class="signature">{lines}</div>'

    def _spacer(self, s):
        return "<p>&nbsp;</p>" * s.lines

    def _pagebreak(self, _):
        return '<div class="page-break"></div>'

    def _masthead(self, m):
        parts = [f'<div class="masthead-name" style="{self.font("masthead")}">{_e(m.name)}</div>']
        if m.issue_line:
            parts.append(f'<p class="center">{_e(m.issue_line)}</p>')
        if m.left or m.right:
            parts.append(
                f'<div class="masthead-line"><span>{_e(m.left)}</span>'
                f"<span>{_e(m.right)}</span></div>"
            )
        return f'<div class="masthead">{"".join(parts)}</div>'

    def _colophon(self, c):
        rows = "".join(f"<p><span>{_e(label)}</span>{_e(text)}</p>" for label, text in c.rows)
        return f'<div class="colophon" style="{self.font("table")}">{rows}</div>'

    def _catalogue(self, c):
        items = []
        for level, text, anchor in c.entries:
            role = "heading" if level == 1 else "table"
            link = f' href="#{_e(anchor)}"' if anchor else ""
            items.append(
                f'<li class="level{level}" style="{self.font(role)}"><a{link}>{_e(text)}</a></li>'
            )
        return f'<h1 class="title">{_e(c.title)}</h1><ul class="catalogue">{"".join(items)}</ul>'

    def _table(self, t):
        total = sum(t.widths_mm) if t.widths_mm else 0
        cols = "".join(f'<col style="width:{w / total * 100:.1f}%">' for w in t.widths_mm)
        rows = []
        for r, row in enumerate(t.cells()):
            cells = []
            for cell in row:
                tag = "th" if cell.bold or (t.header and r == 0) else "td"
                span = f' colspan="{cell.span}"' if cell.span > 1 else ""
                height = f"height:{cell.height_mm}mm;" if cell.height_mm else ""
                text = "<br>".join(_e(line) for line in str(cell.text).split("\n"))
                cells.append(
                    f'<{tag}{span} style="text-align:{ALIGN[cell.align]};{height}">{text}</{tag}>'
                )
            rows.append(f"<tr>{''.join(cells)}</tr>")
        return f'<table style="{self.font("table")}">{cols}{"".join(rows)}</table>'


def render_html(document: b.Document) -> str:
    writer = _Html()
    f = writer.fonts
    body = f["body"]
    return render_to_string(
        "documents/document.html",
        {
            "name": document.name,
            "body": "".join(writer.render(block) for block in document.blocks),
            "page_numbers": document.page_numbers,
            "margins": MARGINS_MM,
            "fonts": f,
            "line_pitch": f"{line_pitch_pt():.2f}",
            "letter_spacing": f"{char_extra_pt(body.size) - 0.02:.3f}",
            "red": "#%02X%02X%02X" % RED,
        },
    )


def _rendered(document: b.Document):
    from weasyprint import HTML

    return HTML(string=render_html(document)).render()


def pages_of_anchors(rendered) -> dict:
    """anchor → the page (1-based) it falls on, from a rendered WeasyPrint document."""
    pages = {}
    for number, page in enumerate(rendered.pages, start=1):
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


def render_pdf_with_pages(document: b.Document) -> tuple[bytes, dict]:
    rendered = _rendered(document)
    return rendered.write_pdf(), pages_of_anchors(rendered)


def render_pdf(document: b.Document) -> bytes:
    return _rendered(document).write_pdf()


logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line per page
