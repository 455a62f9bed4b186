"""The sheet of past proposals (往届提案) for the import pipeline (cppcc_portal.core.imports).
Natural key: session + number. Proposers are matched by member number, or by name + sector;
a name that fits several members is refused with their numbers listed, never guessed. The
write is proposals.services.history.import_proposal (own dates, no deadline, no notification)."""

from functools import cached_property

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.imports.cells import choice_map
from cppcc_portal.core.imports.spec import Column, SheetSpec
from members.imports import match_member, match_member_token, member_index, names_index
from members.models import HandlingUnit, Session

from .models import Evaluation, Proposal, ProposalCategory

KIND_SPELLINGS = {
    "个人": "individual",
    "联名": "joint",
    "集体": "collective",
    "党派团体": "party_group",
}
RESULTS = {"a": "A", "b": "B", "c": "C"}
ORGANISATIONAL = {"party_group", "committee", "sector", "member_group", "collective"}
SCORES = ("score_before", "score_during", "score_reply")
ORDERED_DATES = ("submitted_on", "registered_on", "assigned_on", "replied_on", "evaluated_on")


def _columns():
    c = Column
    return [
        c("session", gettext_lazy("Session name"), required=True, max_length=60),
        c("number", gettext_lazy("Proposal number"), kind="int", required=True),
        c(
            "kind",
            gettext_lazy("Proposal kind"),
            kind="choice",
            required=True,
            choices=choice_map(Proposal.Kind.choices, KIND_SPELLINGS),
        ),
        c("category", gettext_lazy("Category"), required=True, max_length=40),
        c("title", gettext_lazy("Title (matter)"), required=True, max_length=100),
        c("organisation", gettext_lazy("Proposing organisation"), max_length=80),
        c("first_number", gettext_lazy("First proposer's member number"), max_length=20),
        c("first_name", gettext_lazy("First proposer"), max_length=40),
        c("first_sector", gettext_lazy("First proposer's sector"), max_length=40),
        c("cosigners", gettext_lazy("Co-signers"), kind="list"),
        c("submitted_on", gettext_lazy("Submitted on"), kind="date", required=True),
        c("registered_on", gettext_lazy("Registered on"), kind="date", required=True),
        c("assigned_on", gettext_lazy("Assigned on"), kind="date"),
        c("lead_unit", gettext_lazy("Lead unit"), max_length=80),
        c("co_units", gettext_lazy("Co-units"), kind="list"),
        c("replied_on", gettext_lazy("Replied on"), kind="date"),
        c("result", gettext_lazy("Result category (A/B/C)"), kind="choice", choices=RESULTS),
        c("reply_text", gettext_lazy("Reply text"), max_length=20000),
        c("signer", gettext_lazy("Signing official"), max_length=40),
        c(
            "satisfaction",
            gettext_lazy("Evaluation"),
            kind="choice",
            choices=choice_map(Evaluation.Satisfaction.choices),
        ),
        c("score_before", gettext_lazy("Score: consultation before handling"), kind="int"),
        c("score_during", gettext_lazy("Score: consultation during handling"), kind="int"),
        c("score_reply", gettext_lazy("Score: the reply"), kind="int"),
        c("evaluation_comment", gettext_lazy("Evaluation comment"), max_length=4000),
        c("evaluated_on", gettext_lazy("Evaluated on"), kind="date"),
        c("analysis", gettext_lazy("Situation analysis"), max_length=20000),
        c("suggestions", gettext_lazy("Suggestions"), max_length=20000),
    ]


