"""Stations and their members: what the user may see, the figures of a station, the members
assigned (and those not assigned yet)."""

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from members.models import Member

from ..models import Activity, Assignment, Opinion, Station, StationKind
from ..workflow import STATE_META, TO_HANDLE_STATES, OpinionState
from ._scope import stations_visible_to
from .opinions import solved_q


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
