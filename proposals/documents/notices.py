"""The notices: 立案通知 / 不予立案通知 to the proposer, 交办通知 (with its 交办单) to a unit."""

from django.http import Http404

from cppcc_portal.core.documents import (
    Cell,
    Colophon,
    Document,
    Paragraph,
    Signature,
    Table,
    Title,
)

from ..models import Assignment, Proposal
from ._common import committee, day, issuer, number, proposer_line, units_line


def registration_notice(p: Proposal) -> Document:
    """立案通知书 once registered, 不予立案通知书 when not; nothing before review."""
    if p.registered_at:
        doc = Document(f"{number(p)}-立案通知书")
        doc.add(Title("提案立案通知书"))
        doc.add(Paragraph(f"{proposer_line(p)}：", indent=False, align="left"))
        text = f"您提出的《{p.title}》经审查，已予立案，编号为{number(p)}"
        units = units_line(p)
        text += f"，交由{units}办理。" if units else "，将交有关单位办理。"
        doc.add(Paragraph(text))
        doc.add(Paragraph("承办单位将在规定期限内与您沟通并书面答复。感谢您对政协工作的支持。"))
        when = p.registered_at
    elif p.status == Proposal.Status.NOT_REGISTERED:
        doc = Document(f"{p.title[:20]}-不予立案通知书")
        doc.add(Title("提案不予立案通知书"))
        doc.add(Paragraph(f"{proposer_line(p)}：", indent=False, align="left"))
        doc.add(Paragraph(f"您提出的《{p.title}》经审查，不予立案。"))
        ground = p.not_registered_ground.text if p.not_registered_ground_id else ""
        if ground:
            doc.add(Paragraph(f"理由：{ground}。"))
        if p.staff_comment:
            doc.add(Paragraph(p.staff_comment))
        doc.add(Paragraph("经您同意，可转为社情民意信息或委员来信处理。"))
        when = p.updated_at
    else:
        raise Http404
    doc.add(Signature([committee(), day(when)]))
    return doc


def assignment_notice(a: Assignment) -> Document:
    """交办通知 to one unit, then its 交办单: its role, the deadlines, the proposal's matter.
    Meant for the unit: no proposer's phone, ID number or address."""
    p = a.proposal
    role = a.get_role_display()
    role_cn = {"lead": "主办", "co": "会办", "split": "分办"}.get(a.role, role)
    doc = Document(f"{number(p)}-交办通知-{a.unit.name}")
    doc.add(Title("提案交办通知"))
    doc.add(Paragraph(f"{a.unit.name}：", indent=False, align="left"))
    doc.add(
        Paragraph(
            f"现将{number(p)}《{p.title}》交由你单位{role_cn}。请于{day(a.return_due_on)}前"
            "签收；确属非你单位职责的，请在此期限内提出退回申请并说明理由。"
        )
    )
    if a.role == Assignment.Role.CO:
        due = f"请于{day(a.due_on)}前将会办意见送主办单位{units_line(p, 'lead') or ''}。"
    else:
        due = f"请在办理前与提案人沟通，并于{day(a.due_on)}前书面答复提案人。"
    doc.add(Paragraph(due))
    doc.add(Signature([committee(), day(a.assigned_at)]))
    doc.add(Title("提案交办单"))
    rows = [
        [Cell("提案号", bold=True), number(p), Cell("类别", bold=True), p.category or ""],
        [Cell("案由", bold=True), Cell(p.title, span=3)],
        [Cell("提案人", bold=True), Cell(proposer_line(p), span=3)],
        [Cell("主办单位", bold=True), Cell(units_line(p, "lead") or "—", span=3)],
        [Cell("会办单位", bold=True), Cell(units_line(p, "co") or "—", span=3)],
        [Cell("本单位", bold=True), a.unit.name, Cell("办理方式", bold=True), role_cn],
        [
            Cell("签收期限", bold=True),
            day(a.return_due_on),
            Cell("答复期限" if a.role != "co" else "会办意见期限", bold=True),
            day(a.due_on),
        ],
    ]
    doc.add(Table(rows, widths_mm=[30, 48, 30, 48]))
    doc.add(Colophon([("抄送：", "提案人"), ("印发：", f"{issuer()}办公室　{day(a.assigned_at)}")]))
    return doc
