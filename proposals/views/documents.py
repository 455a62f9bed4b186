"""Files and documents: attachments, reply documents, Word, the compilation."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.documents import document_response
from cppcc_portal.core.files import file_response

from .. import forms, selectors
from ..models import (
    Assignment,
    Attachment,
    CompilationJob,
    Proposal,
    Reply,
)
from ..rules import is_leader, is_proposer, is_staff, unit_ids
from ._common import _number, _require
from .detail import _get_visible

S = Proposal.Status

# --- files and documents --------------------------------------------------------------------


@login_required
def attachment(request, pk):
    att = get_object_or_404(Attachment, pk=pk)
    if not selectors.visible_to(request.user).filter(pk=att.proposal_id).exists():
        raise Http404
    return file_response(att.file, filename=att.name)


@login_required
def reply_document(request, pk):
    r = get_object_or_404(Reply, pk=pk)
    if not selectors.reply_visible_to(request.user, r):
        raise Http404
    return file_response(r.document, filename=r.document_name or None)


def _fmt(fmt):
    if fmt not in ("docx", "pdf"):
        raise Http404
    return fmt


@login_required
def form_document(request, pk, fmt):
    """The filled 提案表 of a proposal the user sees; contact details only on the staff copy."""
    from ..documents import proposal_form

    p = _get_visible(request, pk)
    doc = proposal_form(p, staff=is_staff(request.user))
    return document_response(request, doc, _fmt(fmt), target=p)


@login_required
def blank_form(request, fmt):
    """The blank 提案表 for printing (members at the plenary, staff at the desk)."""
    from ..documents import proposal_form

    _require(is_staff(request.user) or has_role(request.user, Role.MEMBER))
    return document_response(request, proposal_form(None), _fmt(fmt))


@login_required
def registration_notice(request, pk, fmt):
    """立案 / 不予立案 notice: for staff, leaders and the proposers (not for units)."""
    from ..documents import registration_notice as notice

    p = _get_visible(request, pk)
    _require(selectors.sees_all(request.user) or is_proposer(request.user, p))
    return document_response(request, notice(p), _fmt(fmt), target=p)


@login_required
def assignment_notice(request, pk, fmt):
    """交办通知 and 交办单 of one assignment: for staff, leaders and that unit."""
    from ..documents import assignment_notice as notice

    a = get_object_or_404(
        Assignment.objects.select_related("proposal__session", "proposal__category", "unit"),
        pk=pk,
    )
    if a.is_released:
        raise Http404
    own_unit = has_role(request.user, Role.UNIT_LIAISON) and a.unit_id in unit_ids(request.user)
    if not (selectors.sees_all(request.user) or own_unit):
        raise Http404
    return document_response(request, notice(a), _fmt(fmt), target=a.proposal)


@login_required
def reply_letter(request, pk, fmt):
    """The unit's 答复函, to whoever may see the reply (proposers once it is released)."""
    from ..documents import reply_letter as letter

    r = get_object_or_404(
        Reply.objects.select_related("proposal__session", "unit", "replied_by"), pk=pk
    )
    if not selectors.reply_visible_to(request.user, r):
        raise Http404
    return document_response(request, letter(r), _fmt(fmt), target=r.proposal)


@login_required
def compilation(request):
    _require(is_staff(request.user) or is_leader(request.user))
    form = forms.CompilationForm(request.POST or None)
    if request.method == "POST":
        _require(is_staff(request.user))
        if form.is_valid():
            from ..documents import start_compilation

            job = start_compilation(actor=request.user, session=form.cleaned_data["session"])
            return redirect(f"{reverse('proposals:compilation')}?job={job.pk}")
    jobs = CompilationJob.objects.select_related("session")[:10]
    job = None
    job_id = _number(request.GET.get("job"))
    if job_id is not None:
        job = CompilationJob.objects.filter(pk=job_id).first()
    return render(request, "proposals/compilation.html", {"form": form, "jobs": jobs, "job": job})


@login_required
def compilation_status(request, pk):
    _require(is_staff(request.user) or is_leader(request.user))
    job = get_object_or_404(CompilationJob, pk=pk)
    return render(request, "proposals/_compilation_status.html", {"job": job})


@login_required
def compilation_download(request, pk, fmt="docx"):
    _require(is_staff(request.user) or is_leader(request.user))
    job = get_object_or_404(CompilationJob, pk=pk, state=CompilationJob.State.DONE)
    stored = job.pdf if _fmt(fmt) == "pdf" else job.file
    return file_response(stored, filename=f"{job.session.name}提案汇编.{fmt}", request=request)
