"""The public pages (no login): thin views over the public selectors, every answer read
through the disclosure-stamped cache and counted against the client address's limit."""

import csv
import hashlib
import io
import json

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cppcc_portal.core import ratelimit
from cppcc_portal.core.exports import attachment_response

from . import figures, selectors, stamp
from .forms import PublicFilterForm

PER_PAGE = 20
OPEN_DATA_LIMIT = 5000  # rows in one download: the list is a page of the portal, not a dump
THROTTLED = "proposals/public/throttled.html"


def public_view(view):
    """No login, GET only, throttled per client address (core.client's one rule)."""
    throttled = ratelimit.ratelimit("public_pages", methods=("GET", "HEAD"), template=THROTTLED)(
        view
    )
    return login_not_required(require_safe(throttled))


class _Counted:
    """What Paginator needs to number the pages of `total` rows without fetching them."""

    def __init__(self, total):
        self.total = total

    def count(self):
        return self.total

    def __getitem__(self, item):
        return []


def _key(prefix, filters, *extra):
    raw = json.dumps([filters, *extra], sort_keys=True, ensure_ascii=True, default=str)
    return f"{prefix}:{hashlib.sha1(raw.encode()).hexdigest()[:20]}"


def _choices(key_stamp):
    return stamp.cached("choices", selectors.filter_choices, stamp=key_stamp)


def _figures():
    # under the disclosure stamp, not the portal's data stamp (which reads every timeline
    # table: 40 ms at scale 10): new releases show at once, other counts within the timeout
    return stamp.cached("figures", figures.yearly_figures)


@public_view
def proposal_list(request):
    key_stamp = stamp.disclosure_stamp()
    form = PublicFilterForm(request.GET or None, choices=_choices(key_stamp))
    filters = form.filters()

    def compute():
        total = selectors.disclosed_count(filters)
        number = Paginator(_Counted(total), PER_PAGE).get_page(page_key).number
        _total, rows = selectors.public_rows(
            filters, offset=(number - 1) * PER_PAGE, limit=PER_PAGE, total=total
        )
        return {"total": total, "number": number, "rows": rows}

    raw_page = request.GET.get("page") or "1"
    page_key = raw_page if raw_page.isdigit() and len(raw_page) < 7 else "1"  # few cache keys
    data = stamp.cached(_key("list", filters, page_key), compute, stamp=key_stamp)
    page = Paginator(_Counted(data["total"]), PER_PAGE).get_page(data["number"])
    page.object_list = data["rows"]
    return render(
        request,
        "proposals/public/list.html",
        {"form": form, "page": page, "rows": data["rows"], "filters": filters},
    )


@public_view
def proposal_detail(request, pk):
    p = stamp.cached(f"proposal:{pk}", lambda: selectors.public_proposal(pk) or {})
    if not p:
        raise Http404(_("No such public proposal."))
    return render(request, "proposals/public/detail.html", {"p": p})


@public_view
def figures_page(request):
    years = _figures()
    chart = {
        "years": [str(y["year"]) for y in reversed(years)],
        "labels": {
            "submitted": _("Submitted"),
            "registered": _("Registered"),
            "replied": _("Replied"),
            "a": _("A: solved or basically solved"),
            "b": _("B: being solved or planned"),
            "c": _("C: kept for reference"),
        },
        "series": {
            name: [y[name] for y in reversed(years)]
            for name in ("submitted", "registered", "replied", "a_share", "b_share", "c_share")
        },
    }
    return render(request, "proposals/public/figures.html", {"years": years, "chart": chart})


# --- open data ------------------------------------------------------------------------------

LIST_COLUMNS = (
    ("number", "proposal number"),
    ("title", "title"),
    ("year", "year"),
    ("session", "session"),
    ("category", "category"),
    ("proposer", "proposer"),
    ("sector", "sector"),
    ("units", "handling units"),
    ("result", "result category"),
    ("status", "status"),
)
FIGURE_COLUMNS = (
    "year",
    "submitted",
    "registered",
    "replied",
    "a",
    "b",
    "c",
    "a_share",
    "b_share",
    "c_share",
)


def _download(content: str, filename: str, content_type: str):
    """Open data leaves through the one export helper like every other file (audited, with
    the visitor's address); any origin may fetch it."""
    response = attachment_response(content.encode(), filename, content_type)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _csv(header, rows):
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese text only with the BOM
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _list_rows(request):
    key_stamp = stamp.disclosure_stamp()
    form = PublicFilterForm(request.GET or None, choices=_choices(key_stamp))
    filters = form.filters()
    return stamp.cached(
        _key("open-list", filters),
        lambda: selectors.public_rows(filters, limit=OPEN_DATA_LIMIT)[1],
        stamp=key_stamp,
    )


@public_view
def open_list(request, fmt):
    rows = _list_rows(request)
    if fmt == "json":
        for row in rows:
            row["url"] = request.build_absolute_uri(reverse("public:proposal", args=[row["id"]]))
        body = json.dumps({"proposals": rows}, ensure_ascii=False, indent=1)
        return _download(body, "proposals.json", "application/json; charset=utf-8")
    body = _csv(
        [c for _k, c in LIST_COLUMNS],
        [["、".join(r[k]) if k == "units" else r[k] for k, _c in LIST_COLUMNS] for r in rows],
    )
    return _download(body, "proposals.csv", "text/csv; charset=utf-8")


@public_view
def open_figures(request, fmt):
    years = _figures()
    if fmt == "json":
        body = json.dumps({"years": years}, ensure_ascii=False, indent=1)
        return _download(body, "figures.json", "application/json; charset=utf-8")
    body = _csv(FIGURE_COLUMNS, [[y[c] for c in FIGURE_COLUMNS] for y in years])
    return _download(body, "figures.csv", "text/csv; charset=utf-8")
