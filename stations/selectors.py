"""Every read of the stations part, narrowed to what the user may see, in constant queries."""

from collections import defaultdict
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Sum, Window
from django.db.models.functions import ExtractMonth, RowNumber
from django.utils import timezone

from cppcc_portal.accounts.roles import Role, has_role
from members.models import Member

from .models import Activity, Assignment, Opinion, Station, StationKind, VisitRound
from .rules import can_manage_all_stations, can_view_all_stations
from .workflow import SOLVED_STATES, STATE_META, TO_HANDLE_STATES, OpinionState


def stations_visible_to(user):
    """Staff and leaders see every station; a station manager only their own."""
    qs = Station.objects.select_related("kind", "street", "sector", "head", "instructor")
    if can_view_all_stations(user):
        return qs
    if has_role(user, Role.STATION_MANAGER):
        return qs.filter(Q(instructor=user) | Q(head__user=user))
    return qs.none()


def stations_managed_by(user):
    """Stations the user may act on."""
    qs = Station.objects.select_related("kind", "street", "head")
    if can_manage_all_stations(user):
        return qs
    if has_role(user, Role.STATION_MANAGER):
        return qs.filter(Q(instructor=user) | Q(head__user=user))
    return qs.none()


def station_list(user, *, kind=None, street=None):
    """The stations the user may see (their figures come from station_counts)."""
    qs = stations_visible_to(user)
    if kind:
        qs = qs.filter(kind_id=kind)
    if street:
        qs = qs.filter(street_id=street)
    return qs.order_by("kind__order", "order", "id")


def station_counts(station_ids, *, year=None) -> dict[int, dict]:
    """Per-station figures for a list of stations: four grouped queries whatever the number."""
    year = year or timezone.localdate().year
    ids = list(station_ids)
    result = {pk: {"members": 0, "activities": 0, "open": 0, "solved": 0} for pk in ids}
    for row in (
        Assignment.objects.filter(station_id__in=ids, until__isnull=True)
        .values("station_id")
        .annotate(n=Count("id"))
    ):
        result[row["station_id"]]["members"] = row["n"]
    for row in (
        Activity.objects.filter(station_id__in=ids, date__year=year)
        .values("station_id")
        .annotate(n=Count("id"))
    ):
        result[row["station_id"]]["activities"] = row["n"]
    for row in (
        Opinion.objects.filter(station_id__in=ids)
        .values("station_id")
        .annotate(
            open=Count("id", filter=Q(state__in=TO_HANDLE_STATES)),
            solved=Count("id", filter=solved_q(year)),
        )
    ):
        result[row["station_id"]]["open"] = row["open"]
        result[row["station_id"]]["solved"] = row["solved"]
    return result


def station_detail(user, pk):
    return stations_visible_to(user).prefetch_related("leaders_in_charge__sector").get(pk=pk)


def open_assignments():
    """Assignments in force: an assignment is open while its `until` is empty (ending one
    sets `until`). The one definition other parts (news audiences) filter by."""
    return Assignment.objects.filter(until__isnull=True)


def assigned_member_ids(station_id):
    """A subquery of the members with an open assignment to the station."""
    return open_assignments().filter(station_id=station_id).values("member_id")


def register_ranking_filter():
    """Offer "liaison station" on the members' duty ranking (members may not import
    stations, so stations contributes the filter: members/contributed_filters.py)."""
    from django.utils.translation import gettext_lazy as _

    from members.contributed_filters import ContributedFilter, register

    register(
        ContributedFilter(
            name="station",
            label=_("Liaison station"),
            choices=lambda: Station.objects.filter(is_active=True).order_by(
                "kind__order", "order", "id"
            ),
            members=lambda station_id: Exists(
                open_assignments().filter(member=OuterRef("pk"), station_id=station_id)
            ),
        )
    )


def station_members(station):
    return (
        Assignment.objects.filter(station=station, until__isnull=True)
        .select_related("member__sector")
        .order_by("member__number")
    )


