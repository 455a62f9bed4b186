"""提案表: the form a member signs — blank for printing, or filled from a proposal. Contact
details (phones) appear only on the staff copy, never on one meant for units or proposers."""

from django.utils import timezone

from cppcc_portal.core.documents import (
    Cell,
    Document,
    Heading,
    Mark,
    PageBreak,
    Paragraph,
    Table,
    Title,
)
from cppcc_portal.notifications.threads.selectors import messages_of

from ..models import Proposal
from ._common import committee, confirmed_cosigners, day, issuer, number

WIDTHS = [30, 48, 30, 48]


def _label(text):
    return Cell(text, bold=True, align="center")


def _people(p: Proposal | None, *, staff: bool):
    """The first proposer and the co-signers: name, sector, work unit (and contact)."""
    header = [_label("姓名"), _label("界别"), _label("工作单位"), _label("联系电话")]
    if not staff:
        header = [_label("姓名"), _label("界别"), Cell("工作单位", bold=True, span=2)]
    rows = [[Cell("第一提案人及联名人", bold=True, span=4, align="center")], header]
    members = [] if p is None else [p.first_proposer, *confirmed_cosigners(p)]
    for m in members:
        sector = m.sector.name if m.sector_id else ""
        if staff:
            rows.append([m.name, sector, m.work_unit, m.phone])
        else:
            rows.append([m.name, sector, Cell(m.work_unit, span=2)])
    for _i in range(0 if members else 4):
        rows.append(
            [Cell("", height_mm=9), "", Cell("", span=2)] if not staff else ["", "", "", ""]
        )
    return rows


def proposal_form(p: Proposal | None = None, *, staff: bool = False) -> Document:
    """The filled form of `p`, or the blank one (`p` None). `staff`: the staff copy."""
    name = f"{p.number_display or p.title[:20]}-提案表" if p else "提案表（空白）"
    doc = Document(name)
    if p is not None and staff:
        doc.add(Mark("工作用"))
    session = p.session.name if p else "　　届　　次会议"
    doc.add(Title(f"{issuer()}{session}提案表"))
    if p is None:
        doc.add(Paragraph("提案号：　　　　　　　　", align="right"))
        rows = [
            [_label("类别"), "", _label("提案类型"), ""],
            [_label("案由"), Cell("", span=3, height_mm=16)],
        ]
    else:
        doc.add(Paragraph(f"提案号：{number(p)}", align="right"))
        kind = p.get_kind_display() + ("（大会提案）" if p.is_plenary else "（平时提案）")
        rows = [
            [_label("类别"), p.category.name if p.category_id else "", _label("提案类型"), kind],
            [_label("案由"), Cell(p.title, span=3)],
        ]
        if p.organisation:
            rows.append([_label("提案单位"), Cell(p.organisation, span=3)])
    rows += _people(p, staff=staff or p is None)  # the blank form asks for the contact
    analysis = p.analysis if p else ""
    suggestions = p.suggestions if p else ""
    units = "、".join(u.name for u in p.suggested_units.all()) if p else ""
    rows += [
        [_label("情况分析"), Cell(analysis, span=3, height_mm=0 if p else 60)],
        [_label("具体建议"), Cell(suggestions, span=3, height_mm=0 if p else 60)],
        [_label("建议承办单位"), Cell(units, span=3, height_mm=0 if p else 10)],
        [
            _label("提案人签名"),
            Cell("\n" + " " * 24 + "年　　月　　日", span=3, height_mm=18),
        ],
    ]
    review, registered_on = "", ""
    if p is not None and p.registered_at:
        registered_on = day(p.registered_at)
        review = "经审查，予以立案。"
    elif p is not None and p.status == Proposal.Status.NOT_REGISTERED:
        ground = p.not_registered_ground.text if p.not_registered_ground_id else ""
        review = "经审查，不予立案。" + (f"理由：{ground}" if ground else "")
    if p is not None and p.staff_comment and staff:
        review += ("\n" if review else "") + p.staff_comment
    rows += [
        [_label("审查意见"), Cell(review + f"\n{committee()}", span=3, height_mm=22)],
        [_label("立案日期"), Cell(registered_on, span=3)],
    ]
    doc.add(Table(rows, widths_mm=WIDTHS))
    if p is not None:
        doc.add(Paragraph(f"打印日期：{day(timezone.localdate())}", align="right", role="table"))
        _thread(doc, p)
    return doc


def _thread(doc, p: Proposal):
    """The conversation thread (proposals.threads) as an appendix, when there is one: every
    reader of the form may see the proposal, so may read its thread."""
    from ..threads import name

    messages = list(messages_of(p))
    if not messages:
        return
    doc.add(PageBreak(), Heading("附：沟通记录", center=True))
    for m in messages:
        at = timezone.localtime(m.created_at).strftime("%Y-%m-%d %H:%M")
        edited = "（已修改）" if m.edited_at else ""
        doc.add(Paragraph(f"{at}　{name(m.author)}{edited}", bold=True, indent=False))
        doc.paragraphs(m.body)
        files = "、".join(a.name for a in m.attachments.all())
        if files:
            doc.add(Paragraph(f"附件：{files}", indent=False))
