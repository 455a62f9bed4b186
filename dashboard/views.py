from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cppcc_portal.accounts.roles import STAFF_ROLES, Role, has_role, user_roles
from cppcc_portal.core.exports import XLSX_TYPE, attachment_response, workbook_bytes
from cppcc_portal.core.navigation import counts_for, home_sections
from proposals.models import Proposal, Reply

from . import selectors

READERS = (*STAFF_ROLES, Role.LEADER)
SORT_KEYS = ("on_time", "satisfaction", "overdue", "name")


@login_required
def home(request):
    """Every user starts here: the sections of each part that concern their roles."""
    rendered = [
        {"title": s.title, "html": render_to_string(s.template, s.context, request=request)}
        for s in home_sections(request.user)
    ]
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


def _link(name, **params):
    params = {k: v for k, v in params.items() if v not in (None, "", False)}
    url = reverse(name)
    return f"{url}?{urlencode(params)}" if params else url


def _figures(request):
    """Every figure of the dashboard, cached under the data stamp (never stale: any write
    moves the stamp, cppcc_portal.core.stamps); `generated_at` says when they were computed."""
    import hashlib

    from django.utils import translation

    from cppcc_portal.core.stamps import cached

    params = "|".join(request.GET.get(k, "") for k in ("term", "year", "sort"))
    digest = hashlib.sha1(params.encode()).hexdigest()[:16]
    key = f"dashboard:figures:{translation.get_language()}:{digest}"
    ctx, _from_cache = cached(key, lambda: _compute_figures(request))
    return dict(ctx)


def _compute_figures(request):
    sc = selectors.scope(request.GET.get("term"), request.GET.get("year"))
    sort = request.GET.get("sort", "-on_time")
    if sort.lstrip("-") not in SORT_KEYS:
        sort = "-on_time"
    session = sc.session.pk if sc.session else None
    p = selectors.proposal_figures(sc)
    funnel_labels = {
        "submitted": _("Submitted"),
        "registered": _("Registered"),
        "assigned": _("Assigned"),
        "replied": _("Replied"),
        "closed": _("Closed"),
    }
    funnel = [
        {
            "key": k,
            "label": funnel_labels[k],
            "value": v,
            "url": _link("proposals:list", session=session),
        }
        for k, v in p["funnel"]
    ]
    by_status = [
        {
            "label": label,
            "value": p["by_status"].get(code, 0),
            "url": _link("proposals:list", session=session, status=code),
        }
        for code, label in Proposal.Status.choices
        if code != Proposal.Status.DRAFT
    ]
    categories = [
        {
            "label": c["category__name"] or _("Uncategorised"),
            "value": c["n"],
            "url": _link("proposals:list", session=session, category=c["category_id"]),
        }
        for c in p["categories"]
    ]
    result_labels = dict(Reply.Result.choices)
    results_raw = selectors.result_shares(sc)
    results_total = sum(results_raw.values())
    results = [
        {
            "code": code,
            "label": result_labels[code],
            "value": n,
            "share": selectors.rate(n, results_total),
        }
        for code, n in results_raw.items()
    ]
    evaluations = selectors.evaluation_channels(sc)
    units = selectors.unit_ranking(sc, sort)
    for u in units:
        u["url"] = _link("proposals:list", session=session, unit=u["unit_id"])
        u["overdue_url"] = _link("proposals:list", session=session, unit=u["unit_id"], overdue="on")
    keys = list(selectors.key_proposals(sc))
    trend = selectors.proposal_trend(sc)
    opinions = selectors.opinion_figures(sc)
    consult = selectors.consultation_figures(sc)
    attendance = selectors.attendance_rates(sc)
    members = selectors.member_figures(sc)
    stations = selectors.station_figures(sc)
    for group in ("sector", "committee"):
        for row in members[group]:
            row["url"] = _link("members:duty_ranking", year=sc.year, **{group: row["id"]})
            row["band_links"] = [
                (n, _link("members:duty_ranking", year=sc.year, band=bid, **{group: row["id"]}))
                for n, bid in zip(row["bands"], members["band_ids"], strict=True)
            ]
    for row in stations["stations"]:
        row["url"] = reverse("stations:detail", args=[row["id"]])
    from consultations.models import Feedback
    from opinions.models import Instruction, ReportUse

    outcome_labels = dict(Feedback.Result.choices)
    use_labels = dict(ReportUse._meta.get_field("level").choices or [])
    instruction_labels = dict(Instruction._meta.get_field("level").choices or [])
    ctx = {
        "scope": sc,
        "sort": sort,
        "session": session,
        "generated_at": timezone.localtime(),
        "proposals": p,
        "funnel": funnel,
        "by_status": by_status,
        "categories": categories,
        "results": results,
        "evaluations": evaluations,
        "units": units,
        "key_proposals": keys,
        "trend": trend,
        "opinions": opinions,
        "opinion_uses": [(use_labels.get(k, k), v) for k, v in opinions["uses"].items()],
        "opinion_instructions": [
            (instruction_labels.get(k, k), v) for k, v in opinions["instructions"].items()
        ],
        "consult": consult,
        "outcomes": [(outcome_labels[k], v) for k, v in consult["outcomes"].items()],
        "attendance": attendance,
        "members": members,
        "stations": stations,
        "links": {
            "list": _link("proposals:list", session=session),
            "plenary": _link("proposals:list", session=session),
            "key": _link("proposals:list", session=session, key="on"),
            "overdue": _link("proposals:list", session=session, overdue="on"),
            "dissatisfied": _link("proposals:dissatisfied", session=session),
            "opinions": _link("opinions:list", year=sc.year),
            "adopted": _link("opinions:list", year=sc.year, state="adopted"),
            "consultations": _link("consultations:list", year=sc.year),
            "rectifications": _link("consultations:rectifications"),
            "stations": reverse("stations:list"),
            "opinions_list": reverse("stations:opinion_list"),
            "ranking": _link("members:duty_ranking", year=sc.year),
        },
    }
    for row in consult["by_form"]:
        row["url"] = _link("consultations:list", year=sc.year, form=row["form_id"])
    ctx["chart"] = _chart_data(ctx)
    return ctx


