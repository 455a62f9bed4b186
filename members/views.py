import io
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cppcc_portal.accounts.roles import is_staff_role
from cppcc_portal.core.exports import xlsx_response
from cppcc_portal.core.pagination import paginate

from . import selectors, services
from .forms import MemberFilterForm, MemberImportForm
from .importing import EXPORT_HEADERS
from .models import Member


def _require_registry(user):
    if not selectors.can_view_registry(user):
        raise PermissionDenied


@login_required
def member_list(request):
    _require_registry(request.user)
    form = MemberFilterForm(request.GET or None)
    qs = selectors.member_list(request.user, **form.filters())
    page = paginate(request, qs)
    return render(request, "members/member_list.html", {"form": form, "page": page})


@login_required
def member_detail(request, pk):
    try:
        member = selectors.member_detail(request.user, pk)
    except Member.DoesNotExist:
        raise Http404
    return render(
        request,
        "members/member_detail.html",
        {"member": member, "show_personal": selectors.show_personal_data(request.user, member)},
    )


@login_required
def member_export(request):
    _require_registry(request.user)
    form = MemberFilterForm(request.GET or None)
    qs = selectors.member_list(request.user, **form.filters()).prefetch_related(
        "committee_memberships__committee", "terms"
    )
    staff = is_staff_role(request.user)
    headers = [h for h in EXPORT_HEADERS if staff or h != "手机"]
    headers.remove("身份证号")  # ID numbers never leave the system in an export

    def rows():
        for m in qs.iterator(chunk_size=500):
            row = [
                m.number,
                m.name,
                m.get_gender_display(),
                m.ethnicity,
                m.birth_date or "",
                m.native_place,
                m.get_education_display(),
                m.get_affiliation_display(),
                m.sector.name,
                "、".join(cm.committee.name for cm in m.committee_memberships.all()),
                m.work_unit,
                m.job_title,
                m.professional_title,
                "是" if m.in_system else "否",
            ]
            if staff:
                row.append(m.phone)
            row += [
                m.street.name if m.street else "",
                "、".join(t.name for t in m.terms.all()),
                m.get_status_display(),
            ]
            yield row

    name = _("members") + timezone.localdate().strftime("-%Y%m%d") + ".xlsx"
    return xlsx_response(name, headers, rows(), title=_("Members"))


@login_required
def member_import_template(request):
    if not is_staff_role(request.user):
        raise PermissionDenied
    return xlsx_response(
        _("member import template") + ".xlsx", EXPORT_HEADERS, [], title=_("Members")
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request):
    """Upload → preview (every bad row named) → confirm: all rows are written or none."""
    if not is_staff_role(request.user):
        raise PermissionDenied
    form = MemberImportForm(request.POST or None, request.FILES or None)
    result = None
    token = None
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        result = services.import_members(
            actor=request.user, workbook_file=io.BytesIO(content), commit=False
        )
        if result.ok:
            token = uuid.uuid4().hex
            default_storage.save(f"imports/{token}.xlsx", ContentFile(content))
            request.session["member_import"] = token
    return render(
        request, "members/member_import.html", {"form": form, "result": result, "token": token}
    )


@login_required
@require_POST
def member_import_confirm(request):
    if not is_staff_role(request.user):
        raise PermissionDenied
    token = request.POST.get("token", "")
    if not token or request.session.get("member_import") != token:
        messages.error(request, _("This import has expired; upload the file again."))
        return redirect("members:import")
    path = f"imports/{token}.xlsx"
    with default_storage.open(path, "rb") as handle:
        content = handle.read()
    result = services.import_members(
        actor=request.user, workbook_file=io.BytesIO(content), commit=True
    )
    default_storage.delete(path)
    request.session.pop("member_import", None)
    if result.ok:
        messages.success(request, _("%(n)d members imported.") % {"n": len(result.rows)})
        return redirect("members:list")
    messages.error(request, _("The import was refused; nothing was changed."))
    return render(
        request, "members/member_import.html", {"form": MemberImportForm(), "result": result}
    )
