"""The handling-unit sheet (承办单位) of the import pipeline (cppcc_portal.core.imports).
A unit's natural key is its name; a unit already set up by hand is updated (units are
reference data, not history)."""

from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.imports.cells import choice_map
from cppcc_portal.core.imports.spec import Column, SheetSpec

from .models import HandlingUnit, Member

ACTIVE = {"启用": True, "是": True, "在用": True, "停用": False, "否": False}


class HandlingUnitSheet(SheetSpec):
    slug = "units"
    title = gettext_lazy("Handling units")
    help = gettext_lazy("The units that answered proposals; import them before the proposals.")
    model = HandlingUnit
    roles = frozenset({Role.PROPOSAL_STAFF})
    adopt_existing = True

    @cached_property
    def columns(self):
        return [
            Column("name", gettext_lazy("Unit name"), required=True, max_length=80),
            Column("short_name", gettext_lazy("Short name"), max_length=30),
            Column(
                "kind",
                gettext_lazy("Unit kind"),
                kind="choice",
                choices=choice_map(HandlingUnit.Kind.choices),
            ),
            Column("head_name", gettext_lazy("Head of the unit"), max_length=40),
            Column("phone", gettext_lazy("Office phone"), max_length=30),
            Column("order", gettext_lazy("Order"), kind="int"),
            Column("active", gettext_lazy("In use"), kind="choice", choices=ACTIVE),
        ]

    example = {
        "name": "区教育局",
        "short_name": "教育局",
        "kind": "政府部门",
        "head_name": "李局长",
        "phone": "022-12345678",
        "order": 1,
        "active": "启用",
    }

    def resolve(self, values, ctx, errors):
        return {
            "name": values["name"],
            "short_name": values.get("short_name", ""),
            "kind": values.get("kind") or HandlingUnit.Kind.GOVERNMENT,
            "head_name": values.get("head_name", ""),
            "phone": values.get("phone", ""),
            "order": values.get("order") or 0,
            "is_active": values.get("active") is not False,
        }

    def key(self, plan):
        return plan["name"]

    def find(self, plan, ctx):
        return HandlingUnit.objects.filter(name=plan["name"]).first()

    def write(self, plan, obj, ctx, actor):
        from .services import import_handling_unit

        return import_handling_unit(actor=actor, unit=obj, data=plan)

    def export_rows(self, **filters):
        for u in HandlingUnit.objects.order_by("order", "id"):
            yield {
                "name": u.name,
                "short_name": u.short_name,
                "kind": u.get_kind_display(),
                "head_name": u.head_name,
                "phone": u.phone,
                "order": u.order,
                "active": "启用" if u.is_active else "停用",
            }


def names_index(model) -> dict:
    """A sheet names units and committees by full or short name: pk by either (the full
    names first, so a short name never hides another's full name)."""
    index, shorts = {}, []
    for pk, name, short in model.objects.values_list("pk", "name", "short_name"):
        index[name] = pk
        if short:
            shorts.append((short, pk))
    for short, pk in shorts:
        index.setdefault(short, pk)
    return index


def member_index() -> dict:
    """Members by number and by name, for matching the proposers or writers of a sheet."""
    members = list(Member.objects.values_list("pk", "number", "name", "sector__name"))
    by_name = {}
    for m in members:
        by_name.setdefault(m[2], []).append(m)
    return {"by_number": {m[1]: m for m in members}, "by_name": by_name}


def match_member(ctx, errors, column, *, number="", name="", sector=""):
    """The member a row names: by member number, or by name (+ sector); a name that fits
    several members is refused with their numbers listed, never guessed."""
    if number:
        m = ctx["by_number"].get(number)
        if m is None:
            errors.add(column, _("no member has the number “%(n)s”") % {"n": number})
        elif name and m[2] != name:
            errors.add(
                column,
                _("member number %(n)s is %(real)s, not %(name)s")
                % {"n": number, "real": m[2], "name": name},
            )
        else:
            return m[0]
        return None
    candidates = ctx["by_name"].get(name, [])
    if sector:
        candidates = [m for m in candidates if m[3] == sector]
    who = f"{name}（{sector}）" if sector else name
    if not candidates:
        errors.add(column, _("no member is called %(who)s") % {"who": who})
    elif len(candidates) > 1:
        errors.add(
            column,
            _("%(who)s is ambiguous: members %(numbers)s; give the member number")
            % {"who": who, "numbers": "、".join(sorted(m[1] for m in candidates))},
        )
    else:
        return candidates[0][0]
    return None


def match_member_token(ctx, errors, column, token):
    """One member of a list cell: a member number, a name, or a name with its sector in
    brackets (王委员（经济界）); matched as `match_member` does."""
    if token in ctx["by_number"]:
        return ctx["by_number"][token][0]
    name, sector = token, ""
    for open_, close in (("（", "）"), ("(", ")")):
        if open_ in token and token.endswith(close):
            name, sector = token[: -len(close)].split(open_, 1)
    return match_member(ctx, errors, column, name=name.strip(), sector=sector.strip())


SHEETS = [HandlingUnitSheet()]
