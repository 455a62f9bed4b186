"""The sheet of past consultations (往年协商) for the import pipeline (cppcc_portal.core.imports):
a consultation held, who took part, the outcome sent to the Party committee and government
and, where it came, the feedback on it. Natural key: year + topic (a consultation has no
number). Members are matched by member number, or by name (+ sector in brackets); a name that
fits several members is refused with their numbers listed, never guessed. The write is
consultations.services.history.import_consultation (own dates, no deadline, no
notification)."""

from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.imports.cells import choice_map
from cppcc_portal.core.imports.spec import Column, SheetSpec
from members.imports import match_member_token, member_index, names_index
from members.models import HandlingUnit, SpecialCommittee

from .models import Attendance, Consultation, ConsultationForm, Feedback

YES_NO = {"是": True, "否": False, "yes": True, "no": False, "y": True, "n": False}
OUTCOME_SPELLINGS = {"建议": "report", "报告": "report", "纪要": "minutes"}
FEEDBACK_SPELLINGS = {"采纳": "adopted", "已采纳": "adopted", "部分": "partly"}
# the participants' columns and the attendance each records
PARTICIPANTS = {
    "attended": Attendance.Status.ATTENDED,
    "on_leave": Attendance.Status.LEAVE_APPROVED,
    "absent": Attendance.Status.ABSENT,
}
UNIT_COLUMNS = ("responsible_units", "participating_units")
FEEDBACK_COLUMNS = ("feedback_result", "feedback_on", "feedback_text", "leader_instructions")
DEFAULT_RECIPIENTS = "区委、区政府"


def _columns():
    c = Column
    return [
        c("year", gettext_lazy("Year"), kind="int", required=True),
        c("topic", gettext_lazy("Consultation topic"), required=True, max_length=200),
        c("form", gettext_lazy("Consultation form"), required=True, max_length=60),
        c("held_on", gettext_lazy("Date held"), kind="date", required=True),
        c("venue", gettext_lazy("Venue"), max_length=120),
        c("committee", gettext_lazy("Organising committee"), max_length=60),
        c("lead_leader", gettext_lazy("Lead leader"), max_length=60),
        c("in_plan", gettext_lazy("In the yearly plan (yes/no)"), kind="choice", choices=YES_NO),
        c("responsible_units", gettext_lazy("Responsible departments"), kind="list"),
        c("participating_units", gettext_lazy("Participating departments"), kind="list"),
        c("officials_present", gettext_lazy("Officials present"), max_length=4000),
        c("attended", gettext_lazy("Members who attended"), kind="list"),
        c("on_leave", gettext_lazy("Members absent with leave"), kind="list"),
        c("absent", gettext_lazy("Members absent without leave"), kind="list"),
        c(
            "outcome_kind",
            gettext_lazy("Outcome document"),
            kind="choice",
            required=True,
            choices=choice_map(Consultation.OutcomeKind.choices, OUTCOME_SPELLINGS),
        ),
        c("outcome_title", gettext_lazy("Outcome title"), max_length=200),
        c(
            "outcome_text",
            gettext_lazy("Outcome (opinions and suggestions)"),
            required=True,
            max_length=20000,
        ),
        c("outcome_sent_on", gettext_lazy("Outcome sent on"), kind="date", required=True),
        c("recipients", gettext_lazy("Sent to"), max_length=200),
        c(
            "feedback_result",
            gettext_lazy("Feedback result"),
            kind="choice",
            choices=choice_map(Feedback.Result.choices, FEEDBACK_SPELLINGS),
        ),
        c("feedback_on", gettext_lazy("Feedback received on"), kind="date"),
        c("feedback_text", gettext_lazy("Feedback text"), max_length=20000),
        c("leader_instructions", gettext_lazy("Leader instructions"), max_length=4000),
    ]


