"""Who a notice goes to: each audience kind narrows the sitting members with an account.

One query resolves a notice's audience (no loop over members); a new kind adds one
entry to AUDIENCES. A station's audience is its members with an open assignment, as the
stations part defines it (news sits above stations, so it asks stations' selector).
"""

from django.db.models import Q

from members.models import Member
from stations.selectors import assigned_member_ids

AUDIENCES = {
    "all": lambda notice: Q(),
    "sector": lambda notice: Q(sector_id=notice.sector_id),
    "committee": lambda notice: Q(committee_memberships__committee_id=notice.committee_id),
    "station": lambda notice: Q(pk__in=assigned_member_ids(notice.station_id)),
    "chosen": lambda notice: Q(pk__in=notice.chosen_members.values("pk")),
}


def audience_members(notice):
    """Sitting members with an active account whom the notice addresses."""
    return (
        Member.objects.filter(
            AUDIENCES[notice.audience](notice),
            status=Member.Status.SITTING,
            user__isnull=False,
            user__is_active=True,
        )
        .distinct()
        .order_by("number")
    )


def audience_pairs(notice) -> list[tuple[int, int]]:
    """(member id, user id) of every addressee, in one query."""
    return list(audience_members(notice).values_list("pk", "user_id"))
