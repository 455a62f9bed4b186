"""Reads of the members app, each narrowed to what the user may see."""

from decimal import Decimal

from django.contrib.postgres.search import TrigramSimilarity  # noqa: F401  (used by callers)
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from cppcc_portal.accounts.roles import Role, has_role, is_staff_role
from cppcc_portal.core.search import text_match
from cppcc_portal.core.subqueries import count_of

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
    return qs.annotate(
        terms_served=count_of(Member.terms.through.objects.all(), "member_id")
    ).order_by("number")


def member_detail(user, pk):
    return (
        members_visible_to(user)
        .prefetch_related("committee_memberships__committee", "posts__post", "posts__term", "terms")
        .get(pk=pk)
    )


def show_personal_data(user, member) -> bool:
    """Phones and ID numbers: staff, and the member themself."""
    return is_staff_role(user) or (member.user_id is not None and member.user_id == user.pk)


def ids_named(term: str) -> list[int]:
    """The ids of the members whose name holds `term`, read first: a list's search can then
    OR them with its texts and keep its text index (an OR with a join or a subquery leaves
    the planner only a scan of the list's table)."""
    return list(Member.objects.filter(text_match(("name",), term)).values_list("pk", flat=True))


def member_for(user):
    """The member record linked to this login (cached on the user), or None: the one place
    that answers "which member is this user"."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_member_cache", False)
    if cached is False:
        cached = Member.objects.select_related("sector").filter(user=user).first()
        user._member_cache = cached
    return cached


def acts_as_member(user) -> bool:
    """Whether a member's own pages apply to this login: a member's do; a superuser's (who
    holds every role) only with a member record of their own — the menu asks it so nobody is
    offered a page that would refuse them."""
    return not getattr(user, "is_superuser", False) or member_for(user) is not None


# --- Duty (DOMAIN §5) ------------------------------------------------------------------------

DUTY_VIEWER_ROLES = (*REGISTRY_ROLES,)


def can_view_all_duty(user) -> bool:
    """Staff and leaders see every member's duty; leaders only read."""
    return has_role(user, *DUTY_VIEWER_ROLES)


def can_manage_duty(user) -> bool:
    return is_staff_role(user)


def can_see_member_duty(user, member) -> bool:
    return can_view_all_duty(user) or (
        member.user_id is not None and member.user_id == user.pk and has_role(user, Role.MEMBER)
    )


def duty_member(user, pk):
    """A member whose duty the user may see; DoesNotExist (→ 404) otherwise."""
    member = Member.objects.select_related("sector", "street").get(pk=pk)
    if not can_see_member_duty(user, member):
        raise Member.DoesNotExist
    return member


def source_url(source) -> str:
    getter = getattr(source, "get_absolute_url", None)
    if getter is None:
        return ""
    try:
        return getter()
    except Exception:  # noqa: BLE001 - a source that cannot name its page gets no link
        return ""


def duty_records(member, *, year=None, term=None, with_voided=True):
    """A member's ledger for a year or a term, each record's source fetched in one query
    per kind of source (a fixed, small number)."""
    from .models import DutyRecord

    qs = DutyRecord.objects.filter(member=member).select_related("recorded_by")
    if year is not None:
        qs = qs.filter(year=year)
    if term is not None:
        qs = qs.filter(term=term)
    if not with_voided:
        qs = qs.filter(voided_at__isnull=True)
    records = list(qs.prefetch_related("source").order_by("-occurred_on", "-id"))
    for record in records:
        record.source_link = source_url(record.source) if record.source_id else ""
    return records


def duty_records_page(request, member, *, year, per_page=50):
    """One page of a member's year (newest first, voided ones kept), each record's source
    fetched in one query per kind of source on that page only."""
    from django.db.models import prefetch_related_objects

    from cppcc_portal.core.pagination import paginate

    from .models import DutyRecord

    qs = (
        DutyRecord.objects.filter(member=member, year=year)
        .select_related("recorded_by")
        .order_by("-occurred_on", "-id")
    )
    page = paginate(request, qs, per_page)
    records = list(page.object_list)
    prefetch_related_objects(records, "source")
    for record in records:
        record.source_link = source_url(record.source) if record.source_id else ""
    page.object_list = records
    return page


def member_duty_summary(member, year):
    """Points, band, per-kind lines and the five ones of one member's year: one query
    (the bands and minimums are cached)."""
    from .points import Bands, active_minimums, kind_breakdown, minimum_status

    lines = kind_breakdown(member.pk, year)
    total = sum((line.points for line in lines), Decimal("0"))
    minimums = active_minimums()
    status = minimum_status(member.pk, year, minimums, kinds={line.kind for line in lines})
    return {
        "year": year,
        "total": total,
        "band": Bands().for_points(total),
        "lines": lines,
        "minimums": status,
        "missing": [s.minimum for s in status if not s.met],
    }