class ConsultationSheet(SheetSpec):
    slug = "consultations"
    title = gettext_lazy("Past consultations")
    help = gettext_lazy(
        "Consultations held in past years with their participants, the outcome sent and the "
        "feedback on it."
    )
    model = Consultation
    roles = frozenset({Role.CONSULTATION_STAFF})
    export_filters = ("year",)
    label_columns = ("year", "topic")
    example = {
        "year": 2025,
        "topic": "关于推进老旧小区改造的专题协商",
        "form": "专题协商会",
        "held_on": "2025-06-18",
        "venue": "区政协三楼会议室",
        "committee": "人口资源环境和城市建设委员会",
        "lead_leader": "李副主席",
        "in_plan": "是",
        "responsible_units": "区住房和建设委员会",
        "participating_units": "区财政局、区民政局",
        "officials_present": "区政府副区长张某某",
        "attended": "W0001、李委员（教育界）",
        "on_leave": "W0003",
        "absent": "",
        "outcome_kind": "建议报告",
        "outcome_title": "关于推进老旧小区改造的建议",
        "outcome_text": "一、加大财政投入；二、完善长效管理机制。",
        "outcome_sent_on": "2025-06-25",
        "recipients": DEFAULT_RECIPIENTS,
        "feedback_result": "部分采纳",
        "feedback_on": "2025-07-20",
        "feedback_text": "已列入明年改造计划。",
        "leader_instructions": "",
    }

    @cached_property
    def columns(self):
        return _columns()

    # --- reading -----------------------------------------------------------------------
    def prepare(self):
        units, committees = names_index(HandlingUnit), names_index(SpecialCommittee)
        return {
            "forms": dict(ConsultationForm.objects.values_list("name", "pk")),
            "committees": committees,
            "units": units,
            **member_index(),
            "existing": set(Consultation.objects.values_list("year", "topic")),
        }

    def resolve(self, values, ctx, errors):
        form = ctx["forms"].get(values["form"])
        if form is None:
            errors.add("form", _("unknown consultation form “%(v)s”") % {"v": values["form"]})
        committee = None
        if values.get("committee"):
            committee = ctx["committees"].get(values["committee"])
            if committee is None:
                errors.add("committee", _("unknown committee “%(v)s”") % {"v": values["committee"]})
        units = self._units(values, ctx, errors)
        participants = self._participants(values, ctx, errors)
        self._check_dates(values, errors)
        feedback = self._check_feedback(values, errors)
        if errors:
            return None
        plan = {
            k: values.get(k) or ""
            for k in (
                "topic",
                "venue",
                "lead_leader",
                "officials_present",
                "outcome_kind",
                "outcome_title",
                "outcome_text",
            )
        }
        plan.update(
            year=values["year"],
            form=form,
            committee=committee,
            in_plan=bool(values.get("in_plan")),
            **units,
            participants=participants,
            recipients=values.get("recipients") or DEFAULT_RECIPIENTS,
            held_on=values["held_on"].isoformat(),
            outcome_sent_on=values["outcome_sent_on"].isoformat(),
            feedback=feedback,
        )
        return plan

    def _units(self, values, ctx, errors) -> dict:
        found, seen = {}, set()
        for column in UNIT_COLUMNS:
            found[column] = []
            for name in values.get(column, []):
                pk = ctx["units"].get(name)
                if pk is None:
                    errors.add(column, _("unknown unit “%(v)s”") % {"v": name})
                elif pk in seen:
                    errors.add(column, _("the unit “%(v)s” is named twice") % {"v": name})
                else:
                    seen.add(pk)
                    found[column].append(pk)
        if seen and not values.get("in_plan"):
            errors.add(
                "in_plan",
                _(
                    "responsible and participating departments belong to the yearly plan: write “是”"
                ),
            )
        return found

    def _participants(self, values, ctx, errors) -> list:
        """[member pk, attendance status] in sheet order; a member named twice is refused."""
        found, seen = [], set()
        for column, status in PARTICIPANTS.items():
            for token in values.get(column, []):
                member = match_member_token(ctx, errors, column, token)
                if member is None:
                    continue
                if member in seen:
                    errors.add(
                        column,
                        _("%(who)s is named twice among the participants") % {"who": token},
                    )
                    continue
                seen.add(member)
                found.append([member, str(status)])
        return found

    def _check_dates(self, values, errors):
        held, sent = values.get("held_on"), values.get("outcome_sent_on")
        if held and held.year != values.get("year"):
            errors.add("held_on", _("the date held is not in the year given"))
        if held and held > timezone.localdate():
            errors.add("held_on", _("A meeting cannot be held in the future."))
        if held and sent and sent < held:
            errors.add("outcome_sent_on", _("The outcome cannot be sent before the meeting."))

    def _check_feedback(self, values, errors) -> dict | None:
        if not any(values.get(k) for k in FEEDBACK_COLUMNS):
            return None
        for key, reason in (
            ("feedback_result", _("feedback gives its result")),
            ("feedback_on", _("feedback gives the date it was received")),
            ("feedback_text", _("Give the feedback's text.")),
        ):
            if not values.get(key):
                errors.add(key, reason)
        received, sent = values.get("feedback_on"), values.get("outcome_sent_on")
        if received and sent and received < sent:
            errors.add("feedback_on", _("Feedback cannot arrive before the outcome was sent."))
        if errors:
            return None
        return {
            "result": values["feedback_result"],
            "received_on": values["feedback_on"].isoformat(),
            "text": values["feedback_text"],
            "leader_instructions": values.get("leader_instructions", ""),
        }

    def key(self, plan):
        return f"{plan['year']}:{plan['topic']}"

    def label(self, plan):
        return f"{plan['year']} {plan['topic']}"[:120]

    def find(self, plan, ctx):
        if (plan["year"], plan["topic"]) not in ctx["existing"]:
            return None
        return Consultation.objects.filter(year=plan["year"], topic=plan["topic"]).first()

    def write(self, plan, obj, ctx, actor):
        from .services.history import import_consultation

        return import_consultation(actor=actor, plan=plan, consultation=obj)

    # --- the round trip ----------------------------------------------------------------
    def export_rows(self, year=None, **filters):
        from .services.history import export_rows

        qs = Consultation.objects.filter(held_on__isnull=False, outcome_sent_on__isnull=False)
        if year and str(year).isdigit():
            qs = qs.filter(year=int(year))
        return export_rows(qs)


SHEETS = [ConsultationSheet()]
