"""Who may see and act on a station: liaison staff everywhere, a station manager only on
their own station(s) (as its instructor or as the user of its head member); other staff
and leaders read. The predicates at the end say who may take each step on a resident's
opinion: the services call them before they write, the action table (stations.actions)
offers a step to whom they admit."""

import rules

from cppcc_portal.accounts.roles import STAFF_ROLES, Role, grant, has_role


def can_view_all_stations(user) -> bool:
    return has_role(user, *STAFF_ROLES, Role.LEADER)


def can_manage_all_stations(user) -> bool:
    return has_role(user, Role.LIAISON_STAFF)


def manages_station(user, station) -> bool:
    """The user is this station's instructor or its head (a station manager either way)."""
    if not has_role(user, Role.STATION_MANAGER):
        return False
    if station.instructor_id == user.pk:
        return True
    head = station.head if station.head_id else None
    return head is not None and head.user_id == user.pk


@rules.predicate
def can_view_station(user, station):
    return can_view_all_stations(user) or manages_station(user, station)


@rules.predicate
def can_act_on_station(user, station):
    return can_manage_all_stations(user) or manages_station(user, station)


# --- Residents' opinions ---------------------------------------------------------------------

REPORT_CONVERTER_ROLES = (Role.STATION_MANAGER, Role.OPINION_STAFF, Role.PROPOSAL_STAFF)


def may_handle(user, opinion) -> bool:
    """Start, resolve, refer, record the answer, close: whoever acts on the opinion's station."""
    return bool(can_act_on_station(user, opinion.station))


def may_convert_report(user, opinion) -> bool:
    """The social-opinion part admits only some roles as converters."""
    return may_handle(user, opinion) and has_role(user, *REPORT_CONVERTER_ROLES)


def may_convert_proposal(user, opinion) -> bool:
    """A station's managers may always start a draft proposal in a member's name."""
    return may_handle(user, opinion)


rules.add_perm("stations.view_station_page", can_view_station)
rules.add_perm("stations.act_on_station", can_act_on_station)

_catalogue = [
    f"stations.{a}_{m}"
    for m in ("stationkind", "station", "assignment", "visitround")
    for a in ("view", "add", "change")
]
grant(
    Role.LIAISON_STAFF,
    *_catalogue,
    "stations.view_activity",
    "stations.view_opinion",
    "stations.view_activityphoto",
)
