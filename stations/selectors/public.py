"""The public pages (no login): the directory of stations and a station's own page — names
and sectors of members only, never their personal data."""

from collections import defaultdict
from datetime import date

from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from ..models import Activity, Assignment, Station

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
    carries its first PUBLIC_MEMBERS_SHOWN members and n_members. The same for every
    visitor, so cached under the data stamp (never stale): ranking every open assignment
    for its first members cost 87 ms at scale 30 on each visit."""
    from cppcc_portal.core.stamps import cached

    groups, _from_cache = cached("stations:public-directory", lambda: _grouped(public_stations()))
    return groups


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