def pending_for_member(user, member, year):
    """What waits for the member: open deadlines, reflections under review or returned,
    unread study materials, this year's self-report."""
    from cppcc_portal.notifications.models import Deadline

    from .models import SelfReport, StudyReflection

    deadlines = list(
        Deadline.objects.of_person(user)
        .filter(state__in=[Deadline.State.OPEN, Deadline.State.OVERDUE])
        .order_by("due_on")[:20]
    )
    reflections = list(
        StudyReflection.objects.filter(
            member=member,
            state__in=[StudyReflection.State.SUBMITTED, StudyReflection.State.RETURNED],
        ).order_by("-submitted_on")[:10]
    )
    unread = materials_visible_to(user).exclude(reads__member=member).count()
    report = SelfReport.objects.filter(member=member, year=year).first()
    return {"deadlines": deadlines, "reflections": reflections, "unread": unread, "report": report}


def ranked_members(year):
    """Whom a year's ranking lists: the sitting members in the current term; for a year of a
    closed term (after a term change) everyone who served it, those who left included.
    One lazy expression: no query of its own (the ranking's query count stays constant)."""
    from .models import Term

    top = (
        Term.objects.filter(
            Q(sessions__year=year) | Q(start_date__year__lte=year, end_date__year__gte=year)
        )
        .order_by("-number")
        .values("pk")[:1]
    )
    closed = Term.objects.filter(pk=Subquery(top), closed_at__isnull=False)
    served = Member.terms.through.objects.filter(
        member_id=OuterRef("pk"), term_id__in=closed.values("pk")
    )
    return Member.objects.filter(
        Exists(served) | (Q(status=Member.Status.SITTING) & ~Exists(closed))
    )


def duty_ranking(
    user,
    *,
    year,
    q="",
    sector=None,
    committee=None,
    post=None,
    band=None,
    inactive=False,
    **contributed,
):
    """Members ranked by their capped year total, computed in the database. `contributed`:
    the filters other parts register (e.g. station=<pk>, see contributed_filters.py)."""
    from .contributed_filters import narrow
    from .models import CommitteeMembership, DutyTotal, MemberPost
    from .points import Bands, records_count_expression, total_expression

    if not can_view_all_duty(user):
        return Member.objects.none()
    qs = ranked_members(year).select_related("sector")
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(number__icontains=q))
    if sector:
        qs = qs.filter(sector_id=sector)
    if committee:
        qs = qs.filter(
            Exists(
                CommitteeMembership.objects.filter(member=OuterRef("pk"), committee_id=committee)
            )
        )
    if post:
        qs = qs.filter(Exists(MemberPost.objects.filter(member=OuterRef("pk"), post_id=post)))
    qs = narrow(qs, contributed)
    if inactive:
        qs = qs.exclude(Exists(DutyTotal.objects.filter(member=OuterRef("pk"), year=year)))
    qs = qs.annotate(total=total_expression(year), records=records_count_expression(year))
    if band:
        qs = qs.filter(Bands().filter_for(band))
    return qs.order_by("-total", "number")


def duty_ranking_list(
    user, *, year, q="", sector=None, committee=None, post=None, band=None, **contributed
):
    """The ranking as a sliceable list (for the paginator and the export): the members are
    filtered by the ORM, their totals aggregated and sorted in one SQL query per slice."""
    from .contributed_filters import narrow
    from .models import CommitteeMembership, MemberPost
    from .points import Bands, Ranking

    if not can_view_all_duty(user):
        return Ranking(Member.objects.none(), year)
    qs = ranked_members(year)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(number__icontains=q))
    if sector:
        qs = qs.filter(sector_id=sector)
    if committee:
        qs = qs.filter(
            Exists(
                CommitteeMembership.objects.filter(member=OuterRef("pk"), committee_id=committee)
            )
        )
    if post:
        qs = qs.filter(Exists(MemberPost.objects.filter(member=OuterRef("pk"), post_id=post)))
    qs = narrow(qs, contributed)
    band_range = None
    if band:
        band_range = Bands().range_for(band)
        if band_range is None:
            qs = qs.none()
    return Ranking(qs, year, band_range)


def materials_visible_to(user):
    """Study materials: staff and leaders see all; a member those for everyone or their groups."""
    from .models import StudyMaterial

    qs = StudyMaterial.objects.select_related("group")
    if can_view_all_duty(user):
        return qs
    member = member_for(user)
    if member is None or not has_role(user, Role.MEMBER):
        return qs.none()
    return qs.filter(Q(group__isnull=True) | Q(group__members=member)).distinct()


def reflections_visible_to(user):
    from .models import StudyReflection

    qs = StudyReflection.objects.select_related("member", "material", "reviewed_by")
    if can_view_all_duty(user):
        return qs
    member = member_for(user)
    if member is None or not has_role(user, Role.MEMBER):
        return qs.none()
    return qs.filter(member=member)


def trainings_visible_to(user):
    from .models import Training

    qs = Training.objects.annotate(n_attended=Count("attendance")).order_by("-held_on", "-id")
    if can_view_all_duty(user):
        return qs
    member = member_for(user)
    if member is None or not has_role(user, Role.MEMBER):
        return qs.none()
    return qs
