"""Every write of the stations part: keyword-only, one transaction, permission-checked —
by sub-domain: stations and their members, activities and visiting rounds, residents'
opinions, the public pages."""

from ..duties import REFERRAL_DUTY
from ._base import station_managers
from .activities import (
    THUMBNAIL_SIZE,
    add_activity_photos,
    plan_visit_round,
    quarter_end,
    record_activity,
    update_participants,
)
from .opinions import (
    RECEIPT_ALPHABET,
    REFERRAL_WORKING_DAYS,
    close_opinion,
    convert_to_proposal,
    convert_to_report,
    record_department_answer,
    record_opinion,
    refer_to_department,
    resolve_on_spot,
    start_handling,
)
from .public import submit_public_opinion
from .stations import assign_members, assign_unassigned_by_street, end_assignment

__all__ = [
    "RECEIPT_ALPHABET",
    "REFERRAL_DUTY",
    "REFERRAL_WORKING_DAYS",
    "THUMBNAIL_SIZE",
    "add_activity_photos",
    "assign_members",
    "assign_unassigned_by_street",
    "close_opinion",
    "convert_to_proposal",
    "convert_to_report",
    "end_assignment",
    "plan_visit_round",
    "quarter_end",
    "record_activity",
    "record_department_answer",
    "record_opinion",
    "refer_to_department",
    "resolve_on_spot",
    "start_handling",
    "station_managers",
    "submit_public_opinion",
    "update_participants",
]
