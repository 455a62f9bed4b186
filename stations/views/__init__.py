"""Thin views: check permission, parse the form, call one service or selector, render — by
sub-domain: stations and their members, activities and visiting rounds, residents'
opinions, the public pages."""

from .activities import activity_create, activity_detail, photo, round_create, round_detail
from .opinions import opinion_action, opinion_create, opinion_detail, opinion_list
from .poster import station_poster
from .public import public_directory, public_lookup, public_station
from .stations import (
    assign_by_street,
    station_detail,
    station_export,
    station_list,
    station_report,
    unassigned,
)

__all__ = [
    "activity_create",
    "activity_detail",
    "assign_by_street",
    "opinion_action",
    "opinion_create",
    "opinion_detail",
    "opinion_list",
    "photo",
    "public_directory",
    "public_lookup",
    "public_station",
    "round_create",
    "round_detail",
    "station_detail",
    "station_export",
    "station_list",
    "station_poster",
    "station_report",
    "unassigned",
]
