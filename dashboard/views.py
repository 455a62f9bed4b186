import hashlib
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cppcc_portal.accounts.roles import STAFF_ROLES, Role, has_role, user_roles
from cppcc_portal.core.exports import XLSX_TYPE, attachment_response, workbook_bytes
from cppcc_portal.core.navigation import counts_for, home_sections
from cppcc_portal.core.stamps import cached

from . import figures

READERS = (*STAFF_ROLES, Role.LEADER)


@login_required
def home(request):
    """Every user starts here: the sections of each part that concern their roles. Rendered
    once per user and cached under the data stamp (any committed write moves it, so a home is
    never stale): a member opening the portal again costs the stamp's one query."""

    def render_sections():
        return [
            {
                "title": str(s.title),
                "html": render_to_string(s.template, s.context, request=request),
            }
            for s in home_sections(request.user)
        ]

    key = f"home:{request.user.pk}:{translation.get_language()}"
    rendered, _from_cache = cached(key, render_sections)
    return render(request, "dashboard/home.html", {"sections": rendered})


@login_required
def nav_counts(request):
    """The menu's badges and the bell, swapped in by htmx after the page has loaded."""
    from cppcc_portal.notifications.selectors import unread_count

    return render(
        request,
        "dashboard/_nav_counts.html",
        {
            "counts": counts_for(request, user_roles(request.user)),
            "unread_notifications": unread_count(request.user),
        },
    )


def can_read(user) -> bool:
    """Leaders and committee staff (superusers hold every role)."""
    return has_role(user, *READERS)


def _require(request):
    if not can_read(request.user):
        raise PermissionDenied


@login_required
def leader(request):
    """The leaders' dashboard (DOMAIN §7); ?screen=1 is the meeting-room display. Its body is
    rendered once per reader, query and language and cached under the data stamp (like the
    home page): a reader opening it again costs the stamp, not the template."""
    _require(request)
    query = hashlib.sha1(urlencode(sorted(request.GET.items())).encode()).hexdigest()[:16]
    key = f"leader:{request.user.pk}:{translation.get_language()}:{query}"
    body, _from_cache = cached(
        key,
        lambda: render_to_string("dashboard/_leader_body.html", _leader_context(request), request),
    )
    return render(
        request,
        "dashboard/leader.html",
        {"body": body, "screen": request.GET.get("screen") == "1"},
    )


def _leader_context(request):
    ctx = figures.figures(request)
    ctx["screen"] = request.GET.get("screen") == "1"
    ctx["query"] = {
        "term": ctx["scope"].term.pk if ctx["scope"].term else "",
        "year": ctx["scope"].year,
    }
    ctx["sort_links"] = {
        key: figures.link(
            "dashboard:leader",
            term=ctx["query"]["term"],
            year=ctx["scope"].year,
            sort=key if ctx["sort"] == f"-{key}" else f"-{key}",
        )
        + "#units"
        for key in figures.SORT_KEYS
    }
    ctx["export_url"] = figures.link("dashboard:export", **ctx["query"])
    ctx["report_urls"] = {
        fmt: f"{reverse('dashboard:year_report', args=[fmt])}?{urlencode(ctx['query'])}"
        for fmt in ("docx", "pdf")
    }
    ctx["screen_url"] = figures.link("dashboard:leader", screen=1, **ctx["query"])
    return ctx


