"""Excel export in constant memory (openpyxl write-only mode)."""

import io
from datetime import date, datetime
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value, ws=None):
    """A value openpyxl can write: text that users typed loses the control characters a
    worksheet cannot hold (they made the export fail), and text starting with "=" stays
    text instead of becoming a live formula in the recipient's Excel."""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None:
        return ""
    if isinstance(value, date | int | float):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if ws is not None and text.startswith("="):
        cell = WriteOnlyCell(ws, value=text)
        cell.data_type = "s"
        return cell
    return text


def workbook_bytes(sheets):
    """sheets: iterable of (title, headers, rows)."""
    wb = Workbook(write_only=True)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=str(title)[:31])
        bold = Font(bold=True)
        header_cells = []
        for h in headers:
            c = WriteOnlyCell(ws, value=_cell(str(h)))
            c.data_type = "s"  # a header named "=…" (a yearly minimum, say) is text too
            c.font = bold
            header_cells.append(c)
        ws.append(header_cells)
        for row in rows:
            ws.append([_cell(v, ws) for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _audit_export(filename: str, request=None):
    from cppcc_portal.audit.context import current_request
    from cppcc_portal.audit.models import Action
    from cppcc_portal.audit.services import audit

    request = request or current_request()
    query = request.GET.urlencode() if request is not None else ""
    audit(request=request, action=Action.EXPORT, detail=f"{filename} {query}".strip())


def attachment_response(content: bytes, filename: str, content_type: str, *, request=None):
    """The one way an export leaves the portal: every call writes an audit entry (the file
    name and the filter it was made with; `request` defaults to the request being served)."""
    _audit_export(filename, request)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(filename: str, headers, rows, title: str = "Sheet1", *, request=None):
    content = workbook_bytes([(title, headers, rows)])
    return attachment_response(content, filename, XLSX_TYPE, request=request)
