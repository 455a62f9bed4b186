"""答复函: the unit's reply letter — 文号 ([L] format), A/B/C at the top right, the signer,
the 联系人 line and the co-units' countersignatures. Goes to proposers: no personal data."""

from cppcc_portal.core.documents import Colophon, Document, Mark, Paragraph, Signature, Title

from ..models import ProposalSettings, Reply
from ._common import committee, day, number, proposer_line


def reply_number(reply: Reply, config=None) -> str:
    config = config or ProposalSettings.get()
    when = reply.released_at or reply.created_at
    return config.format_reply_number(
        unit=reply.unit.short_name or reply.unit.name,
        year=when.year,
        number=reply.proposal.number or 0,
    )


def countersign_line(reply: Reply) -> str:
    """The co-units' countersignatures of the draft's current revision."""
    parts = []
    for c in reply.countersigns.all():
        if c.revision != reply.revision:
            continue
        text = c.unit.name + "（同意）"
        if c.decision == c.Decision.AGREE_WITH_VIEW:
            text = f"{c.unit.name}（同意，意见：{c.view}）"
        parts.append(text)
    return "、".join(parts)


def reply_letter(reply: Reply) -> Document:
    p, unit = reply.proposal, reply.unit
    doc = Document(f"{number(p)}-答复函-{unit.name}")
    doc.add(Mark(reply.result))
    doc.add(Paragraph(reply_number(reply), align="center"))
    doc.add(Paragraph(f"签发人：{reply.signer}", align="right"))
    doc.add(Title(f"{unit.name}关于{number(p)}提案的答复"))
    doc.add(Paragraph(f"{proposer_line(p)}：", indent=False, align="left"))
    doc.add(Paragraph(f"您提出的《{p.title}》收悉。现答复如下："))
    doc.paragraphs(reply.text)
    config = ProposalSettings.get()
    doc.add(Paragraph(f"办理结果：{reply.result}类（{config.result_label(reply.result)}）"))
    doc.add(Paragraph("感谢您对我们工作的关心和支持。"))
    doc.add(Signature([unit.name, day(reply.released_at or reply.created_at)]))
    countersigned = countersign_line(reply)
    if countersigned:
        doc.add(Paragraph(f"会签单位：{countersigned}", indent=False, align="left"))
    person = reply.replied_by.get_full_name() if reply.replied_by else ""
    contact = f"联系人：{person or '—'}"
    if unit.phone:
        contact += f"　　联系电话：{unit.phone}"
    doc.add(Paragraph(contact, indent=False, align="left", role="table"))
    doc.add(Colophon([("抄送：", committee())]))
    return doc
