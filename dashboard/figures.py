"""Every figure of the leaders' dashboard, assembled once from the selectors and cached under
the data stamp: the page, its workbook and the year's 办理情况报告 read the same figures."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals.models import Proposal, Reply

from . import selectors

SORT_KEYS = ("on_time", "satisfaction", "overdue", "name")


def link(name, **params):
    params = {k: v for k, v in params.items() if v not in (None, "", False)}
    url = reverse(name)
    return f"{url}?{urlencode(params)}" if params else url


def figures(request):
    """Every figure of the dashboard, cached under the data stamp (never stale: any write
    moves the stamp, cppcc_portal.core.stamps); `generated_at` says when they were computed."""
    import hashlib

    from django.utils import translation

    from cppcc_portal.core.stamps import cached

    params = "|".join(request.GET.get(k, "") for k in ("term", "year", "sort"))
    digest = hashlib.sha1(params.encode()).hexdigest()[:16]
    key = f"dashboard:figures:{translation.get_language()}:{digest}"
    ctx, _from_cache = cached(key, lambda: compute(request))
    return dict(ctx)


def compute(request):
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
            "url": link("proposals:list", session=session),
        }
        for k, v in p["funnel"]
    ]
    by_status = [
        {
            "label": label,
            "value": p["by_status"].get(code, 0),
            "url": link("proposals:list", session=session, status=code),
        }
        for code, label in Proposal.Status.choices
        if code != Proposal.Status.DRAFT
    ]
    categories = [
        {
            "label": c["category__name"] or _("Uncategorised"),
            "value": c["n"],
            "url": link("proposals:list", session=session, category=c["category_id"]),
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
        u["url"] = link("proposals:list", session=session, unit=u["unit_id"])
        u["overdue_url"] = link("proposals:list", session=session, unit=u["unit_id"], overdue="on")
    keys = list(selectors.key_proposals(sc))
    trend = selectors.proposal_trend(sc)
    opinions = selectors.opinion_figures(sc)
    consult = selectors.consultation_figures(sc)
    attendance = selectors.attendance_rates(sc)
    members = selectors.member_figures(sc)
    stations = selectors.station_figures(sc)
    for group in ("sector", "committee"):
        for row in members[group]:
            row["url"] = link("members:duty_ranking", year=sc.year, **{group: row["id"]})
            row["band_links"] = [
                (n, link("members:duty_ranking", year=sc.year, band=bid, **{group: row["id"]}))
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
            "list": link("proposals:list", session=session),
            "plenary": link("proposals:list", session=session),
            "key": link("proposals:list", session=session, key="on"),
            "overdue": link("proposals:list", session=session, overdue="on"),
            "dissatisfied": link("proposals:dissatisfied", session=session),
            "opinions": link("opinions:list", year=sc.year),
            "adopted": link("opinions:list", year=sc.year, state="adopted"),
            "consultations": link("consultations:list", year=sc.year),
            "rectifications": link("consultations:rectifications"),
            "stations": reverse("stations:list"),
            "opinions_list": reverse("stations:opinion_list"),
            "ranking": link("members:duty_ranking", year=sc.year),
        },
    }
    for row in consult["by_form"]:
        row["url"] = link("consultations:list", year=sc.year, form=row["form_id"])
    ctx["chart"] = chart_data(ctx)
    return ctx


def chart_data(ctx):
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
        "trend": _trend_chart(ctx["scope"], ctx["trend"]),
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


def _trend_chart(sc, trend) -> dict:
    """The trend over the term's session years up to the chosen one (or the last with
    proposals), a year without proposals drawn as 0 rather than left out: the line spans
    the term instead of the few years that happen to have data."""
    by_year = {t["session__year"]: t for t in trend}
    last = max([sc.year, *by_year])
    years = sorted({y for y in sc.years if y <= last} | set(by_year))
    empty = {"submitted": 0, "registered": 0, "closed": 0}
    rows = [by_year.get(y, empty) for y in years]
    return {
        "years": [str(y) for y in years],
        "series": [
            {"name": _("Submitted"), "data": [r["submitted"] for r in rows]},
            {"name": _("Registered"), "data": [r["registered"] for r in rows]},
            {"name": _("Closed"), "data": [r["closed"] for r in rows]},
        ],
    }
