"""Word documents: one proposal in the usual official layout, and the session's
proposal compilation (提案汇编) built in the background with its progress in a DB row."""

import io
import logging

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt

from .models import Assignment, CompilationJob, CoSigner, Proposal
from .rules import is_staff
from .workflow import REGISTERED_STATES

logger = logging.getLogger(__name__)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_FONT, TITLE_FONT = "仿宋_GB2312", "方正小标宋简体"


def _font(run, name, size):
    run.font.name = name
    run.font.size = Pt(size)
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), name)


def _new_document():
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = Pt(16)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    return doc


def _para(doc, text, *, size=16, font=BODY_FONT, bold=False, center=False, indent=True):
    para = doc.add_paragraph()
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        para.paragraph_format.first_line_indent = Pt(size * 2)
    para.paragraph_format.line_spacing = Pt(28)
    run = para.add_run(text)
    run.bold = bold
    _font(run, font, size)
    return para


def _write_proposal(doc, p):
    cosigners = [c.member.name for c in p.cosigners.all() if c.state == CoSigner.State.CONFIRMED]
    units = [a for a in p.assignments.all() if a.state != Assignment.State.RELEASED]
    _para(doc, p.session.name + "提案", size=22, font=TITLE_FONT, center=True)
    _para(doc, f"第 {p.number:04d} 号" if p.number else "（未立案）", size=16, center=True)
    rows = [
        ("案由", p.title),
        ("提案人", p.first_proposer.name + (f"（{p.organisation}）" if p.organisation else "")),
        ("联名人", "、".join(cosigners) or "无"),
        ("类别", p.category.name if p.category else ""),
        ("提案类型", p.get_kind_display()),
        ("主办单位", "、".join(a.unit.name for a in units if a.role != "co") or "—"),
        ("会办单位", "、".join(a.unit.name for a in units if a.role == "co") or "—"),
    ]
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for i, (label, value) in enumerate(rows):
        for j, text in enumerate((label, value)):
            cell = table.cell(i, j)
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = j == 0
            _font(run, BODY_FONT, 14)
    _para(doc, "情况分析", bold=True, indent=False)
    for line in filter(None, (p.analysis or "").splitlines()):
        _para(doc, line.strip())
    _para(doc, "具体建议", bold=True, indent=False)
    for line in filter(None, (p.suggestions or "").splitlines()):
        _para(doc, line.strip())


def _prefetched(qs):
    return qs.select_related("session", "category", "first_proposer").prefetch_related(
        "cosigners__member", "assignments__unit"
    )


def proposal_docx(p: Proposal) -> bytes:
    doc = _new_document()
    _write_proposal(doc, p)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- compilation ---------------------------------------------------------------------------


def start_compilation(*, actor, session) -> CompilationJob:
    if not is_staff(actor):
        raise PermissionDenied
    with transaction.atomic():
        job = CompilationJob.objects.create(session=session, created_by=actor)
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id):
    from .tasks import build_compilation

    try:
        build_compilation.delay(job_id)
    except Exception:  # noqa: BLE001 - no broker: build in-process so the user still gets it
        logger.warning("broker unreachable; building compilation %s in-process", job_id)
        build_compilation(job_id)


def build_compilation(job_id: int):
    """Catalogue by category, then every registered proposal; progress saved as it goes."""
    job = CompilationJob.objects.select_related("session").get(pk=job_id)
    if job.state == CompilationJob.State.DONE:
        return job
    qs = _prefetched(
        Proposal.objects.filter(session=job.session, status__in=REGISTERED_STATES)
    ).order_by("category__order", "number")
    proposals = list(qs)
    job.state, job.total, job.done = CompilationJob.State.RUNNING, len(proposals), 0
    job.save(update_fields=["state", "total", "done"])
    try:
        doc = _new_document()
        _para(doc, f"{job.session.name}提案汇编", size=26, font=TITLE_FONT, center=True)
        _para(doc, "目录", size=18, bold=True, center=True)
        current = None
        for p in proposals:
            cat = p.category.name if p.category else _("Uncategorised")
            if cat != current:
                _para(doc, cat, bold=True, indent=False)
                current = cat
            _para(
                doc,
                f"第{p.number:04d}号　{p.title}　{p.first_proposer.name}",
                size=14,
                indent=False,
            )
        step = max(1, len(proposals) // 50)
        for i, p in enumerate(proposals, 1):
            doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
            _write_proposal(doc, p)
            if i % step == 0 or i == len(proposals):
                CompilationJob.objects.filter(pk=job.pk).update(done=i)
        buffer = io.BytesIO()
        doc.save(buffer)
        job.file.save(
            f"compilation-{job.session_id}.docx", ContentFile(buffer.getvalue()), save=False
        )
        job.state, job.done, job.finished_at = (
            CompilationJob.State.DONE,
            len(proposals),
            timezone.now(),
        )
        job.save(update_fields=["file", "state", "done", "finished_at"])
    except Exception as exc:
        logger.exception("compilation %s failed", job.pk)
        CompilationJob.objects.filter(pk=job.pk).update(
            state=CompilationJob.State.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    return job
