"""Files and documents: attachments, reply documents, Word, the compilation."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cppcc_portal.core.exports import attachment_response
from cppcc_portal.core.files import file_response

from .. import forms, selectors
from ..models import (
    Attachment,
    CompilationJob,
    Proposal,
    Reply,
)
from ..rules import is_leader, is_staff
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


@login_required
def word(request, pk):
    from ..documents import DOCX_TYPE, proposal_docx

    p = _get_visible(request, pk)
    name = f"{p.number_display or p.title[:20]}.docx"
    return attachment_response(proposal_docx(p), name, DOCX_TYPE)


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
def compilation_download(request, pk):
    _require(is_staff(request.user) or is_leader(request.user))
    job = get_object_or_404(CompilationJob, pk=pk, state=CompilationJob.State.DONE)
    return file_response(job.file, filename=f"{job.session.name}提案汇编.docx")
