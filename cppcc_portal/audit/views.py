from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cppcc_portal.core.exports import xlsx_response
from cppcc_portal.core.pagination import paginate

from . import selectors
from .chain import verify
from .forms import AuditFilterForm
from .models import Action

EXPORT_MAX_ROWS = 50_000


def _filtered(request):
    if not selectors.can_view_audit_log(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    f = form.filters()
    qs = selectors.entries(
        request.user,
        user_query=f.get("user", ""),
        action=f.get("action"),
        date_from=f.get("date_from"),
        date_to=f.get("date_to"),
    )
    return form, qs


@login_required
@require_GET
def entry_list(request):
    form, qs = _filtered(request)
    page = paginate(request, qs, per_page=50)
    return render(request, "audit/entry_list.html", {"form": form, "page": page})


@login_required
@require_GET
def entry_export(request):
    form, qs = _filtered(request)
    if form.is_bound and not form.is_valid():  # never the whole log for a refused filter
        page = paginate(request, qs.none(), per_page=50)
        return render(request, "audit/entry_list.html", {"form": form, "page": page}, status=400)
    headers = [
        _("Time"),
        _("User name"),
        _("IP address"),
        _("Action"),
        _("Target"),
        _("Detail"),
        _("Browser"),
    ]
    labels = dict(Action.choices)

    def rows():
        for e in qs[:EXPORT_MAX_ROWS].iterator(chunk_size=1000):
            yield [
                e.created_at,
                e.username,
                e.ip_address or "",
                str(labels.get(e.action, e.action)),
                e.target_repr,
                e.detail,
                e.user_agent,
            ]

    name = _("audit-log") + timezone.localdate().strftime("-%Y%m%d") + ".xlsx"
    return xlsx_response(name, headers, rows(), title=_("Audit log"))


@login_required
@require_http_methods(["GET", "POST"])
def chain_verify(request):
    """The auditor walks the hash chain (POST: it reads the whole log) and sees the verdict."""
    if not selectors.can_view_audit_log(request.user):
        raise PermissionDenied
    verdict = verify() if request.method == "POST" else None
    return render(request, "audit/chain_verify.html", {"verdict": verdict})
