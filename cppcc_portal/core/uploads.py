"""The one validated upload path: size, extension and content sniffing.

Files are stored under a random name and served only by permission-checked views.
"""

import uuid
import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# extension -> accepted sniffed kinds; OOXML files sniff as zip, old Office files as OLE.
ALLOWED_TYPES = {
    "pdf": {"pdf"},
    "ofd": {"zip"},
    "doc": {"ole"},
    "docx": {"zip", "docx"},
    "xls": {"ole"},
    "xlsx": {"zip", "xlsx"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "png": {"png"},
}
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def display_name(name: str, limit: int = 200) -> str:
    """The uploaded file's own name, cut to `limit` characters but keeping its extension,
    so a long name is still served with the right content type."""
    name = PurePath(name or "").name
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix[:20]
    return name[: limit - len(suffix)] + suffix


def sniff(head: bytes) -> str | None:
    if head.startswith(OLE_MAGIC):
        return "ole"
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.extension in {"zip", "docx", "xlsx", "pptx"}:
        return kind.extension
    return kind.extension


def validate_upload(upload, *, allowed: set[str] | None = None, max_bytes: int | None = None):
    """Raise ValidationError (in Chinese) unless the file is what its name says."""
    allowed = allowed or set(ALLOWED_TYPES)
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    ext = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if ext not in allowed:
        raise ValidationError(
            _("Files of type “%(ext)s” are not accepted. Allowed: %(allowed)s."),
            code="extension",
            params={"ext": ext or "?", "allowed": ", ".join(sorted(allowed))},
        )
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (at most %(max)s)."),
            code="size",
            params={"max": filesizeformat(max_bytes)},
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = sniff(head)
    if kind not in ALLOWED_TYPES[ext]:
        raise ValidationError(
            _("The file's content does not match its extension “%(ext)s”."),
            code="content",
            params={"ext": ext},
        )
    if kind in {"zip", "docx", "xlsx"} and ext in {"docx", "xlsx", "ofd"}:
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise ValidationError(_("The file is damaged."), code="content")
        finally:
            upload.seek(0)
        expected = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "ofd": "OFD.xml"}[ext]
        if expected not in names:
            raise ValidationError(
                _("The file's content does not match its extension “%(ext)s”."),
                code="content",
                params={"ext": ext},
            )
    return ext


def upload_to(instance, filename):
    """Random stored name under the model's folder; the original name is kept on the row."""
    ext = PurePath(filename).suffix.lower()
    return f"{instance._meta.app_label}/{instance._meta.model_name}/{uuid.uuid4().hex}{ext}"
