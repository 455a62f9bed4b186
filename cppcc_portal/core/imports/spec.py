"""What a part declares for one sheet: its columns and how a checked row is written."""

from dataclasses import dataclass

from django.utils import translation

from cppcc_portal.accounts.roles import has_role

from . import cells


@dataclass(frozen=True)
class Column:
    key: str
    header: object  # a lazy English msgid; its Chinese translation is the template's header
    kind: str = "text"  # text, int, date, choice, list
    required: bool = False
    max_length: int | None = None
    choices: dict | None = None  # for kind="choice": spelling -> code (cells.choice_map)

    def headers(self) -> set[str]:
        """The spellings of the header accepted in a sheet (Chinese and English)."""
        found = set()
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                found.add(str(self.header).strip())
        return found

    def title(self) -> str:
        with translation.override("zh-hans"):
            return str(self.header)


class RowErrors:
    """The faults of one row, each naming its column."""

    def __init__(self, spec):
        self.spec = spec
        self.items: list[tuple[str, str]] = []
        self.keys: set[str] = set()

    def add(self, column_key: str, reason: str):
        self.keys.add(column_key)
        self.items.append((self.spec.column_title(column_key), str(reason)))

    def __bool__(self):
        return bool(self.items)


class SheetSpec:
    """Subclass per sheet; an instance goes into `<app>/imports.py: SHEETS`.

    - `parse` (done here) turns the cells into `values` by the columns' kinds;
    - `resolve(values, ctx, errors)` checks the row against the database (units, members …)
      and returns the plan: a JSON-able dict whose fingerprint decides "unchanged";
    - `key(plan)` is the natural key (session + number …);
    - `find(plan, ctx)` an existing record with that key that was not imported (or None),
      refused unless `adopt_existing`;
    - `write(plan, obj, ctx, actor)` creates (obj None) or updates one record, in the caller's
      transaction, and returns it;
    - `export_rows(**filters)` the records in the sheet's own shape (the round trip)."""

    slug = ""
    title = ""
    model = None
    roles: frozenset = frozenset()
    columns: list[Column] = []
    example: dict = {}
    adopt_existing = False
    label_columns: tuple = ()  # what names a refused row (default: the first three columns)

    def may_import(self, user) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return user.is_superuser or has_role(user, *self.roles)

    def column_title(self, key) -> str:
        for c in self.columns:
            if c.key == key:
                return c.title()
        return key

    def headers(self) -> list[str]:
        return [c.title() for c in self.columns]

    def example_row(self) -> list:
        return [self.example.get(c.key, "") for c in self.columns]

    def parse(self, raw: dict, errors: RowErrors) -> dict:
        values = {}
        for c in self.columns:
            if c.key in errors.keys:  # already refused (a formula): one reason per cell
                continue
            value = raw.get(c.key)
            try:
                if c.kind == "int":
                    parsed = cells.integer(value)
                elif c.kind == "date":
                    parsed = cells.day(value)
                elif c.kind == "choice":
                    parsed = cells.choice(value, c.choices or {})
                elif c.kind == "list":
                    parsed = cells.items(value)
                else:
                    parsed = cells.text(value)
                    if c.max_length and len(parsed) > c.max_length:
                        raise cells.CellError(
                            translation.gettext("longer than %(n)d characters")
                            % {"n": c.max_length}
                        )
            except cells.CellError as exc:
                errors.add(c.key, str(exc))
                continue
            if c.required and parsed in (None, "", []):
                errors.add(c.key, translation.gettext("is required"))
                continue
            values[c.key] = parsed
        return values

    # --- what each sheet fills in ----------------------------------------------------------
    def prepare(self) -> dict:
        return {}

    def resolve(self, values: dict, ctx: dict, errors: RowErrors) -> dict:
        raise NotImplementedError

    def key(self, plan: dict) -> str:
        raise NotImplementedError

    def label(self, plan: dict) -> str:
        return self.key(plan)

    def find(self, plan: dict, ctx: dict):
        return None

    def write(self, plan: dict, obj, ctx: dict, actor):
        raise NotImplementedError

    def export_rows(self, **filters):
        return []
