"""Every read of the stations part, narrowed to what the user may see, in constant queries —
by sub-domain: stations and their members, activities and visiting rounds, residents'
opinions, the public pages."""

from ._scope import stations_managed_by, stations_visible_to
from .activities import (
    activities_visible_to,
    activity_detail,
    photo_for,
    recent_activities,
    visit_round_completion,
    visit_round_for,
    visit_rounds,
)
from .opinions import (
    conversion_adopted,
    conversion_for,
    opinion_detail,
    opinion_list,
    opinions_to_handle_count,
    opinions_visible_to,
    problems_solved,
    problems_solved_by_station,
    public_status,
    solved_q,
)
from .public import (
    PUBLIC_MEMBERS_SHOWN,
    public_directory,
    public_station,
    public_stations,
    quarter_of,
)
from .stations import (
    assigned_member_ids,
    home_kind,
    open_assignments,
    register_ranking_filter,
    station_counts,
    station_detail,
    station_list,
    station_members,
    station_stats,
    unassigned_count,
    unassigned_members,
)

__all__ = [
    "PUBLIC_MEMBERS_SHOWN",
    "activities_visible_to",
    "activity_detail",
    "assigned_member_ids",
    "conversion_adopted",
    "home_kind",
    "open_assignments",
    "conversion_for",
    "opinion_detail",
    "opinion_list",
    "opinions_to_handle_count",
    "opinions_visible_to",
    "photo_for",
    "problems_solved",
    "problems_solved_by_station",
    "public_directory",
    "public_station",
    "public_stations",
    "public_status",
    "quarter_of",
    "recent_activities",
    "register_ranking_filter",
    "solved_q",
    "station_counts",
    "station_detail",
    "station_list",
    "station_members",
    "station_stats",
    "stations_managed_by",
    "stations_visible_to",
    "unassigned_count",
    "unassigned_members",
    "visit_round_completion",
    "visit_round_for",
    "visit_rounds",
]
