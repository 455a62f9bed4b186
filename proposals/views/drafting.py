"""The first proposer writes: a new draft, editing it, autosave."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cppcc_portal.accounts.roles import Role, has_role

from .. import forms, selectors, services, workflow
from ..models import (
    Proposal,
)
from ..rules import is_first_proposer, member_id
from ._common import _errors, _number, _require
from .detail import _detail_context

S = Proposal.Status

# --- writing ----------------------------------------------------------------------------------


def _own_editable(request, pk):
    p = get_object_or_404(selectors.visible_to(request.user), pk=pk)
    if not is_first_proposer(request.user, p):
        raise Http404
    return p


@login_required
def create(request):
    _require(has_role(request.user, Role.MEMBER) and member_id(request.user) is not None)
    form = forms.ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            p = services.create_draft(
                actor=request.user,
                title=d["title"],
                analysis=d["analysis"],
                suggestions=d["suggestions"],
                category=d["category"],
                kind=d["kind"],
                organisation=d["organisation"],
                suggested_units=d["suggested_units"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Draft saved."))
            return redirect("proposals:edit", p.pk)
    return render(request, "proposals/form.html", {"form": form, "proposal": None})


@login_required
def edit(request, pk):
    p = _own_editable(request, pk)
    if not workflow.meta(p).proposer_edits:
        return redirect(p)
    form = forms.ProposalForm(request.POST or None, instance=p)
    if request.method == "POST" and form.is_valid():
        saved = _save_draft(request, p, form)
        if saved is True:
            messages.success(request, _("Draft saved."))
            return redirect(p)
        form.add_error(None, saved)
    p = selectors.proposal_detail(request.user, p.pk)
    return render(request, "proposals/form.html", _detail_context(request, p, form=form))


def _save_draft(request, p, form):
    d = form.cleaned_data
    version = _number(request.POST.get("version", p.version))
    if version is None:
        return str(workflow.STALE_MESSAGE)
    p.version = version
    try:
        services.update_draft(
            actor=request.user,
            proposal=p,
            suggested_units=d["suggested_units"],
            **{k: d[k] for k in services.EDITABLE_FIELDS},
        )
    except (ValidationError, PermissionDenied) as exc:
        return _errors(exc)
    return True


@login_required
@require_POST
def autosave(request, pk):
    """htmx: save the draft as the member types; answers a one-line status."""
    p = _own_editable(request, pk)
    form = forms.ProposalForm(request.POST, instance=p)
    if not form.is_valid():
        msg = "；".join(
            f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e)
            for f, e in form.errors.items()
        )
        return HttpResponse(
            format_html('<span class="text-danger">{}: {}</span>', _("Not saved"), msg)
        )
    result = _save_draft(request, p, form)
    if result is not True:
        return HttpResponse(
            format_html('<span class="text-danger">{}: {}</span>', _("Not saved"), result)
        )
    stamp = timezone.localtime().strftime("%H:%M:%S")
    return HttpResponse(
        format_html(
            '<span class="text-success">{}</span>', _("Saved at %(time)s") % {"time": stamp}
        )
    )
