"""Serving a generated document: only from a view that has checked permission first, and
each download written to the security audit log like a stored file's (core.files)."""

import re

from django.http import Http404

from cppcc_portal.core.exports import attachment_response

from .blocks import Document
from .pdf import render_pdf
from .word import render_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
FORMATS = {"docx": (render_docx, DOCX_TYPE), "pdf": (render_pdf, PDF_TYPE)}


def safe_name(name: str) -> str:
    """A file name from typed text: no folders, no characters Windows refuses."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", str(name)).strip() or "document"


def render(document: Document, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise Http404
    return FORMATS[fmt][0](document)


def document_response(request, document: Document, fmt: str, *, target=None):
    """The document as a download in `fmt` ("docx" or "pdf"), audited with its target."""
    if fmt not in FORMATS:
        raise Http404
    content = render(document, fmt)
    return bytes_response(request, content, f"{safe_name(document.name)}.{fmt}", target=target)


def bytes_response(request, content: bytes, filename: str, *, target=None):
    from cppcc_portal.audit.models import Action
    from cppcc_portal.audit.services import audit

    ext = filename.rsplit(".", 1)[-1]
    content_type = FORMATS[ext][1] if ext in FORMATS else "application/octet-stream"
    response = attachment_response(content, filename, content_type)
    response["X-Content-Type-Options"] = "nosniff"
    audit(request=request, action=Action.DOWNLOAD, target=target, detail=filename)
    return response
