"""Reading the 调休 table of a State Council holiday notice: date + 休/班 (+ a note), pasted
from the notice or uploaded as Excel/CSV. Every row is checked and every error named in
Chinese with its row and column; a table with any error is refused whole."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import date as date_filter
from django.utils.translation import gettext as _

from .statutory import FIRST_YEAR, LAST_YEAR, statutory_holidays

MAX_ROWS = 200
MAX_FILE_BYTES = 1_000_000
NOTE_LENGTH = 40
OFF = {"休", "放假", "休息", "假", "off", "holiday"}
ON = {"班", "上班", "补班", "调班", "on", "work", "workday"}
_SPLIT = re.compile(r"\t|,|，|;|；|\s+")
_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_SHORT = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass(frozen=True)
class NoticeRow:
    day: date
    is_working_day: bool
    note: str = ""


@dataclass
class NoticeTable:
    rows: list[NoticeRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_day(value, year: int) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    try:
        if m := _FULL.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _SHORT.match(text):
            return date(year, int(m[1]), int(m[2]))
    except ValueError:
        return None
    return None


def _is_header(value) -> bool:
    text = _text(value).lower()
    return "日期" in text or "date" in text


def row_problems(year: int, day: date, is_working_day: bool) -> list[tuple[int, str]]:
    """What is wrong with one row, as (column, message): the rules of the table."""
    if day.year != year:
        return [(1, _("%(date)s is not in %(year)d") % {"date": day.isoformat(), "year": year})]
    holiday = statutory_holidays(year).get(day)
    if is_working_day and holiday is not None:
        return [
            (
                2,
                _("%(date)s is a statutory holiday (%(name)s) and cannot be a workday")
                % {"date": day.isoformat(), "name": holiday},
            )
        ]
    if is_working_day and day.weekday() < 5:
        return [
            (
                2,
                _("%(date)s is a %(weekday)s, already a workday: only a weekend day can be 班")
                % {"date": day.isoformat(), "weekday": date_filter(day, "l")},
            )
        ]
    return []


def cell_error(row: int, col: int, message: str) -> str:
    return _("Row %(row)d, column %(col)d: %(message)s") % {
        "row": row,
        "col": col,
        "message": message,
    }


def check_year(year) -> None:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "year": _("Enter a year from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )


def parse_rows(year: int, raw_rows) -> NoticeTable:
    """`raw_rows`: (row number, [cells]) in table order; a first row naming the columns is skipped."""
    table, seen, counted = NoticeTable(), {}, 0
    for number, cells in raw_rows:
        cells = list(cells) + [None, None, None]
        first, mark, note = cells[0], _text(cells[1]), _text(cells[2])
        if not _text(first) and not mark and not note:
            continue
        day = _parse_day(first, year)
        if day is None and not seen and not table.errors and _is_header(first):
            continue
        counted += 1
        if counted > MAX_ROWS:
            table.errors.append(_("At most %(n)d rows per notice.") % {"n": MAX_ROWS})
            break
        problems = []
        if day is None:
            problems.append(
                (1, _("“%(value)s” is not a date (e.g. 2027-02-06)") % {"value": _text(first)[:30]})
            )
        elif day in seen:
            problems.append(
                (1, _("%(date)s repeats row %(row)d") % {"date": day.isoformat(), "row": seen[day]})
            )
        working = True if mark.lower() in ON else False if mark.lower() in OFF else None
        if working is None:
            problems.append((2, _("“%(value)s” should be 休 or 班") % {"value": mark[:10]}))
        if len(note) > NOTE_LENGTH:
            problems.append((3, _("the note is longer than %(n)d characters") % {"n": NOTE_LENGTH}))
        if day is not None and working is not None and not problems:
            problems = row_problems(year, day, working)
        if day is not None and day not in seen:
            seen[day] = number
        if problems:
            table.errors.extend(cell_error(number, col, msg) for col, msg in problems)
        else:
            table.rows.append(NoticeRow(day, working, note))
    if not table.rows and not table.errors:
        table.errors.append(
            _("The table has no rows: give each day off (休) and make-up workday (班).")
        )
    return table


def _text_rows(text: str):
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line:
            yield number, [c for c in _SPLIT.split(line, maxsplit=2) if c != ""]


def _csv_rows(data: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("The CSV file is neither UTF-8 nor GB18030 text."))
    return list(enumerate(csv.reader(io.StringIO(text)), start=1))


def _xlsx_rows(upload):
    from openpyxl import load_workbook

    from cppcc_portal.core.uploads import validate_upload

    validate_upload(upload, allowed={"xlsx"}, max_bytes=MAX_FILE_BYTES)
    try:
        sheet = load_workbook(upload, read_only=True, data_only=True).worksheets[0]
        return list(enumerate(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2), start=1))
    except Exception:  # noqa: BLE001 - any unreadable file is the same error to the user
        raise ValidationError(_("The file is not a readable Excel workbook (.xlsx)."))


def read_notice_table(*, year: int, text: str = "", upload=None) -> NoticeTable:
    """The table from an upload (.xlsx or .csv) if given, else from the pasted text."""
    check_year(year)
    if upload is not None:
        ext = PurePath(upload.name or "").suffix.lower()
        if ext == ".csv":
            if upload.size > MAX_FILE_BYTES:
                raise ValidationError(_("The file is too large (at most 1 MB)."))
            return parse_rows(year, _csv_rows(upload.read()))
        if ext == ".xlsx":
            return parse_rows(year, _xlsx_rows(upload))
        raise ValidationError(_("Upload the table as .xlsx or .csv."))
    if not text.strip():
        raise ValidationError(_("Paste the table or upload it as a file."))
    return parse_rows(year, _text_rows(text))


def table_text(rows) -> str:
    """A notice's rows as the pasted form shows them again for a correction."""
    return "\n".join(
        f"{r.day.isoformat()}\t{'班' if r.is_working_day else '休'}\t{r.note}".rstrip()
        for r in rows
    )
