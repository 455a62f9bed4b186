"""The information staff's paper entry (代录入): a thin view over services.enter_on_paper."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cppcc_portal.core.workflow.views import errors_onto

from . import rules, services
from .forms import PaperReportForm


@login_required
@require_http_methods(["GET", "POST"])
def enter_paper(request):
    """Staff enter a report handed in on paper; it arrives as submitted, on the desk."""
    if not rules.may_enter_on_paper(request.user):
        raise PermissionDenied
    form = PaperReportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = services.enter_on_paper(actor=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                errors_onto(form, exc)
            else:
                messages.success(request, _("Paper report entered; it awaits editing."))
                return redirect(report)
        messages.error(request, _("Please correct the errors below."))
        status = 400
    return render(request, "opinions/enter.html", {"form": form}, status=status)