class ProposalSheet(SheetSpec):
    slug = "proposals"
    title = gettext_lazy("Past proposals")
    help = gettext_lazy(
        "Proposals of past sessions with their registration, assignment, reply and evaluation."
    )
    model = Proposal
    roles = frozenset({Role.PROPOSAL_STAFF})
    export_filters = ("session",)
    label_columns = ("session", "number", "title")
    example = {
        "session": "二届三次会议",
        "number": 1,
        "kind": "个人提案",
        "category": "经济发展",
        "title": "关于加快老旧小区改造的建议",
        "first_number": "W0001",
        "first_name": "王委员",
        "first_sector": "经济界",
        "submitted_on": "2025-01-10",
        "registered_on": "2025-01-20",
        "assigned_on": "2025-02-01",
        "lead_unit": "区住房和建设委员会",
        "co_units": "区财政局、区民政局",
        "replied_on": "2025-05-20",
        "result": "A",
        "reply_text": "已列入本年度改造计划并完成改造。",
        "signer": "张主任",
        "satisfaction": "满意",
        "score_before": 5,
        "score_during": 5,
        "score_reply": 5,
        "evaluated_on": "2025-06-01",
    }

    @cached_property
    def columns(self):
        return _columns()

    # --- reading -----------------------------------------------------------------------
    def prepare(self):
        units = names_index(HandlingUnit)
        return {
            "sessions": {s.name: s for s in Session.objects.all()},
            "categories": dict(ProposalCategory.objects.values_list("name", "pk")),
            "units": units,
            **member_index(),
            "numbered": set(
                Proposal.objects.filter(number__isnull=False).values_list("session_id", "number")
            ),
        }

    def _member(self, ctx, errors, column, *, number="", name="", sector=""):
        return match_member(ctx, errors, column, number=number, name=name, sector=sector)

    def _cosigner(self, ctx, errors, token):
        return match_member_token(ctx, errors, "cosigners", token)

    def resolve(self, values, ctx, errors):
        session = ctx["sessions"].get(values["session"])
        if session is None:
            errors.add("session", _("unknown session “%(v)s”") % {"v": values["session"]})
        category = ctx["categories"].get(values["category"])
        if category is None:
            errors.add("category", _("unknown category “%(v)s”") % {"v": values["category"]})
        kind = values["kind"]
        first = None
        if not values.get("first_number") and not values.get("first_name"):
            errors.add("first_name", _("give the first proposer's member number or name"))
        else:
            first = self._member(
                ctx,
                errors,
                "first_number" if values.get("first_number") else "first_name",
                number=values.get("first_number", ""),
                name=values.get("first_name", ""),
                sector=values.get("first_sector", ""),
            )
        cosigners = [self._cosigner(ctx, errors, t) for t in values.get("cosigners", [])]
        if first is not None and first in cosigners:
            errors.add("cosigners", _("the first proposer is not also a co-signer"))
        if len(set(cosigners)) != len(cosigners):
            errors.add("cosigners", _("a co-signer is named twice"))
        if kind == "joint" and not values.get("cosigners"):
            errors.add("cosigners", _("a joint proposal has co-signers"))
        if kind == "individual" and values.get("cosigners"):
            errors.add("cosigners", _("an individual proposal has no co-signers"))
        if kind in ORGANISATIONAL and not values.get("organisation"):
            errors.add("organisation", _("name the proposing organisation"))
        units = ctx["units"]
        lead = None
        if values.get("lead_unit"):
            lead = units.get(values["lead_unit"])
            if lead is None:
                errors.add("lead_unit", _("unknown unit “%(v)s”") % {"v": values["lead_unit"]})
        co_units = []
        for name in values.get("co_units", []):
            if name not in units:
                errors.add("co_units", _("unknown unit “%(v)s”") % {"v": name})
            elif units[name] == lead or units[name] in co_units:
                errors.add("co_units", _("the unit “%(v)s” is named twice") % {"v": name})
            else:
                co_units.append(units[name])
        self._check_steps(values, lead, errors)
        dates = [(k, values.get(k)) for k in ORDERED_DATES if values.get(k)]
        for (k1, d1), (k2, d2) in zip(dates, dates[1:], strict=False):
            if d2 < d1:
                errors.add(
                    k2,
                    _("%(later)s is before %(earlier)s")
                    % {"later": self.column_title(k2), "earlier": self.column_title(k1)},
                )
        if errors:
            return None
        plan = {k: values.get(k) or "" for k in ("title", "organisation", "analysis")}
        plan.update(
            session=session.pk,
            number=values["number"],
            kind=kind,
            category=category,
            suggestions=values.get("suggestions", ""),
            first_proposer=first,
            cosigners=cosigners,
            lead_unit=lead,
            co_units=co_units,
            is_plenary=session.in_plenary_window(values["submitted_on"]),
            result=values.get("result") or "",
            reply_text=values.get("reply_text", ""),
            signer=values.get("signer", ""),
            satisfaction=values.get("satisfaction") or "",
            evaluation_comment=values.get("evaluation_comment", ""),
            session_name=session.name,
        )
        for k in ORDERED_DATES:
            plan[k] = values[k].isoformat() if values.get(k) else ""
        for k in SCORES:
            plan[k] = values.get(k)
        return plan

    def _check_steps(self, v, lead, errors):
        if v.get("assigned_on") and not v.get("lead_unit"):
            errors.add("lead_unit", _("an assigned proposal has a lead unit"))
        if v.get("lead_unit") and not v.get("assigned_on"):
            errors.add("assigned_on", _("give the date the proposal was assigned"))
        if v.get("co_units") and not v.get("lead_unit"):
            errors.add("lead_unit", _("co-units need a lead unit"))
        if v.get("replied_on"):
            if not v.get("assigned_on"):
                errors.add("assigned_on", _("a replied proposal was assigned first"))
            if not v.get("result"):
                errors.add("result", _("a reply has a result category A, B or C"))
            if not v.get("reply_text"):
                errors.add("reply_text", _("a reply has its text"))
        elif v.get("result") or v.get("reply_text"):
            errors.add("replied_on", _("give the date of the reply"))
        if v.get("satisfaction"):
            if not v.get("replied_on"):
                errors.add("satisfaction", _("only a reply is evaluated"))
            for k in SCORES:
                score = v.get(k)
                if score is None:
                    errors.add(k, _("an evaluation gives every score (1–5)"))
                elif not 1 <= score <= 5:
                    errors.add(k, _("a score is from 1 to 5"))
            if v["satisfaction"] == "unsatisfied" and not v.get("evaluation_comment"):
                errors.add("evaluation_comment", _("“unsatisfied” always carries its reason"))
        elif any(v.get(k) is not None for k in SCORES):
            errors.add("satisfaction", _("scores belong to an evaluation"))

    def key(self, plan):
        return f"{plan['session']}:{plan['number']}"

    def label(self, plan):
        return f"{plan['session_name']}第{plan['number']:04d}号 {plan['title']}"[:120]

    def find(self, plan, ctx):
        if (plan["session"], plan["number"]) not in ctx["numbered"]:
            return None
        return Proposal.objects.filter(session_id=plan["session"], number=plan["number"]).first()

    def write(self, plan, obj, ctx, actor):
        from .services.history import import_proposal

        if "lookups" not in ctx:
            from .services.history import Lookups

            ctx["lookups"] = Lookups()
        return import_proposal(actor=actor, plan=plan, proposal=obj, lookups=ctx["lookups"])

    # --- the round trip ----------------------------------------------------------------
    def export_rows(self, session=None, **filters):
        from .services.history import export_rows

        qs = Proposal.objects.filter(number__isnull=False)
        if session:
            qs = qs.filter(
                Q(session_id=session) if str(session).isdigit() else Q(session__name=session)
            )
        return export_rows(qs)


SHEETS = [ProposalSheet()]
