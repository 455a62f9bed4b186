"""Serving stored files: only ever through a view that has checked permission first."""

import mimetypes
from pathlib import PurePath

from django.http import FileResponse, Http404


def file_response(field_file, *, filename: str | None = None, inline: bool = False, request=None):
    """The file as a download. Every download is written to the security audit log (with
    `request`, or the request being served when none is passed)."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404
    name = filename or PurePath(field_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=not inline, filename=name, content_type=content_type
    )
    from cppcc_portal.audit.context import current_request
    from cppcc_portal.audit.models import Action
    from cppcc_portal.audit.services import audit

    request = request or current_request()
    if request is not None:
        audit(
            request=request,
            action=Action.DOWNLOAD,
            target=getattr(field_file, "instance", None),
            detail=name,
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
