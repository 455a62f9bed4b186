"""The document module: one tree of blocks, rendered to Word and PDF in the official layout."""

from datetime import date, datetime

import pytest
from docx.oxml.ns import qn

from cppcc_portal.core import documents as d
from cppcc_portal.core.documents.style import fonts, line_pitch_pt
from tests.documents import (
    assert_official_layout,
    docx,
    docx_text,
    pdf_page_size_mm,
    pdf_pages,
    pdf_text,
    snapshot,
)

BODY = "近年来，我区老龄化程度不断加深，养老服务需求快速增长。" * 6


def sample():
    doc = d.Document("样张")
    doc.add(d.Mark("A"), d.Title("关于加强社区养老服务的提案", anchor="p1"))
    doc.add(d.Heading("一、情况分析"), d.Paragraph(BODY))
    doc.add(
        d.Table([[d.Cell("案由", bold=True), d.Cell("养老", span=3)], ["甲", "乙", "丙", "丁"]])
    )
    doc.add(d.Signature(["区民政局", d.chinese_date(date(2026, 12, 2))]))
    doc.add(d.PageBreak(), d.Heading("附件", anchor="p2"), d.Paragraph("附件正文"))
    doc.add(d.Catalogue([(1, "社会建设", ""), (2, "养老", "p1"), (2, "附件", "p2")]))
    doc.add(d.Colophon([("报：", "区委"), ("送：", "市政协")]))
    return doc


def test_word_has_the_official_page_grid_fonts_and_page_numbers():
    content = d.render_docx(sample())
    doc = assert_official_layout(content)
    f = fonts()
    title = next(p for p in doc.paragraphs if p.text == "关于加强社区养老服务的提案")
    run = title.runs[0]
    assert run.font.size.pt == 22 and run.font.name == f["title"].family
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = next(p for p in doc.paragraphs if p.text == BODY)
    assert body.runs[0].font.size.pt == 16
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.paragraph_format.first_line_indent.pt == 32  # two characters
    # odd pages number on the right, even pages on the left, "— n —"
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    assert section.footer.paragraphs[0].alignment == 2  # right
    assert section.even_page_footer.paragraphs[0].alignment == 0  # left
    assert section.footer.paragraphs[0].text == "— 1 —"
    assert abs(line_pitch_pt() - 29) < 0.05  # 225 mm of text in 22 lines


def test_word_catalogue_refers_to_bookmarks_with_the_pdf_page_numbers():
    doc = sample()
    _pdf, pages = d.render_pdf_with_pages(doc)
    assert pages["p1"] == 1 and pages["p2"] == 2
    word = docx(d.render_docx(doc, pages=pages))
    xml = word.element.xml
    assert 'w:name="p1"' in xml and "PAGEREF p1" in xml and "PAGEREF p2" in xml
    entry = next(p for p in word.paragraphs if p.text.startswith("附件\t"))
    assert entry.text.endswith("2")


def test_pdf_has_a4_the_text_and_page_numbers_at_the_outside():
    content = d.render_pdf(sample())
    assert pdf_page_size_mm(content) == (210, 297)
    assert pdf_pages(content) == 2
    text = pdf_text(content)
    assert "关于加强社区养老服务的提案" in text and "2026年12月2日" in text
    flat = text.replace(" ", "")
    assert "—1—" in flat and "—2—" in flat
    # the catalogue's page numbers come from the layout
    assert "养老" in text and "报：区委" in text.replace(" ", "")
    snapshot(content, "core-sample")


def test_pdf_lines_hold_28_characters():
    content = d.render_pdf(d.Document("grid").add(d.Paragraph("字" * 56, indent=False)))
    lines = [line.strip() for line in pdf_text(content).splitlines() if "字" in line]
    assert [len(line) for line in lines] == [28, 28]


def test_fonts_are_settings(settings):
    settings.DOCUMENT_FONTS = {"body": {"family": "仿宋", "size": 15}}
    doc = docx(d.render_docx(d.Document("x").add(d.Paragraph("正文"))))
    run = doc.paragraphs[0].runs[0]
    assert run.font.size.pt == 15 and run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    assert '"仿宋", "Noto Serif CJK SC"' in d.render_html(d.Document("x"))


def test_typed_text_is_escaped_and_cleaned():
    doc = d.Document("x").add(d.Paragraph("<b>粗</b>\x07"))
    assert "&lt;b&gt;" in d.render_html(doc)
    assert "<b>粗</b>" in docx_text(d.render_docx(doc))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(date(2026, 12, 2), "2026年12月2日"), (datetime(2026, 1, 5, 9), "2026年1月5日"), (None, "")],
)
def test_chinese_date(value, expected):
    assert d.chinese_date(value) == expected


def test_safe_name_drops_folders():
    assert d.safe_name("../a/b:c") == ".._a_b_c"
