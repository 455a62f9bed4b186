"""Past proposals brought in from a sheet (issue 18, proposals.imports): written with their
own dates, in the states they ended in, with their timeline marked "imported" and the duty
records the points table gives for their year. No deadline is opened and nobody is told:
nothing here calls notifications. Runs in the import pipeline's transaction."""

from datetime import date, datetime, time

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.core.models import Counter
from cppcc_portal.core.workflow import record, record_history
from members.models import DutyKind, Member, Session
from members.services import record_duty, void_duty

from ..models import (
    Assignment,
    CoSigner,
    Evaluation,
    Proposal,
    ProposalCategory,
    ProposalEvent,
    Reply,
)
from ._base import _config, _require_staff

S = Proposal.Status
IMPORTED = "imported"


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(day: date | None):
    """A past date as a time of that day in the district (noon: never on the day's edge)."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time(12)))


def _clear(p: Proposal):
    """An update of an imported proposal rebuilds what hangs off it from the new row."""
    for kind in (DutyKind.PROPOSAL_FIRST, DutyKind.PROPOSAL_COSIGNER):
        for member_id in set(p.cosigners.values_list("member_id", flat=True)) | {
            p.first_proposer_id
        }:
            void_duty(
                member=Member.objects.get(pk=member_id),
                kind=kind,
                source=p,
                reason=_("re-imported"),
            )
    p.evaluations.all().delete()
    for reply in p.replies.all():
        reply.delete()
    p.assignments.all().delete()
    p.cosigners.all().delete()
    p.events.all().delete()


def _status(plan) -> str:
    if plan["replied_on"]:
        return S.CLOSED
    if plan["assigned_on"]:
        return S.ASSIGNED
    return S.REGISTERED


FK_FIELDS = [
    "session",
    "category",
    "first_proposer",
    "created_by",
    "entered_by",
    "merged_into",
    "not_registered_ground",
    "converted_type",
    "source_type",
]


class Lookups:
    """What every row of one import reads again (sessions, categories, members, settings):
    read once per import, not once per row."""

    def __init__(self):
        self.config = _config()
        self._sessions, self._categories, self._members, self._counters = {}, {}, {}, set()

    def session(self, pk):
        if pk not in self._sessions:
            self._sessions[pk] = Session.objects.get(pk=pk)
        return self._sessions[pk]

    def category(self, pk):
        if pk not in self._categories:
            self._categories[pk] = ProposalCategory.objects.get(pk=pk)
        return self._categories[pk]

    def member(self, pk):
        if pk not in self._members:
            self._members[pk] = Member.objects.get(pk=pk)
        return self._members[pk]

    def counter(self, session, number):
        """Numbers issued later in the portal follow the imported ones (never reused)."""
        key = f"proposal:{session.pk}"
        if key not in self._counters:
            Counter.objects.get_or_create(key=key)
            self._counters.add(key)
        Counter.objects.filter(key=key, value__lt=number).update(value=number)


def import_proposal(
    *, actor, plan: dict, proposal: Proposal | None = None, lookups: Lookups | None = None
) -> Proposal:
    _require_staff(actor)
    look = lookups or Lookups()
    session = look.session(plan["session"])
    submitted, registered = _day(plan["submitted_on"]), _day(plan["registered_on"])
    assigned, replied = _day(plan["assigned_on"]), _day(plan["replied_on"])
    evaluated = _day(plan["evaluated_on"])
    p = proposal or Proposal(session=session, number=plan["number"], created_by=actor)
    if proposal is not None:
        _clear(p)
    p.session = session
    p.kind = plan["kind"]
    p.is_plenary = plan["is_plenary"]
    p.category = look.category(plan["category"])
    for field in ("title", "analysis", "suggestions", "organisation"):
        setattr(p, field, plan[field])
    p.first_proposer = look.member(plan["first_proposer"])
    p.status = _status(plan)
    p.number = plan["number"]
    p.number_display = look.config.format_number(
        session=session.name, year=session.year, number=plan["number"]
    )
    p.submitted_at, p.registered_at = _moment(submitted), _moment(registered)
    p.assigned_at = _moment(assigned)
    p.closed_at = _moment(evaluated or replied) if p.status == S.CLOSED else None
    p.not_evaluated = p.status == S.CLOSED and not plan["satisfaction"]
    p.reply_due_on = p.evaluation_due_on = None
    # the sheet checked every reference; the fields' own rules are checked here
    p.full_clean(exclude=FK_FIELDS, validate_unique=False, validate_constraints=False)
    p.save()
    Proposal.objects.filter(pk=p.pk).update(created_at=p.submitted_at)
    look.counter(session, plan["number"])

    if plan["cosigners"]:
        CoSigner.objects.bulk_create(
            CoSigner(
                proposal=p,
                member_id=member_id,
                state=CoSigner.State.CONFIRMED,
                due_on=submitted,
                responded_at=p.submitted_at,
            )
            for member_id in plan["cosigners"]
        )
        CoSigner.objects.filter(proposal=p).update(invited_at=p.submitted_at)
    events = [("submit", S.DRAFT, S.SUBMITTED, p.submitted_at, "")]
    events.append(("register", S.SUBMITTED, S.REGISTERED, p.registered_at, p.number_display))
    if assigned:
        _assign(p, plan, assigned, replied)
        events.append(("assign", S.REGISTERED, S.ASSIGNED, p.assigned_at, ""))
    if replied:
        reply = Reply.objects.create(
            proposal=p,
            unit_id=plan["lead_unit"],
            round=1,
            status=Reply.Status.RELEASED,
            result=plan["result"],
            proposed_result=plan["result"],
            text=plan["reply_text"],
            signer=plan["signer"],
            released_at=_moment(replied),
        )
        Reply.objects.filter(pk=reply.pk).update(created_at=_moment(replied))
        events.append(("reply_released", S.ASSIGNED, S.REPLIED, _moment(replied), plan["result"]))
        if plan["satisfaction"]:
            Evaluation.objects.create(
                proposal=p,
                member_id=plan["first_proposer"],
                satisfaction=plan["satisfaction"],
                score_before=plan["score_before"],
                score_during=plan["score_during"],
                score_reply=plan["score_reply"],
                comment=plan["evaluation_comment"],
                channel=Evaluation.Channel.PAPER,
                received_on=evaluated,
                recorded_by=actor,
            )
            events.append(("close", S.REPLIED, S.CLOSED, p.closed_at, plan["satisfaction"]))
        else:
            events.append(("close_not_evaluated", S.REPLIED, S.CLOSED, p.closed_at, ""))
    record_history(ProposalEvent, events, proposal=p)
    record(ProposalEvent, proposal=p, actor=actor, action=IMPORTED, comment=p.number_display)
    _duty(p, plan, registered, actor, look)
    return p


def _assign(p, plan, assigned, replied):
    due = replied or assigned
    rows = [(plan["lead_unit"], Assignment.Role.LEAD)]
    rows += [(u, Assignment.Role.CO) for u in plan["co_units"]]
    Assignment.objects.bulk_create(
        Assignment(
            proposal=p,
            unit_id=unit_id,
            role=role,
            state=Assignment.State.DONE if replied else Assignment.State.ACTIVE,
            return_due_on=assigned,
            due_on=due,
            signed_at=_moment(assigned),
        )
        for unit_id, role in rows
    )
    Assignment.objects.filter(proposal=p).update(assigned_at=_moment(assigned))


def _duty(p, plan, registered, actor, look):
    """The points table of the term the proposal was registered in (members.services)."""
    note = _("imported")
    proposers = [(plan["first_proposer"], DutyKind.PROPOSAL_FIRST)]
    proposers += [(m, DutyKind.PROPOSAL_COSIGNER) for m in plan["cosigners"]]
    for member_id, kind in proposers:
        record_duty(
            member=look.member(member_id),
            kind=kind,
            source=p,
            occurred_on=registered,
            title=str(p),
            note=note,
            recorded_by=actor,
        )


# --- the round trip: proposals in the sheet's own shape ------------------------------------


def _local(moment) -> str:
    return timezone.localtime(moment).date().isoformat() if moment else ""


def export_rows(queryset):
    qs = (
        queryset.select_related("session", "category", "first_proposer__sector")
        .prefetch_related(
            Prefetch(
                "cosigners",
                CoSigner.objects.filter(state=CoSigner.State.CONFIRMED).select_related("member"),
            ),
            Prefetch(
                "assignments",
                Assignment.objects.exclude(state=Assignment.State.RELEASED).select_related("unit"),
            ),
            Prefetch("replies", Reply.objects.filter(status=Reply.Status.RELEASED, round=1)),
            Prefetch("evaluations", Evaluation.objects.filter(round=1)),
        )
        .order_by("session__year", "number")
    )
    for p in qs.iterator(chunk_size=500):
        lead = next((a for a in p.assignments.all() if a.role == Assignment.Role.LEAD), None)
        cos = [a.unit.name for a in p.assignments.all() if a.role == Assignment.Role.CO]
        reply = next(iter(p.replies.all()), None)
        ev = next((e for e in p.evaluations.all() if e.member_id == p.first_proposer_id), None)
        yield {
            "session": p.session.name,
            "number": p.number,
            "kind": p.get_kind_display(),
            "category": p.category.name if p.category else "",
            "title": p.title,
            "organisation": p.organisation,
            "first_number": p.first_proposer.number,
            "first_name": p.first_proposer.name,
            "first_sector": p.first_proposer.sector.name if p.first_proposer.sector_id else "",
            "cosigners": "、".join(c.member.number for c in p.cosigners.all()),
            "submitted_on": _local(p.submitted_at),
            "registered_on": _local(p.registered_at),
            "assigned_on": _local(p.assigned_at) if lead else "",
            "lead_unit": lead.unit.name if lead else "",
            "co_units": "、".join(cos),
            "replied_on": _local(reply.released_at) if reply else "",
            "result": reply.result if reply else "",
            "reply_text": reply.text if reply else "",
            "signer": reply.signer if reply else "",
            "satisfaction": ev.get_satisfaction_display() if ev else "",
            "score_before": ev.score_before if ev else "",
            "score_during": ev.score_during if ev else "",
            "score_reply": ev.score_reply if ev else "",
            "evaluation_comment": ev.comment if ev else "",
            "evaluated_on": ev.received_on.isoformat() if ev and ev.received_on else "",
            "analysis": p.analysis,
            "suggestions": p.suggestions,
        }