@login_required
def leader_export(request):
    """Every figure of the dashboard in one workbook, a sheet per section."""
    _require(request)
    c = figures.figures(request)
    sc = c["scope"]
    n, share = _("Count"), _("Share (%)")
    sheets = [
        (
            _("Proposal states"),
            [_("Status"), n],
            [(r["label"], r["value"]) for r in c["by_status"]],
        ),
        (_("Proposal funnel"), [_("Stage"), n], [(r["label"], r["value"]) for r in c["funnel"]]),
        (
            _("Proposal kinds"),
            [_("Kind"), n],
            [
                (_("Plenary proposals"), c["proposals"]["plenary"]),
                (_("Between-session proposals"), c["proposals"]["between"]),
                (_("Key proposals"), c["proposals"]["key"]),
            ],
        ),
        (_("Categories"), [_("Category"), n], [(r["label"], r["value"]) for r in c["categories"]]),
        (
            _("Result categories"),
            [_("Result category"), n, share],
            [(r["label"], r["value"], r["share"]) for r in c["results"]],
        ),
        (
            _("Handling units"),
            [
                _("Handling unit"),
                _("Proposals"),
                _("Replies due"),
                _("On time"),
                _("On-time reply rate"),
                _("Evaluated"),
                _("Satisfied"),
                _("Satisfaction rate"),
                _("Overdue"),
            ],
            [
                (
                    u["name"],
                    u["assigned"],
                    u["due"],
                    u["on_time"],
                    u["on_time_rate"],
                    u["evaluated"],
                    u["satisfied"],
                    u["satisfaction_rate"],
                    u["overdue"],
                )
                for u in c["units"]
            ],
        ),
        (
            _("Key proposals"),
            [
                _("Number"),
                pgettext("proposal", "Title"),
                _("Status"),
                _("Supervising leaders"),
                pgettext("proposal", "Supervision"),
            ],
            [
                (
                    k.number_display,
                    k.title,
                    k.get_status_display(),
                    "、".join(u.get_full_name() or u.username for u in k.supervising_leaders.all()),
                    k.supervision_count,
                )
                for k in c["key_proposals"]
            ],
        ),
        (
            _("Year-over-year trend"),
            [_("Year"), _("Submitted"), _("Registered"), _("Closed")],
            [
                (t["session__year"], t["submitted"], t["registered"], t["closed"])
                for t in c["trend"]
            ],
        ),
        (
            _("Social-opinion reports"),
            [_("Figure"), n],
            [
                (_("Submitted"), c["opinions"]["submitted"]),
                (_("Adopted"), c["opinions"]["adopted"]),
                *[(_("Used: %(level)s") % {"level": k}, v) for k, v in c["opinion_uses"]],
                *[
                    (_("Instructions: %(level)s") % {"level": k}, v)
                    for k, v in c["opinion_instructions"]
                ],
            ],
        ),
        (
            _("Consultations"),
            [_("Figure"), n],
            [
                *[(r["form__name"], r["n"]) for r in c["consult"]["by_form"]],
                *c["outcomes"],
                (_("Rectification items open"), c["consult"]["rectification_open"]),
                (_("Rectification items overdue"), c["consult"]["rectification_overdue"]),
            ],
        ),
        (
            _("Attendance"),
            [
                _("Meeting kind"),
                _("Attended"),
                _("Absent without leave"),
                _("Leave approved"),
                _("Attendance rate"),
            ],
            [
                (a["label"], a["attended"], a["absent"], a["leave"], a["rate"])
                for a in c["attendance"]
            ],
        ),
    ]
    for group, title in (
        ("sector", _("Members by sector")),
        ("committee", _("Members by committee")),
    ):
        sheets.append(
            (
                title,
                [
                    _("Name"),
                    _("Sitting members"),
                    *c["members"]["minimums"],
                    _("All met"),
                    _("Completion (%)"),
                    *c["members"]["bands"],
                ],
                [
                    (
                        r["name"],
                        r["total"],
                        *r["met"],
                        r["all_met"],
                        r["completion_rate"],
                        *r["bands"],
                    )
                    for r in c["members"][group]
                ],
            )
        )
    sheets.append(
        (
            _("Stations"),
            [
                _("Station"),
                *c["chart"]["stations"]["months"],
                _("Activities"),
                _("Residents reached"),
                _("Opinions"),
                _("Problems solved"),
            ],
            [
                (s["name"], *s["months"], s["activities"], s["reached"], s["opinions"], s["solved"])
                for s in c["stations"]["stations"]
            ],
        )
    )
    filename = _("dashboard figures") + "-" + _("year %(year)d") % {"year": sc.year} + ".xlsx"
    return attachment_response(workbook_bytes(sheets), filename, XLSX_TYPE)
