"""Stations and their members: assigning members (就近进站), ending an assignment."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member

from ..models import Assignment, Station, StationKind
from ._base import _require_liaison


@transaction.atomic
def assign_members(*, actor, station: Station, members, since: date | None = None) -> int:
    """Assign members to a station; an open assignment to another station of the same kind
    ends the day before (so a member always belongs to one station of each kind)."""
    _require_liaison(actor)
    if not station.is_active:
        raise ValidationError(_("This station is no longer active."))
    since = since or timezone.localdate()
    members = list(members)
    if station.kind.is_home:
        not_sitting = [m.name for m in members if m.status != Member.Status.SITTING]
        if not_sitting:
            raise ValidationError(
                _("Only sitting members can be assigned: %(names)s.")
                % {"names": "、".join(not_sitting)}
            )
    ids = [m.pk for m in members]
    current = {
        a.member_id: a
        for a in Assignment.objects.select_for_update().filter(
            member_id__in=ids, station_kind=station.kind_id, until__isnull=True
        )
    }
    created = []
    for member in members:
        old = current.get(member.pk)
        if old is not None:
            if old.station_id == station.pk:
                continue
            old.until = max(old.since, since - timedelta(days=1))
            old.save(update_fields=["until"])
        created.append(
            Assignment(
                station=station,
                station_kind_id=station.kind_id,
                member=member,
                since=since,
                assigned_by=actor,
            )
        )
    Assignment.objects.bulk_create(created)
    return len(created)


@transaction.atomic
def assign_unassigned_by_street(*, actor, since: date | None = None) -> int:
    """Assign every unassigned sitting member to the home-kind station of the street they
    live or work in (where exactly one active such station exists)."""
    from ..selectors import unassigned_members

    _require_liaison(actor)
    kind = StationKind.objects.filter(is_home=True).first()
    if kind is None:
        raise ValidationError(_("No station kind is marked as the one every member belongs to."))
    by_street: dict[int, list[Station]] = {}
    for station in Station.objects.filter(kind=kind, is_active=True, street__isnull=False):
        by_street.setdefault(station.street_id, []).append(station)
    total = 0
    groups: dict[int, list[Member]] = {}
    for member in unassigned_members():
        stations = by_street.get(member.street_id) or []
        if len(stations) == 1:
            groups.setdefault(stations[0].pk, []).append(member)
    stations = {s.pk: s for group in by_street.values() for s in group}
    for station_id, members in groups.items():
        total += assign_members(
            actor=actor, station=stations[station_id], members=members, since=since
        )
    return total


@transaction.atomic
def end_assignment(*, actor, assignment: Assignment, until: date | None = None) -> Assignment:
    _require_liaison(actor)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.until is not None:
        raise ValidationError(_("This assignment has already ended."))
    until = until or timezone.localdate()
    if until < assignment.since:
        raise ValidationError(_("An assignment cannot end before it began."))
    assignment.until = until
    assignment.save(update_fields=["until"])
    return assignment
