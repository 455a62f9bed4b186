"""The sheet of past social-opinion reports (社情民意) for the import pipeline
(cppcc_portal.core.imports): adoption in a bulletin issue and use at each level. Natural key:
year + the sheet's own registration number. The writer is a member, matched by member number
or name + sector (ambiguous names refused and listed). Written by
opinions.services.history.import_report: own dates, no notification."""

from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.imports.cells import choice_map
from cppcc_portal.core.imports.spec import Column, SheetSpec
from members.imports import match_member, member_index

from .models import Report

OUTCOMES = {"录用": "adopted", "已录用": "adopted", "留存": "archived", "留存未录用": "archived"}
LEVELS = ("district", "city", "national")


class ReportSheet(SheetSpec):
    slug = "reports"
    title = gettext_lazy("Past social-opinion reports")
    help = gettext_lazy("Reports of past years with their adoption in the bulletin and their use.")
    model = Report
    roles = frozenset({Role.OPINION_STAFF})
    label_columns = ("year", "serial", "title")
    example = {
        "year": 2025,
        "serial": 1,
        "title": "关于加强社区养老服务的建议",
        "member_number": "W0001",
        "member_name": "王委员",
        "member_sector": "经济界",
        "submitted_on": "2025-03-02",
        "problem": "社区养老服务设施不足。",
        "suggestion": "建议增设日间照料中心。",
        "outcome": "录用",
        "issue_number": 5,
        "adopted_on": "2025-03-20",
        "signed_off_by": "李秘书长",
        "used_district_on": "2025-04-01",
    }

    @cached_property
    def columns(self):
        c = Column
        return [
            c("year", gettext_lazy("Year"), kind="int", required=True),
            c("serial", gettext_lazy("Registration number"), kind="int", required=True),
            c("title", gettext_lazy("Title"), required=True, max_length=200),
            c("member_number", gettext_lazy("Writer's member number"), max_length=20),
            c("member_name", gettext_lazy("Writer"), max_length=40),
            c("member_sector", gettext_lazy("Writer's sector"), max_length=40),
            c("submitted_on", gettext_lazy("Submitted on"), kind="date", required=True),
            c("problem", gettext_lazy("Situation and problem"), required=True, max_length=20000),
            c("suggestion", gettext_lazy("Suggestions"), max_length=20000),
            c(
                "outcome",
                gettext_lazy("Outcome of the report"),
                kind="choice",
                required=True,
                choices=OUTCOMES | choice_map([("adopted", "adopted"), ("archived", "archived")]),
            ),
            c("issue_number", gettext_lazy("Bulletin issue number"), kind="int"),
            c("adopted_on", gettext_lazy("Adopted on"), kind="date"),
            c("signed_off_by", gettext_lazy("Signed off by"), max_length=40),
            c("used_district_on", gettext_lazy("Used at district level on"), kind="date"),
            c("used_city_on", gettext_lazy("Used at city level on"), kind="date"),
            c("used_national_on", gettext_lazy("Used at national level on"), kind="date"),
        ]

    def prepare(self):
        return member_index()

    def resolve(self, values, ctx, errors):
        member = None
        if not values.get("member_number") and not values.get("member_name"):
            errors.add("member_name", _("give the writer's member number or name"))
        else:
            member = match_member(
                ctx,
                errors,
                "member_number" if values.get("member_number") else "member_name",
                number=values.get("member_number", ""),
                name=values.get("member_name", ""),
                sector=values.get("member_sector", ""),
            )
        adopted = values["outcome"] == "adopted"
        if adopted:
            for key in ("issue_number", "adopted_on", "signed_off_by"):
                if not values.get(key):
                    errors.add(key, _("an adopted report gives its bulletin issue"))
        else:
            for key in ("issue_number", "adopted_on", *(f"used_{lv}_on" for lv in LEVELS)):
                if values.get(key):
                    errors.add(key, _("only an adopted report has an issue or a use"))
        if values.get("adopted_on") and values["adopted_on"] < values["submitted_on"]:
            errors.add("adopted_on", _("adopted before it was submitted"))
        for lv in LEVELS:
            used = values.get(f"used_{lv}_on")
            if used and values.get("adopted_on") and used < values["adopted_on"]:
                errors.add(f"used_{lv}_on", _("used before it was adopted"))
        if errors:
            return None
        plan = {k: values.get(k) or "" for k in ("title", "problem", "suggestion", "signed_off_by")}
        plan.update(
            year=values["year"],
            serial=values["serial"],
            member=member,
            outcome=values["outcome"],
            issue_number=values.get("issue_number"),
        )
        for k in ("submitted_on", "adopted_on", *(f"used_{lv}_on" for lv in LEVELS)):
            plan[k] = values[k].isoformat() if values.get(k) else ""
        return plan

    def key(self, plan):
        return f"{plan['year']}:{plan['serial']}"

    def label(self, plan):
        return f"{plan['year']}-{plan['serial']} {plan['title']}"[:120]

    def write(self, plan, obj, ctx, actor):
        from .services.history import import_report

        return import_report(actor=actor, plan=plan, report=obj)

    def export_rows(self, **filters):
        from .services.history import export_rows

        return export_rows()


SHEETS = [ReportSheet()]
