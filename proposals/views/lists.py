"""Lists, queues and exports of proposals; bulk registration and assignment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.exports import xlsx_response
from cppcc_portal.core.pagination import paginate
from cppcc_portal.core.redirects import local_url

from .. import forms, selectors, services
from ..models import (
    Proposal,
)
from ..rules import is_leader, is_staff, member_id
from ._common import _require

S = Proposal.Status

# --- lists -----------------------------------------------------------------------------------


def _can_list(user):
    return has_role(user, Role.PROPOSAL_STAFF, Role.LEADER, Role.UNIT_LIAISON)


@login_required
def proposal_list(request):
    _require(_can_list(request.user))
    form = forms.FilterForm(request.GET or None)
    qs = selectors.proposal_list(request.user, **form.filters())
    page = paginate(request, qs, ids_first=True)
    context = {"form": form, "page": page, "today": timezone.localdate()}
    if is_staff(request.user):
        context["bulk_form"] = forms.BulkForm()
        context["units"] = services.handling_units()
    return render(request, "proposals/list.html", context)


@login_required
def proposal_export(request):
    _require(_can_list(request.user))
    form = forms.FilterForm(request.GET or None)
    qs = selectors.proposal_list(request.user, **form.filters())
    headers = [
        _("Number"),
        pgettext("proposal", "Title"),
        _("First proposer"),
        _("Kind"),
        _("Category"),
        _("Status"),
        _("Lead unit"),
        _("Co-units"),
        _("Reply due"),
        _("Key proposal"),
        pgettext("proposal", "Session"),
    ]

    def rows():
        for p in qs:
            units = list(p.assignments.all())
            yield [
                p.number_display,
                p.title,
                p.first_proposer.name,
                p.get_kind_display(),
                p.category.name if p.category else "",
                p.get_status_display(),
                "、".join(a.unit.name for a in units if a.role != "co"),
                "、".join(a.unit.name for a in units if a.role == "co"),
                p.reply_due_on or "",
                _("Yes") if p.is_key else "",
                p.session.name,
            ]

    name = _("proposals") + timezone.localdate().strftime("-%Y%m%d") + ".xlsx"
    return xlsx_response(name, headers, rows(), title=_("Proposals"))


@login_required
def mine(request):
    _require(member_id(request.user) is not None)
    page = paginate(request, selectors.member_proposals(request.user))
    return render(
        request,
        "proposals/mine.html",
        {"page": page, "invitations": selectors.pending_invitations(request.user)},
    )


@login_required
def home_member(request):
    """htmx: the member's home box (invitations to co-sign, latest proposals)."""
    _require(has_role(request.user, Role.MEMBER))
    invitations, recent = selectors.home_for_member(request.user)
    return render(
        request,
        "proposals/home/_member_box.html",
        {"invitations": invitations, "recent": recent, "next_url": reverse("home")},
    )


@login_required
def review_queue(request):
    _require(is_staff(request.user))
    returns, extensions = selectors.staff_requests(request.user)
    return render(
        request,
        "proposals/review.html",
        {
            "page": paginate(request, selectors.review_queue(request.user)),
            "returns": returns,
            "extensions": extensions,
            "registered": selectors.proposal_list(request.user, status=S.REGISTERED)[:50],
            "drafts_to_review": selectors.replies_awaiting_review(request.user),
        },
    )


@login_required
def overdue_list(request):
    _require(has_role(request.user, Role.PROPOSAL_STAFF, Role.LEADER))
    page = paginate(request, selectors.overdue(request.user))
    return render(request, "proposals/overdue.html", {"page": page, "today": timezone.localdate()})


@login_required
def unit_queue(request):
    _require(has_role(request.user, Role.UNIT_LIAISON))
    page = paginate(request, selectors.unit_queue(request.user))
    return render(
        request, "proposals/unit_queue.html", {"page": page, "today": timezone.localdate()}
    )


@login_required
def leader_page(request):
    _require(is_leader(request.user))
    page = paginate(request, selectors.leader_proposals(request.user))
    return render(request, "proposals/leader.html", {"page": page, "today": timezone.localdate()})


@login_required
@require_GET
def similar(request):
    """htmx: up to five similar existing proposals for the title being written."""
    _require(has_role(request.user, Role.MEMBER, Role.PROPOSAL_STAFF))
    form = forms.SimilarForm(request.GET)
    items = []
    if form.is_valid():
        items = selectors.similar_proposals(
            request.user, form.cleaned_data["title"], exclude_pk=form.cleaned_data["exclude"]
        )
    return render(request, "proposals/_similar.html", {"items": items})


def _back(request):
    """Back to the list the staff member came from (same host only)."""
    return local_url(request, request.META.get("HTTP_REFERER", "")) or reverse("proposals:list")


# --- bulk -------------------------------------------------------------------------------------


@login_required
def bulk(request):
    _require(is_staff(request.user))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(_back(request))
    d = form.cleaned_data
    proposals = list(d["ids"].order_by("submitted_at", "id"))
    if d["action"] == "register":
        results = services.bulk_register(actor=request.user, proposals=proposals)
    else:
        results = services.bulk_assign(
            actor=request.user, proposals=proposals, lead=d["lead"], co_units=d["co_units"]
        )
    done = sum(1 for _p, ok, _m in results if ok)
    messages.success(request, _("%(n)d proposals done.") % {"n": done})
    for p, ok, msg in results:
        if not ok:
            messages.error(request, f"{p.number_display or p.title}: {msg}")
    return redirect(_back(request))
