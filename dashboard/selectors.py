"""The leader dashboard's figures (DOMAIN §7), each one aggregated in PostgreSQL.

Every function takes the scope (a term and a year inside it) and runs a fixed number of
grouped queries whatever the volume. The counting rules, for the edge cases:

- A proposal belongs to the year of its session (届次会议), inside the chosen term.
- Merged proposals (已并案) count once, under the primary: they are left out of every figure
  (the primary carries the matter). Withdrawn and not-registered proposals are left out of the
  handling figures (units, results, satisfaction, overdue); the funnel shows them as stages.
- Handling figures use the replying assignments (lead 主办 and split 分办) that were not
  released back to staff; a co-unit (会办) never replies, so it has no on-time or
  satisfaction figure, but its proposals do count in its overdue figure (as in the
  proposal list's unit filter, which the overdue count links to).
- On time: the unit's first reply (round 1) dated, in Beijing time, on or before its
  first-round due date: the latest approved extension asked for before that first reply,
  else the reply deadline opened at assignment, else the assignment's due date. A replying
  assignment counts in the denominator once it has replied or its due date has passed.
  Rehandling rounds do not change it: on-time counts the first reply only.
- Satisfaction: the first proposer's final evaluation (the highest round) per proposal;
  满意 and 基本满意 count as satisfied; a proposal closed without evaluation does not count.
- Overdue: a proposal still with its units (assigned, handling, rehandling) whose reply due
  date (extended, or the rehandling one) is before today — the same rule as the proposal
  list's "overdue" filter.
- Result categories: the latest-round replies of the replying units (one per unit), once
  released to the proposers (a draft under sign-off does not count yet).
- On time counts the unit's first reply as the day it wrote its draft (its part); the
  sign-off that follows has its own deadlines.
- Evaluations: every proposer's, by how they were received (online, on paper, by phone).
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    DateField,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, ExtractMonth, TruncDate
from django.utils import timezone

from consultations.models import Attendance, Consultation, Feedback, Rectification
from consultations.workflow import RectificationState
from members.models import Session, Term
from members.points import Bands, active_minimums, completion_by_groups
from opinions.selectors import year_figures
from proposals import workflow
from proposals.models import (
    Assignment,
    Evaluation,
    ExtensionRequest,
    Proposal,
    Reply,
)
from stations.models import Activity, Opinion, Station
from stations.selectors import problems_solved_by_station

S = Proposal.Status
REPLYING = [Assignment.Role.LEAD, Assignment.Role.SPLIT]
SATISFIED = [Evaluation.Satisfaction.SATISFIED, Evaluation.Satisfaction.BASIC]
EXCLUDED_FROM_HANDLING = [S.DRAFT, S.WITHDRAWN, S.NOT_REGISTERED, S.MERGED]
# The funnel: each stage counts the proposals that reached it (merged ones are left out).
FUNNEL = [
    ("submitted", [s for s in S.values if s not in (S.DRAFT, S.WITHDRAWN, S.MERGED)]),
    ("registered", sorted(workflow.REGISTERED_STATES)),
    ("assigned", [S.ASSIGNED, S.HANDLING, S.REPLIED, S.REHANDLING, S.CLOSED]),
    ("replied", [S.REPLIED, S.REHANDLING, S.CLOSED]),
    ("closed", [S.CLOSED]),
]
RECTIFICATION_DONE = [RectificationState.VERIFIED]
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


def _local_tz():
    return ZoneInfo(settings.TIME_ZONE)


def rate(part, whole):
    """A percentage with one decimal, or None when there is nothing to divide."""
    return round(part * 100 / whole, 1) if whole else None


@dataclass
class Scope:
    term: Term
    year: int
    session: Session | None
    years: list
    terms: list


def scope(term_id=None, year=None) -> Scope:
    """The chosen term (default: the current one) and a year of it (default: this year if
    the term covers it, else its last session's year). Two queries."""
    terms = list(Term.objects.order_by("-number").prefetch_related("sessions"))
    term = next((t for t in terms if str(t.pk) == str(term_id)), None)
    term = term or next((t for t in terms if t.is_current), None) or (terms[0] if terms else None)
    sessions = sorted(term.sessions.all(), key=lambda s: s.year) if term else []
    years = [s.year for s in sessions]
    if term and not years:
        years = list(range(term.start_date.year, term.end_date.year + 1))
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = None
    if year not in years:
        today = timezone.localdate().year
        year = today if today in years else (years[-1] if years else today)
    session = next((s for s in sessions if s.year == year), None)
    return Scope(term=term, year=year, session=session, years=years, terms=terms)


def _year_proposals(sc: Scope):
    return Proposal.objects.filter(session__term=sc.term, session__year=sc.year)


# --- Proposals -------------------------------------------------------------------------------


def proposal_figures(sc: Scope) -> dict:
    """Counts by state, the funnel, plenary vs between-session, by category: two queries."""
    qs = _year_proposals(sc).exclude(status=S.DRAFT)
    by_status = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    funnel = [(name, sum(by_status.get(s, 0) for s in states)) for name, states in FUNNEL]
    counted = qs.exclude(status__in=[S.WITHDRAWN, S.MERGED])
    split = counted.aggregate(
        plenary=Count("id", filter=Q(is_plenary=True)),
        between=Count("id", filter=Q(is_plenary=False)),
        key=Count("id", filter=Q(is_key=True)),
        on_paper=Count("id", filter=Q(entered_by__isnull=False)),
    )
    categories = list(
        counted.values("category_id", "category__name")
        .annotate(n=Count("id"))
        .order_by("category__order", "category__name")
    )
    return {"by_status": by_status, "funnel": funnel, **split, "categories": categories}


def result_shares(sc: Scope) -> dict:
    """{"A": n, "B": n, "C": n} over the latest-round replies: one query."""
    rows = (
        Reply.objects.filter(
            proposal__session__term=sc.term,
            proposal__session__year=sc.year,
            round=F("proposal__rehandling_rounds") + 1,
            status__in=workflow.RELEASED_REPLY_STATES,
        )
        .exclude(proposal__status__in=EXCLUDED_FROM_HANDLING)
        .values_list("result")
        .annotate(n=Count("id"))
        .order_by()
    )
    shares = dict.fromkeys(Reply.Result.values, 0)
    shares.update(dict(rows))
    return shares


def evaluation_channels(sc: Scope) -> dict:
    """How the year's evaluations were received — online, or on paper or by phone and
    recorded by staff — and how many were 满意 or 基本满意 and how many 不满意: one query."""
    return Evaluation.objects.filter(
        proposal__session__term=sc.term, proposal__session__year=sc.year
    ).aggregate(
        online=Count("id", filter=Q(channel=Evaluation.Channel.ONLINE)),
        paper=Count("id", filter=Q(channel=Evaluation.Channel.PAPER)),
        phone=Count("id", filter=Q(channel=Evaluation.Channel.PHONE)),
        satisfied=Count("id", filter=Q(satisfaction__in=SATISFIED)),
        unsatisfied=Count("id", filter=Q(satisfaction=Evaluation.Satisfaction.UNSATISFIED)),
    )


def _first_due():
    """The first-round due date of an assignment (see the module's rules)."""
    from cppcc_portal.notifications.models import Deadline

    first_reply_at = Reply.objects.filter(
        proposal_id=OuterRef(OuterRef("proposal_id")),
        unit_id=OuterRef(OuterRef("unit_id")),
        round=1,
    ).values("created_at")[:1]
    extension = (
        ExtensionRequest.objects.filter(
            assignment_id=OuterRef("pk"), state=ExtensionRequest.State.APPROVED
        )
        .filter(requested_at__lt=Coalesce(Subquery(first_reply_at), Value(FAR_FUTURE)))
        .order_by("-requested_until")
        .values("requested_until")[:1]
    )
    reply_deadline = (
        Deadline.objects.filter(
            target_type=ContentType.objects.get_for_model(Assignment),
            target_id=OuterRef("pk"),
            duty="proposal.lead_reply",
        )
        .order_by("id")
        .values("due_on")[:1]
    )
    return Coalesce(Subquery(extension), Subquery(reply_deadline), F("due_on"))


SORTS = {
    "on_time": "on_time_rate",
    "satisfaction": "satisfaction_rate",
    "overdue": "overdue",
    "name": "name",
}


def sort_units(rows: list[dict], sort: str) -> list[dict]:
    """Sort by a SORTS key, descending with a leading "-"; units without a rate go last."""
    field = SORTS.get(sort.lstrip("-"), "on_time_rate")
    known = [r for r in rows if r[field] is not None]
    unknown = [r for r in rows if r[field] is None]
    known.sort(key=lambda r: r["name"])
    known.sort(key=lambda r: r[field], reverse=sort.startswith("-"))
    return known + sorted(unknown, key=lambda r: r["name"])


def unit_ranking(sc: Scope, sort: str = "-on_time") -> list[dict]:
    """Per handling unit: replies due, on time, evaluated, satisfied, overdue proposals and the
    two rates. One grouped query (the ranking of ~30 unit rows is sorted in Python)."""
    today = timezone.localdate()
    tz = _local_tz()
    final_eval = (
        Evaluation.objects.filter(
            proposal_id=OuterRef("proposal_id"), member_id=OuterRef("proposal__first_proposer_id")
        )
        .order_by("-round")
        .values("satisfaction")[:1]
    )
    first_reply_on = (
        Reply.objects.filter(
            proposal_id=OuterRef("proposal_id"), unit_id=OuterRef("unit_id"), round=1
        )
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("day")[:1]
    )
    qs = (
        Assignment.objects.filter(proposal__session__term=sc.term, proposal__session__year=sc.year)
        .exclude(state=Assignment.State.RELEASED)
        .exclude(proposal__status__in=EXCLUDED_FROM_HANDLING)
        .annotate(
            first_due=Cast(_first_due(), DateField()),
            first_reply_on=Subquery(first_reply_on, output_field=DateField()),
            final_eval=Subquery(final_eval),
        )
    )
    replying = Q(role__in=REPLYING)
    rows = (
        qs.values("unit_id", "unit__name", "unit__short_name")
        .annotate(
            due=Count(
                "id",
                filter=replying & (Q(first_reply_on__isnull=False) | Q(first_due__lt=today)),
            ),
            on_time=Count("id", filter=replying & Q(first_reply_on__lte=F("first_due"))),
            evaluated=Count("id", filter=replying & Q(final_eval__isnull=False)),
            satisfied=Count("id", filter=replying & Q(final_eval__in=SATISFIED)),
            overdue=Count(
                "proposal_id",
                distinct=True,
                filter=workflow.overdue_q(today, prefix="proposal__"),
            ),
            assigned=Count("proposal_id", distinct=True),
        )
        .order_by()
    )
    result = []
    for r in rows:
        result.append(
            {
                "unit_id": r["unit_id"],
                "name": r["unit__short_name"] or r["unit__name"],
                "assigned": r["assigned"],
                "due": r["due"],
                "on_time": r["on_time"],
                "on_time_rate": rate(r["on_time"], r["due"]),
                "evaluated": r["evaluated"],
                "satisfied": r["satisfied"],
                "satisfaction_rate": rate(r["satisfied"], r["evaluated"]),
                "overdue": r["overdue"],
            }
        )
    return sort_units(result, sort)


def key_proposals(sc: Scope, limit: int = 50):
    """The year's key proposals with what shows their progress: two queries."""
    return (
        _year_proposals(sc)
        .filter(is_key=True)
        .exclude(status=S.MERGED)
        .annotate(
            supervision_count=Count("supervisions", distinct=True),
            reply_count=Count("replies", distinct=True),
        )
        .prefetch_related("supervising_leaders")
        .order_by("number", "id")[:limit]
    )


def proposal_trend(sc: Scope) -> list[dict]:
    """Per session year of the term: submitted, registered, closed. One query."""
    counted = [s for s in S.values if s not in (S.DRAFT, S.WITHDRAWN, S.MERGED)]
    return list(
        Proposal.objects.filter(session__term=sc.term, status__in=counted)
        .values("session__year")
        .annotate(
            submitted=Count("id"),
            registered=Count("id", filter=Q(status__in=workflow.REGISTERED_STATES)),
            closed=Count("id", filter=Q(status=S.CLOSED)),
        )
        .order_by("session__year")
    )


# --- Social-opinion reports ------------------------------------------------------------------


def opinion_figures(sc: Scope) -> dict:
    """Submitted, adopted, uses and instructions by level (the opinions part's year_figures)."""
    return year_figures(sc.year)


# --- Consultations ---------------------------------------------------------------------------


HELD_STATES = ["held", "outcome_sent", "feedback_received", "closed"]


def consultation_figures(sc: Scope) -> dict:
    """Held per form, feedback results, rectification items open / overdue: three queries."""
    by_form = list(
        Consultation.objects.filter(year=sc.year, state__in=HELD_STATES)
        .values("form_id", "form__name")
        .annotate(n=Count("id"))
        .order_by("form__order", "form__name")
    )
    outcomes = dict.fromkeys(Feedback.Result.values, 0)
    outcomes.update(
        dict(
            Feedback.objects.filter(consultation__year=sc.year)
            .values_list("result")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    today = timezone.localdate()
    rect = Rectification.objects.exclude(state__in=RECTIFICATION_DONE).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(deadline__lt=today))
    )
    return {
        "by_form": by_form,
        "held": sum(r["n"] for r in by_form),
        "outcomes": outcomes,
        "rectification_open": rect["open"],
        "rectification_overdue": rect["overdue"],
    }


# --- Members ---------------------------------------------------------------------------------


def attendance_rates(sc: Scope) -> list[dict]:
    """Per meeting kind, over the year's meetings: attended ÷ (attended + absent without
    leave + leave approved). Invitations still open do not count. One query."""
    from consultations.models import Meeting

    rows = (
        Attendance.objects.filter(meeting__starts_at__year=sc.year)
        .values("meeting__kind")
        .annotate(
            attended=Count("id", filter=Q(status=Attendance.Status.ATTENDED)),
            absent=Count("id", filter=Q(status=Attendance.Status.ABSENT)),
            leave=Count("id", filter=Q(status=Attendance.Status.LEAVE_APPROVED)),
        )
        .order_by("meeting__kind")
    )
    labels = dict(Meeting.Kind.choices)
    out = []
    for r in rows:
        whole = r["attended"] + r["absent"] + r["leave"]
        out.append(
            {
                "kind": r["meeting__kind"],
                "label": labels.get(r["meeting__kind"], r["meeting__kind"]),
                **{k: r[k] for k in ("attended", "absent", "leave")},
                "rate": rate(r["attended"], whole),
            }
        )
    return out


def member_figures(sc: Scope) -> dict:
    """Five-ones completion and points bands by sector and by committee, over the sitting
    members of the term: one query (members.points.completion_by_groups) plus the
    (cached) configuration."""
    minimums = active_minimums()
    bands = Bands(sc.term)
    out = {"minimums": [m.name for m in minimums], "bands": [b.name for b in bands.rows]}
    by_group = completion_by_groups(
        ("sector", "committee"), sc.year, minimums, term=sc.term, bands=bands
    )
    for group, group_rows in by_group.items():
        rows = [
            {
                "id": r["id"],
                "name": r["name"],
                "total": r["total"],
                "all_met": r["all_met"],
                "completion_rate": rate(r["all_met"], r["total"]),
                "met": r["met"],
                "bands": r["bands"],
            }
            for r in group_rows
        ]
        rows.sort(key=lambda x: x["name"])
        out[group] = rows
    out["band_ids"] = [b.pk for b in bands.rows]
    return out


# --- Stations --------------------------------------------------------------------------------


def station_figures(sc: Scope) -> dict:
    """Activities per station per month, residents reached, opinions and problems solved."""
    stations = list(Station.objects.order_by("kind__order", "order", "id").values("id", "name"))
    per_month = {s["id"]: [0] * 12 for s in stations}
    reached = {s["id"]: 0 for s in stations}
    for r in (
        Activity.objects.filter(date__year=sc.year)
        .annotate(month=ExtractMonth("date"))
        .values("station_id", "month")
        .annotate(n=Count("id"), reached=Sum("residents_reached"))
        .order_by()
    ):
        if r["station_id"] in per_month:
            per_month[r["station_id"]][r["month"] - 1] = r["n"]
            reached[r["station_id"]] += r["reached"] or 0
    opinions = dict(
        Opinion.objects.filter(received_at__year=sc.year)
        .values_list("station_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    solved = problems_solved_by_station(sc.year)
    rows = [
        {
            "id": s["id"],
            "name": s["name"],
            "months": per_month[s["id"]],
            "activities": sum(per_month[s["id"]]),
            "reached": reached[s["id"]],
            "opinions": opinions.get(s["id"], 0),
            "solved": solved.get(s["id"], 0),
        }
        for s in stations
    ]
    return {
        "stations": rows,
        "activities": sum(r["activities"] for r in rows),
        "reached": sum(r["reached"] for r in rows),
        "opinions": sum(r["opinions"] for r in rows),
        "solved": sum(r["solved"] for r in rows),
    }
