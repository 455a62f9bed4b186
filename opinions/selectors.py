"""Every read of social-opinion reports, narrowed to what the user may see.

Members see the reports they wrote, and combined reports they contributed to once adopted;
information staff and leaders see all; nobody else sees anything here.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.search import text_match
from cppcc_portal.core.subqueries import count_of
from members.selectors import ids_named, member_for

from . import rules
from .models import (
    REPORT_TEXTS,
    BulletinIssue,
    Forwarding,
    Instruction,
    Recipient,
    Report,
    ReportUse,
)
from .workflow import PUBLISHED_STATES, QUEUE_STATES, State

can_manage = rules.is_staff
can_write = rules.may_write


def can_read_all(user) -> bool:
    return has_role(user, Role.OPINION_STAFF, Role.LEADER)


def can_use_reports(user) -> bool:
    """Anyone who has a page here: staff, leaders and members."""
    return can_read_all(user) or can_write(user)


def visible_to(user) -> QuerySet[Report]:
    qs = Report.objects.select_related("member", "issue", "committee", "sector")
    if can_read_all(user):
        return qs
    member = member_for(user) if has_role(user, Role.MEMBER) else None
    if member is None:
        return qs.none()
    contributed = Report.contributors.through.objects.filter(
        report_id=OuterRef("pk"), member_id=member.pk
    )
    return qs.filter(Q(member=member) | Q(Exists(contributed), state__in=PUBLISHED_STATES))


def reports_for_source(source) -> QuerySet[Report]:
    """The reports converted from an object (a proposal, a resident's opinion): their state
    (adopted / archived …) and bulletin issue, for the page that shows the outcome."""
    ct = ContentType.objects.get_for_model(source)
    return (
        Report.objects.filter(source_type=ct, source_id=source.pk)
        .select_related("issue", "member")
        .order_by("id")
    )


def _count_of(model):
    return count_of(model.objects.all(), "report_id")


def _with_flags(qs):
    return qs.annotate(n_uses=_count_of(ReportUse), n_instructions=_count_of(Instruction))


LIST_DEFERRED = ("problem", "suggestion", "original_problem", "original_suggestion")


def report_list(
    user,
    *,
    q: str = "",
    state: str = "",
    year=None,
    member=None,
    sector=None,
    level: str = "",
    instructed: str = "",
    mine: bool = False,
) -> QuerySet[Report]:
    qs = visible_to(user)
    if mine:
        m = member_for(user)
        qs = qs.filter(member=m) if m else qs.none()
    if q:
        # the texts through their two-character index, the member through the ids named
        texts = ("title", "problem", "original_title", "organisation")
        qs = qs.filter(text_match(texts, q, index=REPORT_TEXTS) | Q(member_id__in=ids_named(q)))
    if state:
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(year=year)
    if member:
        qs = qs.filter(
            Q(member_id=member)
            | Q(
                Exists(
                    Report.contributors.through.objects.filter(
                        report_id=OuterRef("pk"), member_id=member
                    )
                )
            )
        )
    if sector:
        qs = qs.filter(member__sector_id=sector)
    if level:
        qs = qs.filter(Exists(ReportUse.objects.filter(report_id=OuterRef("pk"), level=level)))
    if instructed == "yes":
        qs = qs.filter(Exists(Instruction.objects.filter(report_id=OuterRef("pk"))))
    elif instructed == "no":
        qs = qs.filter(~Exists(Instruction.objects.filter(report_id=OuterRef("pk"))))
    return _with_flags(qs.defer(*LIST_DEFERRED)).order_by("-submitted_at", "-created_at", "-id")


def editing_queue(user) -> QuerySet[Report]:
    if not can_manage(user):
        return Report.objects.none()
    return (
        visible_to(user)
        .filter(state__in=QUEUE_STATES)
        .annotate(n_attachments=Count("attachments"))
        .order_by("submitted_at", "id")
    )


def queue_count(user) -> int:
    return editing_queue(user).count() if can_manage(user) else 0


def report_detail(user, pk) -> Report:
    """Raises Report.DoesNotExist for a report the user may not know exists."""
    return (
        visible_to(user)
        .select_related("merged_into__issue", "editor", "created_by", "entered_by")
        .prefetch_related(
            "attachments",
            "contributors",
            Prefetch("forwardings", Forwarding.objects.select_related("recipient")),
            "uses",
            "instructions",
            "merged_reports__member",
            "events__actor",
        )
        .get(pk=pk)
    )


def active_recipients():
    return Recipient.objects.filter(is_active=True)


def open_issues(year: int):
    return BulletinIssue.objects.filter(year=year).order_by("-number")


def issues_visible_to(user) -> QuerySet[BulletinIssue]:
    qs = BulletinIssue.objects.annotate(n_reports=Count("reports")).order_by("-year", "-number")
    return qs if can_read_all(user) else qs.none()


def issue_reports(issue) -> QuerySet[Report]:
    return (
        issue.reports.select_related("member", "committee", "sector")
        .prefetch_related("contributors")
        .order_by("position")
    )


def year_reports(year: int) -> QuerySet[Report]:
    """The year's adopted reports, for the Excel list."""
    return (
        Report.objects.filter(state=State.ADOPTED, issue__year=year)
        .defer(*LIST_DEFERRED)
        .select_related("member__sector", "issue", "committee", "sector")
        .prefetch_related("contributors", "uses", "instructions")
        .order_by("issue__number", "position")
    )


def years(user) -> list[int]:
    qs = visible_to(user).exclude(year=None).order_by("-year")
    return list(qs.values_list("year", flat=True).distinct())


def member_summary(user) -> dict:
    """A member's counts for the home page."""
    member = member_for(user)
    if member is None:
        return {}
    return Report.objects.filter(member=member).aggregate(
        drafts=Count("id", filter=Q(state=State.DRAFT)),
        pending=Count("id", filter=Q(state__in=QUEUE_STATES)),
        adopted=Count("id", filter=Q(state=State.ADOPTED)),
        total=Count("id", filter=~Q(state=State.DRAFT)),
    )


def year_figures(year: int) -> dict:
    """The year's headline numbers for leaders' dashboards (DOMAIN §7): reports submitted and
    adopted, uses per level, instructions per level. Three queries, whatever the volume."""
    reports = Report.objects.filter(year=year).aggregate(
        submitted=Count("id", filter=~Q(state=State.DRAFT) & ~Q(submitter_kind="combined")),
        adopted=Count("id", filter=Q(state=State.ADOPTED)),
        archived=Count("id", filter=Q(state=State.ARCHIVED)),
        waiting=Count("id", filter=Q(state__in=QUEUE_STATES)),
    )
    uses = dict(
        ReportUse.objects.filter(used_on__year=year)
        .values_list("level")
        .annotate(n=Count("id"))
        .order_by()
    )
    instructions = dict(
        Instruction.objects.filter(instructed_on__year=year)
        .values_list("level")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {**reports, "uses": uses, "instructions": instructions}
