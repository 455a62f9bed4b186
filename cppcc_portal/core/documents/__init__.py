"""Official documents (GB/T 9704-2012 where it applies), described once as a tree of blocks
(`blocks`) and rendered both to Word (`word.render_docx`) and to PDF (`pdf.render_pdf`), so
the two cannot drift. The house style (fonts, sizes) is a setting: `style`."""

from .blocks import (
    Catalogue,
    Cell,
    Colophon,
    Document,
    Heading,
    Mark,
    Masthead,
    PageBreak,
    Paragraph,
    Signature,
    Spacer,
    Table,
    Title,
)
from .dates import chinese_date
from .pdf import render_html, render_pdf, render_pdf_with_pages
from .response import DOCX_TYPE, PDF_TYPE, bytes_response, document_response, render, safe_name
from .word import render_docx

__all__ = [
    "DOCX_TYPE",
    "PDF_TYPE",
    "Catalogue",
    "Cell",
    "Colophon",
    "Document",
    "Heading",
    "Mark",
    "Masthead",
    "PageBreak",
    "Paragraph",
    "Signature",
    "Spacer",
    "Table",
    "Title",
    "bytes_response",
    "chinese_date",
    "document_response",
    "render",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_pdf_with_pages",
    "safe_name",
]
