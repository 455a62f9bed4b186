"""提案汇编 of a session: cover, catalogue by category with page numbers, every registered
proposal, index of proposers. Built by the CompilationJob task with its progress in the row."""

import logging
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cppcc_portal.core.documents import (
    Catalogue,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    Title,
    render_docx,
    render_pdf_with_pages,
)

from ..models import CompilationJob, Proposal
from ..rules import is_staff
from ..workflow import REGISTERED_STATES
from ._common import confirmed_cosigners, day, issuer, prefetched, units_line

logger = logging.getLogger(__name__)
UNCATEGORISED = "其他"


def session_proposals(session) -> list:
    qs = prefetched(Proposal.objects.filter(session=session, status__in=REGISTERED_STATES))
    return list(qs.order_by("category__order", "category__name", "number"))


def _anchor(p) -> str:
    return f"proposal-{p.pk}"


def compilation_document(session, proposals, progress=None) -> Document:
    doc = Document(f"{session.name}提案汇编")
    doc.add(Spacer(4), Title(f"{issuer()}{session.name}"), Title("提 案 汇 编"), Spacer(6))
    doc.add(Paragraph(f"{issuer()}提案委员会　编", align="center"))
    doc.add(Paragraph(day(timezone.localdate()), align="center"), PageBreak())
    entries, current = [], None
    for p in proposals:
        category = p.category.name if p.category_id else UNCATEGORISED
        if category != current:
            entries.append((1, category, ""))
            current = category
        entries.append((2, f"第{p.number:04d}号　{p.title}（{p.first_proposer.name}）", _anchor(p)))
    doc.add(Catalogue(entries))
    index = defaultdict(list)
    for i, p in enumerate(proposals, 1):
        doc.add(PageBreak())
        doc.add(Paragraph(p.number_display, align="center", role="heading"))
        doc.add(Title(p.title, anchor=_anchor(p)))
        proposers = [p.first_proposer, *confirmed_cosigners(p)]
        names = p.organisation or "、".join(m.name for m in proposers)
        doc.add(Paragraph(f"提案人：{names}", align="center", role="subheading"))
        for m in proposers:
            index[m.name].append(p.number)
        doc.add(Heading("一、情况分析"))
        doc.paragraphs(p.analysis)
        doc.add(Heading("二、具体建议"))
        doc.paragraphs(p.suggestions)
        units = units_line(p)
        if units:
            doc.add(Paragraph(f"承办单位：{units}", indent=False, align="left", role="table"))
        if progress:
            progress(i)
    doc.add(PageBreak(), Title("提案人索引"))
    rows = [["提案人", "提案号"]]
    rows += [
        [name, "、".join(f"{n:04d}" for n in sorted(numbers))]
        for name, numbers in sorted(index.items())
    ]
    doc.add(Table(rows, widths_mm=[50, 106], header=True))
    return doc


def build_files(session, proposals, progress=None) -> tuple[bytes, bytes]:
    """(docx, pdf): the PDF is laid out first and gives the Word catalogue its page numbers."""
    doc = compilation_document(session, proposals, progress)
    pdf, pages = render_pdf_with_pages(doc)
    return render_docx(doc, pages=pages), pdf


def start_compilation(*, actor, session) -> CompilationJob:
    if not is_staff(actor):
        raise PermissionDenied
    with transaction.atomic():
        job = CompilationJob.objects.create(session=session, created_by=actor)
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id):
    from ..tasks import build_compilation

    try:
        build_compilation.delay(job_id)
    except Exception:  # noqa: BLE001 - no broker: build in-process so the user still gets it
        logger.warning("broker unreachable; building compilation %s in-process", job_id)
        build_compilation(job_id)


def build_compilation(job_id: int):
    """Every registered proposal of the session; progress saved as it goes (the layout of
    the PDF, the longest step, counts as the last tenth)."""
    job = CompilationJob.objects.select_related("session").get(pk=job_id)
    if job.state == CompilationJob.State.DONE:
        return job
    proposals = session_proposals(job.session)
    total = len(proposals)
    job.state, job.total, job.done = CompilationJob.State.RUNNING, total + max(1, total // 9), 0
    job.save(update_fields=["state", "total", "done"])
    step = max(1, total // 50)

    def progress(i):
        if i % step == 0 or i == total:
            CompilationJob.objects.filter(pk=job.pk).update(done=i)

    try:
        word, pdf = build_files(job.session, proposals, progress)
        job.file.save(f"compilation-{job.session_id}.docx", ContentFile(word), save=False)
        job.pdf.save(f"compilation-{job.session_id}.pdf", ContentFile(pdf), save=False)
        job.state, job.done, job.finished_at = CompilationJob.State.DONE, job.total, timezone.now()
        job.save(update_fields=["file", "pdf", "state", "done", "finished_at"])
    except Exception as exc:
        logger.exception("compilation %s failed", job.pk)
        CompilationJob.objects.filter(pk=job.pk).update(
            state=CompilationJob.State.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    return job
