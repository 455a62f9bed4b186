"""Opening a workbook for import: one sheet, no merged cells, read row by row (read-only
openpyxl: memory stays flat however long the sheet). File-level faults raise SheetError."""

import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ..uploads import validate_upload

MERGE_RE = re.compile(rb'<mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
CHUNK = 1 << 16


class SheetError(Exception):
    """The whole file is refused: the message says why, in Chinese."""


def check_upload(upload):
    """The project's one upload check (size, extension, content sniffing), for .xlsx only."""
    try:
        validate_upload(upload, allowed={"xlsx"})
    except ValidationError as exc:
        raise SheetError(" ".join(exc.messages)) from None


def _merged_ranges(upload, limit=5) -> list[str]:
    """The merged ranges of the worksheets, read from the sheet XML in chunks (read-only
    openpyxl does not report them)."""
    found = []
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            tail = b""
            with archive.open(name) as part:
                while chunk := part.read(CHUNK):
                    block = tail + chunk
                    found += [m.decode() for m in MERGE_RE.findall(block)]
                    tail = block[-200:]
            if found:
                break
    upload.seek(0)
    return list(dict.fromkeys(found))[:limit]


class Sheet:
    """The rows of the only worksheet: `header` (the first row) and `rows()` yielding
    (row number, [cells]) for the rows after it; `total` is the sheet's declared size."""

    def __init__(self, upload):
        check_upload(upload)
        merged = _merged_ranges(upload)
        if merged:
            raise SheetError(
                _("The sheet has merged cells (%(ranges)s): unmerge them and fill every cell.")
                % {"ranges": "、".join(merged)}
            )
        try:
            self.workbook = load_workbook(upload, read_only=True, data_only=False)
        except Exception:  # noqa: BLE001 - any unreadable file is the same error to the user
            raise SheetError(_("The file is not a readable Excel workbook (.xlsx).")) from None
        names = self.workbook.sheetnames
        if len(names) != 1:
            self.close()
            raise SheetError(
                _("The workbook must hold one sheet only; this one has %(n)d: %(names)s.")
                % {"n": len(names), "names": "、".join(names)}
            )
        self.worksheet = self.workbook.worksheets[0]
        self._rows = self.worksheet.iter_rows()
        first = next(self._rows, None)
        if first is None:
            self.close()
            raise SheetError(_("The sheet is empty."))
        self.header = [cell.value for cell in first]
        declared = self.worksheet.max_row or 0
        self.total = max(0, declared - 1)

    def rows(self):
        # read-only openpyxl yields every row from the second on, gaps filled with empty
        # cells, so the position is the row number staff see in Excel
        yield from enumerate(self._rows, start=2)

    def close(self):
        self.workbook.close()
