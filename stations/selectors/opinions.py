"""Residents' opinions: the lists and the page, what counts as a problem solved, and what the
resident sees on the public lookup page."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q

from ..models import Opinion
from ..workflow import PUBLIC_RESOLVED, REPORT_PENDING_STATES, SOLVED_STATES, TO_HANDLE_STATES, meta
from ._scope import stations_managed_by, stations_visible_to


def opinions_visible_to(user):
    return Opinion.objects.filter(station__in=stations_visible_to(user).values("pk"))


def opinion_list(user, *, state=None, station=None, category=None, q=""):
    qs = opinions_visible_to(user).select_related("station", "taken_up_by")
    if state == "to_handle":
        qs = qs.filter(state__in=TO_HANDLE_STATES)
    elif state:
        qs = qs.filter(state=state)
    if station:
        qs = qs.filter(station_id=station)
    if category:
        qs = qs.filter(category=category)
    if q:
        qs = qs.filter(Q(content__contains=q) | Q(receipt_code__iexact=q.strip()))
    return qs.order_by("-received_at", "-id")


def opinion_detail(user, pk):
    return (
        opinions_visible_to(user)
        .select_related(
            "station__kind", "station__head", "activity", "department", "taken_up_by", "recorded_by"
        )
        .prefetch_related("events__actor")
        .get(pk=pk)
    )


def _conversion_readers():
    """For each kind of record an opinion can become: its label and the selector of who may
    open it (the part's own `visible_to`). Imported late: stations sit beside those parts."""
    from django.utils.translation import gettext as _

    from opinions.selectors import visible_to as reports_visible_to
    from proposals.selectors import visible_to as proposals_visible_to

    return {
        ("opinions", "report"): (_("Social-opinion report"), reports_visible_to),
        ("proposals", "proposal"): (_("Draft proposal"), proposals_visible_to),
    }


def conversion_for(user, opinion) -> dict | None:
    """What the opinion became, as the user may see it: {"kind": label, "target": the record
    if the user may open it, else None}; None if it was not converted."""
    if not opinion.conversion_id or not opinion.conversion_type_id:
        return None
    ct = ContentType.objects.get_for_id(opinion.conversion_type_id)
    reader = _conversion_readers().get((ct.app_label, ct.model))
    if reader is None:
        return None
    label, visible_to = reader
    return {"kind": label, "target": visible_to(user).filter(pk=opinion.conversion_id).first()}


def opinions_to_handle_count(user) -> int:
    """Opinions at the user's own stations that still need the station to act."""
    return Opinion.objects.filter(
        station__in=stations_managed_by(user).values("pk"), state__in=TO_HANDLE_STATES
    ).count()


def solved_q(year: int | None = None) -> Q:
    """What counts as a problem solved: resolved on the spot or closed with a result (in
    the year it was resolved), or converted to a social-opinion report that was adopted
    (in the year of adoption)."""
    done = Q(state__in=SOLVED_STATES)
    if year:
        done &= Q(resolved_at__year=year)
    try:
        from opinions.models import Report
    except ImportError:
        return done
    adopted = Report.objects.filter(
        source_type=ContentType.objects.get_for_model(Opinion),
        source_id=OuterRef("pk"),
        state="adopted",
    )
    if year:
        adopted = adopted.filter(adopted_on__year=year)
    return done | Q(Exists(adopted), state__in=REPORT_PENDING_STATES)


def problems_solved(year: int | None = None) -> int:
    """The headline number: residents' problems solved (see solved_q), in a year or ever."""
    return Opinion.objects.filter(solved_q(year)).count()


def problems_solved_by_station(year: int | None = None) -> dict[int, int]:
    """{station_id: problems solved} (stations with none are absent)."""
    qs = Opinion.objects.filter(solved_q(year))
    return dict(qs.values("station_id").annotate(n=Count("id")).values_list("station_id", "n"))


def conversion_adopted(opinion) -> bool:
    """Whether the report an opinion became has been adopted (then the resident sees
    "resolved"). Asks the opinions part; False if it is not installed yet."""
    if not meta(opinion).report_pending:
        return False
    try:
        from opinions.selectors import reports_for_source
    except ImportError:
        return False
    return any(getattr(r, "state", "") == "adopted" for r in reports_for_source(opinion))


def public_status(opinion) -> dict:
    """What the resident sees: a label and whether the matter counts as resolved."""
    if conversion_adopted(opinion):
        return {"label": PUBLIC_RESOLVED, "resolved": True}
    state = meta(opinion)
    return {"label": state.public_label, "resolved": state.solved}
