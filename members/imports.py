"""The handling-unit sheet (承办单位) of the import pipeline (cppcc_portal.core.imports).
A unit's natural key is its name; a unit already set up by hand is updated (units are
reference data, not history)."""

from functools import cached_property

from django.utils.translation import gettext_lazy

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.imports.cells import choice_map
from cppcc_portal.core.imports.spec import Column, SheetSpec

from .models import HandlingUnit

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


SHEETS = [HandlingUnitSheet()]
