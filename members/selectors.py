"""Reads of the members app, each narrowed to what the user may see."""

from django.contrib.postgres.search import TrigramSimilarity  # noqa: F401  (used by callers)
from django.db.models import Count, Q

from cppcc_portal.accounts.roles import Role, has_role, is_staff_role

from .models import Member

REGISTRY_ROLES = (
    Role.PROPOSAL_STAFF,
    Role.OPINION_STAFF,
    Role.CONSULTATION_STAFF,
    Role.LIAISON_STAFF,
    Role.LEADER,
)


def can_view_registry(user) -> bool:
    return has_role(user, *REGISTRY_ROLES)


def members_visible_to(user):
    """The member registry: staff and leaders see every member, members only themselves."""
    qs = Member.objects.select_related("sector", "street")
    if can_view_registry(user):
        return qs
    if has_role(user, Role.MEMBER):
        return qs.filter(user=user)
    return qs.none()


def member_list(user, *, q="", sector=None, committee=None, status=None, term=None, street=None):
    qs = members_visible_to(user)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(number__icontains=q) | Q(work_unit__contains=q))
    if sector:
        qs = qs.filter(sector_id=sector)
    if committee:
        qs = qs.filter(committee_memberships__committee_id=committee)
    if status:
        qs = qs.filter(status=status)
    if term:
        qs = qs.filter(terms__id=term)
    if street:
        qs = qs.filter(street_id=street)
    return qs.annotate(terms_served=Count("terms", distinct=True)).order_by("number")


def member_detail(user, pk):
    return (
        members_visible_to(user)
        .prefetch_related("committee_memberships__committee", "posts__post", "posts__term", "terms")
        .get(pk=pk)
    )


def show_personal_data(user, member) -> bool:
    """Phones and ID numbers: staff, and the member themself."""
    return is_staff_role(user) or (member.user_id is not None and member.user_id == user.pk)


def member_for_user(user):
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_member_cache", False)
    if cached is False:
        cached = Member.objects.select_related("sector").filter(user=user).first()
        user._member_cache = cached
    return cached
