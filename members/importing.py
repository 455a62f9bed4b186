"""Reading the member sheet: every row checked, every error named in Chinese with its row."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .models import Member, Sector, SpecialCommittee, Street, Term

# Column header (as staff write it) -> field.
COLUMNS = {
    "委员编号": "number",
    "姓名": "name",
    "性别": "gender",
    "民族": "ethnicity",
    "出生日期": "birth_date",
    "籍贯": "native_place",
    "学历": "education",
    "政治面貌": "affiliation",
    "界别": "sector",
    "专委会": "committees",
    "工作单位": "work_unit",
    "职务": "job_title",
    "职称": "professional_title",
    "体制内": "in_system",
    "手机": "phone",
    "身份证号": "id_number",
    "镇街": "street",
    "届次": "terms",
    "状态": "status",
}
REQUIRED = ["number", "name", "gender", "affiliation", "sector"]
EXPORT_HEADERS = list(COLUMNS)
MAX_ROWS = 5000


def _choice_map(choices):
    """Accept the code, the Chinese label or the English label."""
    mapping = {}
    for code, label in choices:
        mapping[str(code).lower()] = code
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                mapping[str(label).lower()] = code
    return mapping


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_member_sheet(workbook_file):
    from .services import ImportResult

    result = ImportResult()
    try:
        wb = load_workbook(workbook_file, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file is the same error to the user
        result.errors.append((0, _("The file is not a readable Excel workbook (.xlsx).")))
        return result
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        result.errors.append((1, _("The sheet is empty.")))
        return result
    fields = [COLUMNS.get(_text(h)) for h in header]
    missing = [h for h, f in COLUMNS.items() if f in REQUIRED and f not in fields]
    if missing:
        result.errors.append((1, _("Missing columns: %(cols)s") % {"cols": "、".join(missing)}))
        return result

    sectors = {s.name: s for s in Sector.objects.all()}
    committees = {c.name: c for c in SpecialCommittee.objects.all()} | {
        c.short_name: c for c in SpecialCommittee.objects.exclude(short_name="")
    }
    streets = {s.name: s for s in Street.objects.all()}
    terms = {t.name: t for t in Term.objects.all()}
    genders = _choice_map(Member.Gender.choices) | {"男": "M", "女": "F"}
    affiliations = _choice_map(Member.Affiliation.choices)
    educations = _choice_map(Member.Education.choices)
    statuses = _choice_map(Member.Status.choices)
    seen_numbers = {}

    for index, values in enumerate(rows, start=2):
        if index - 1 > MAX_ROWS:
            result.errors.append((index, _("At most %(n)d rows per import.") % {"n": MAX_ROWS}))
            break
        raw = {f: v for f, v in zip(fields, values, strict=False) if f}
        if not any(_text(v) for v in raw.values()):
            continue
        problems = []
        row = {}
        for f in REQUIRED:
            if not _text(raw.get(f)):
                problems.append(_("“%(col)s” is required") % {"col": _header_of(f)})
        number = _text(raw.get("number"))
        if number in seen_numbers:
            problems.append(
                _("member number %(n)s repeats row %(row)d")
                % {"n": number, "row": seen_numbers[number]}
            )
        seen_numbers[number] = index
        row["number"] = number
        row["name"] = _text(raw.get("name"))[:40]
        for f, mapping in (
            ("gender", genders),
            ("affiliation", affiliations),
            ("education", educations),
            ("status", statuses),
        ):
            value = _text(raw.get(f)).lower()
            if not value:
                if f in ("education",):
                    row[f] = ""
                elif f == "status":
                    row[f] = Member.Status.SITTING
                continue
            if value not in mapping:
                problems.append(
                    _("“%(col)s” has an unknown value “%(v)s”")
                    % {"col": _header_of(f), "v": _text(raw.get(f))}
                )
            else:
                row[f] = mapping[value]
        sector_name = _text(raw.get("sector"))
        if sector_name and sector_name not in sectors:
            problems.append(_("unknown sector “%(v)s”") % {"v": sector_name})
        row["sector"] = sectors.get(sector_name)
        street_name = _text(raw.get("street"))
        if street_name and street_name not in streets:
            problems.append(_("unknown town or street “%(v)s”") % {"v": street_name})
        row["street"] = streets.get(street_name)
        row["committees"] = []
        for name in _split(raw.get("committees")):
            if name not in committees:
                problems.append(_("unknown special committee “%(v)s”") % {"v": name})
            else:
                row["committees"].append(committees[name])
        row["terms"] = []
        for name in _split(raw.get("terms")):
            if name not in terms:
                problems.append(_("unknown term “%(v)s”") % {"v": name})
            else:
                row["terms"].append(terms[name])
        birth = raw.get("birth_date")
        if isinstance(birth, datetime):
            row["birth_date"] = birth.date()
        elif isinstance(birth, date):
            row["birth_date"] = birth
        elif _text(birth):
            try:
                row["birth_date"] = date.fromisoformat(
                    _text(birth).replace("/", "-").replace(".", "-")
                )
            except ValueError:
                problems.append(
                    _("birth date “%(v)s” is not a date (YYYY-MM-DD)") % {"v": _text(birth)}
                )
        else:
            row["birth_date"] = None
        row["in_system"] = _text(raw.get("in_system")) in {"是", "1", "true", "True", "Y", "y"}
        for f, limit in (
            ("ethnicity", 20),
            ("native_place", 40),
            ("work_unit", 100),
            ("job_title", 60),
            ("professional_title", 60),
            ("phone", 20),
            ("id_number", 18),
        ):
            value = _text(raw.get(f))
            if len(value) > limit:
                problems.append(
                    _("“%(col)s” is longer than %(n)d characters")
                    % {"col": _header_of(f), "n": limit}
                )
            row[f] = value[:limit]
        if not row["ethnicity"]:
            row["ethnicity"] = "汉族"
        if not problems:
            candidate = Member(**{k: v for k, v in row.items() if k not in ("committees", "terms")})
            try:
                candidate.full_clean(exclude=["number", "user"], validate_unique=False)
            except ValidationError as exc:
                for fname, messages in exc.message_dict.items():
                    problems.extend(f"{_header_of(fname)}: {m}" for m in messages)
        if problems:
            result.errors.append((index, "；".join(problems)))
        else:
            result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append((2, _("The sheet has no member rows.")))
    return result


def _split(value):
    return [
        p.strip()
        for p in _text(value).replace("，", ",").replace("、", ",").split(",")
        if p.strip()
    ]


def _header_of(field_name):
    for header, f in COLUMNS.items():
        if f == field_name:
            return header
    return field_name