def station_stats(station, *, year: int) -> dict:
    """The station page's figures for a year: activities per month and kind, members'
    participation, opinions by state, problems solved."""
    activities = Activity.objects.filter(station=station, date__year=year)
    per_month = [0] * 12
    for row in activities.annotate(m=ExtractMonth("date")).values("m").annotate(n=Count("id")):
        per_month[row["m"] - 1] = row["n"]
    totals = activities.aggregate(
        n=Count("id"),
        residents=Sum("residents_reached"),
        services=Sum("services_given"),
        donations=Sum("donation_amount"),
    )
    by_kind = {row["kind"]: row["n"] for row in activities.values("kind").annotate(n=Count("id"))}
    participation = dict(
        Activity.participants.through.objects.filter(
            activity__station=station, activity__date__year=year
        )
        .values("member_id")
        .annotate(n=Count("id"))
        .values_list("member_id", "n")
    )
    members = list(station_members(station))
    rows = [(a.member, participation.get(a.member_id, 0)) for a in members]
    by_state = dict(
        Opinion.objects.filter(station=station)
        .values("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    solved = Opinion.objects.filter(solved_q(year), station=station).count()
    return {
        "year": year,
        "per_month": per_month,
        "max_month": max(per_month) or 1,
        "totals": totals,
        "by_kind": [(label, by_kind.get(value, 0)) for value, label in Activity.Kind.choices],
        "participation": rows,
        "members_active": sum(1 for _m, n in rows if n),
        "by_state": [
            (value, label, by_state.get(value, 0), STATE_META[value].badge)
            for value, label in OpinionState.choices
        ],
        "opinions_total": sum(by_state.values()),
        "solved": solved,
    }


def recent_activities(station, limit=10):
    return (
        Activity.objects.filter(station=station)
        .annotate(n_participants=Count("participants", distinct=True))
        .order_by("-date", "-id")[:limit]
    )


def activities_visible_to(user):
    return Activity.objects.filter(station__in=stations_visible_to(user).values("pk"))


def activity_detail(user, pk):
    return (
        activities_visible_to(user)
        .select_related("station__kind", "station__head", "visit_round")
        .prefetch_related("participants__sector", "photos")
        .get(pk=pk)
    )


def photo_for(user, pk):
    from .models import ActivityPhoto

    return ActivityPhoto.objects.select_related("activity").get(
        pk=pk, activity__in=activities_visible_to(user)
    )


def visit_rounds(station):
    return VisitRound.objects.filter(station=station).order_by("-year", "-quarter")


def visit_round_for(user, pk):
    return VisitRound.objects.select_related("station").get(
        pk=pk, station__in=stations_visible_to(user).values("pk")
    )


def visit_round_completion(visit_round) -> list[tuple[Member, bool]]:
    """Each member assigned to the station, and whether they took part in the round's visits."""
    done = set(
        Activity.participants.through.objects.filter(activity__visit_round=visit_round).values_list(
            "member_id", flat=True
        )
    )
    return [(a.member, a.member_id in done) for a in station_members(visit_round.station)]


# --- Residents' opinions ----------------------------------------------------------------------


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
    return done | Q(Exists(adopted), state=OpinionState.REPORTED)


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
    if opinion.state != OpinionState.REPORTED:
        return False
    try:
        from opinions.selectors import reports_for_source
    except ImportError:
        return False
    return any(getattr(r, "state", "") == "adopted" for r in reports_for_source(opinion))


def public_status(opinion) -> dict:
    """What the resident sees: a label and whether the matter counts as resolved."""
    if conversion_adopted(opinion):
        return {"label": STATE_META[OpinionState.RESOLVED].public_label, "resolved": True}
    meta = STATE_META[opinion.state]
    return {"label": meta.public_label, "resolved": meta.solved}


# --- Assignments ----------------------------------------------------------------------------------


def home_kind():
    return StationKind.objects.filter(is_home=True).first()


def unassigned_members(*, street=None, sector=None):
    """Sitting members without an open assignment to a station of the home kind."""
    kind = home_kind()
    qs = Member.objects.filter(status=Member.Status.SITTING).select_related("sector", "street")
    if kind is not None:
        qs = qs.exclude(
            station_assignments__in=Assignment.objects.filter(station_kind=kind, until__isnull=True)
        )
    if street:
        qs = qs.filter(street_id=street)
    if sector:
        qs = qs.filter(sector_id=sector)
    return qs.order_by("number")


def unassigned_count() -> int:
    return unassigned_members().count()


# --- Public pages ---------------------------------------------------------------------------------


PUBLIC_MEMBERS_SHOWN = 12


def _upcoming():
    return Prefetch(
        "activities",
        queryset=Activity.objects.filter(date__gte=timezone.localdate())
        .only("id", "station_id", "date", "title", "kind")
        .order_by("date"),
        to_attr="upcoming",
    )


def public_stations():
    """Active stations for the public directory: names and sectors of members only."""
    members = Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(until__isnull=True)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=F("station_id"), order_by=F("member__number").asc()
            )
        )
        .filter(rank__lte=PUBLIC_MEMBERS_SHOWN)
        .select_related("member__sector")
        .only("id", "station_id", "member__id", "member__name", "member__sector__name")
        .order_by("member__number"),
        to_attr="open_assignments",
    )
    return (
        Station.objects.filter(is_active=True)
        .annotate(n_members=Count("assignments", filter=Q(assignments__until__isnull=True)))
        .select_related("kind", "street", "sector")
        .only(
            "id",
            "name",
            "address",
            "opening_hours",
            "description",
            "kind__name",
            "kind__order",
            "street__name",
            "street__order",
            "sector__name",
        )
        .prefetch_related(members, _upcoming())
        .order_by("street__order", "kind__order", "order", "id")
    )


def public_directory():
    """[(street name or kind name, [stations])] in the district's order; each station
    carries its first PUBLIC_MEMBERS_SHOWN members and n_members."""
    return _grouped(public_stations())


def _grouped(stations):
    groups: dict[str, list] = defaultdict(list)
    for station in stations:
        label = station.street.name if station.street_id else station.kind.name
        groups[label].append(station)
    return list(groups.items())


def public_station(pk):
    """One station for its public page, with all its members (names and sectors only)."""
    members = Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(until__isnull=True)
        .select_related("member__sector")
        .only("id", "station_id", "member__id", "member__name", "member__sector__name")
        .order_by("member__number"),
        to_attr="open_assignments",
    )
    return (
        public_stations().prefetch_related(None).prefetch_related(members, _upcoming()).get(pk=pk)
    )


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1
