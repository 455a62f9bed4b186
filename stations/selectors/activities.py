"""Station activities, their photos and the quarterly visiting rounds."""

from django.db.models import Count

from members.models import Member

from ..models import Activity, ActivityPhoto, VisitRound
from ._scope import stations_visible_to
from .stations import station_members


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