def _chart_data(ctx):
    """What static/js/dashboard.js draws (passed with json_script; labels already translated)."""
    months = [_("Month %(month)s") % {"month": m} for m in range(1, 13)]
    return {
        "funnel": [{"name": f["label"], "value": f["value"]} for f in ctx["funnel"]],
        "plenary": [
            {"name": _("Plenary proposals"), "value": ctx["proposals"]["plenary"]},
            {"name": _("Between-session proposals"), "value": ctx["proposals"]["between"]},
        ],
        "categories": [{"name": c["label"], "value": c["value"]} for c in ctx["categories"]],
        "results": [{"name": r["label"], "value": r["value"]} for r in ctx["results"]],
        "units": {
            "names": [u["name"] for u in ctx["units"]],
            "on_time": [u["on_time_rate"] for u in ctx["units"]],
            "satisfaction": [u["satisfaction_rate"] for u in ctx["units"]],
            "labels": [_("On-time reply rate"), _("Satisfaction rate")],
        },
        "trend": {
            "years": [str(t["session__year"]) for t in ctx["trend"]],
            "series": [
                {"name": _("Submitted"), "data": [t["submitted"] for t in ctx["trend"]]},
                {"name": _("Registered"), "data": [t["registered"] for t in ctx["trend"]]},
                {"name": _("Closed"), "data": [t["closed"] for t in ctx["trend"]]},
            ],
        },
        "consultations": [
            {"name": r["form__name"], "value": r["n"]} for r in ctx["consult"]["by_form"]
        ],
        "outcomes": [{"name": k, "value": v} for k, v in ctx["outcomes"]],
        "sectors": {
            "names": [r["name"] for r in ctx["members"]["sector"]],
            "completion": [r["completion_rate"] for r in ctx["members"]["sector"]],
            "label": _("Five-ones completion"),
        },
        "stations": {
            "months": months,
            "series": [
                {"name": s["name"], "data": s["months"]} for s in ctx["stations"]["stations"]
            ],
        },
    }


def _require(request):
    if not can_read(request.user):
        raise PermissionDenied


@login_required
def leader(request):
    """The leaders' dashboard (DOMAIN §7); ?screen=1 is the meeting-room display."""
    _require(request)
    ctx = _figures(request)
    ctx["screen"] = request.GET.get("screen") == "1"
    ctx["query"] = {
        "term": ctx["scope"].term.pk if ctx["scope"].term else "",
        "year": ctx["scope"].year,
    }
    ctx["sort_links"] = {
        key: _link(
            "dashboard:leader",
            term=ctx["query"]["term"],
            year=ctx["scope"].year,
            sort=key if ctx["sort"] == f"-{key}" else f"-{key}",
        )
        + "#units"
        for key in SORT_KEYS
    }
    ctx["export_url"] = _link("dashboard:export", **ctx["query"])
    ctx["screen_url"] = _link("dashboard:leader", screen=1, **ctx["query"])
    return render(request, "dashboard/leader.html", ctx)


@login_required
def leader_export(request):
    """Every figure of the dashboard in one workbook, a sheet per section."""
    _require(request)
    c = _figures(request)
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
    filename = f"dashboard-{sc.year}.xlsx"
    return attachment_response(workbook_bytes(sheets), filename, XLSX_TYPE)
