"""Serving stored files: only ever through a view that has checked permission first."""

import mimetypes
from pathlib import PurePath

from django.http import FileResponse, Http404


def file_response(field_file, *, filename: str | None = None, inline: bool = False):
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
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
