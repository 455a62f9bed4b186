"""Reading one cell: every converter returns the value or raises CellError (in Chinese)."""

from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext as _


class CellError(ValueError):
    pass


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def integer(value) -> int | None:
    if value is None or text(value) == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("“%(v)s” is not a whole number") % {"v": value})
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = text(value)
    if raw.isdigit():
        return int(raw)
    raise CellError(_("“%(v)s” is not a whole number") % {"v": raw})


def day(value) -> date | None:
    """A date cell, or text as 2025-03-01, 2025/3/1, 2025.3.1 or 2025年3月1日; a date that
    does not exist (2025-02-30) is refused, never moved to the next month."""
    if value is None or text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    cleaned = raw.replace("年", "-").replace("月", "-").replace("日", "")
    cleaned = cleaned.replace("/", "-").replace(".", "-").strip()
    parts = cleaned.split("-")
    if len(parts) == 3 and all(p.strip().isdigit() for p in parts):
        y, m, d = (int(p) for p in parts)
        try:
            return date(y, m, d)
        except ValueError:
            raise CellError(_("“%(v)s” is not a date that exists") % {"v": raw}) from None
    raise CellError(_("“%(v)s” is not a date (YYYY-MM-DD)") % {"v": raw})


def choice_map(choices, extra=None) -> dict:
    """Accept the code, the Chinese label or the English label (and `extra` spellings)."""
    mapping = {}
    for code, label in choices:
        mapping[str(code).lower()] = code
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                mapping[str(label).lower()] = code
    for spelling, code in (extra or {}).items():
        mapping[spelling.lower()] = code
    return mapping


def choice(value, mapping: dict):
    raw = text(value)
    if not raw:
        return None
    try:
        return mapping[raw.lower()]
    except KeyError:
        raise CellError(_("unknown value “%(v)s”") % {"v": raw}) from None


SEPARATORS = ("，", ",", "、", ";", "；", "\n")


def items(value) -> list[str]:
    """A list in one cell, separated by 、 ， , ; or new lines."""
    raw = text(value)
    for sep in SEPARATORS:
        raw = raw.replace(sep, "\u0001")
    return [p.strip() for p in raw.split("\u0001") if p.strip()]
