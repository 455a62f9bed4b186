"""The 《社情民意》 bulletin as an official document (A4, Word and PDF from one block tree):
the red masthead and rule, 编印单位, 期号, 签发人, each report with its source members (a
combined report names the members it was combined from), dates as 2026年12月2日, and the
closing 报/送 block."""

from django.conf import settings

from cppcc_portal.core.documents import (
    Colophon,
    Document,
    Heading,
    Masthead,
    Paragraph,
    Title,
    chinese_date,
)

from .models import Level, Recipient, Report


def source_line(report: Report) -> str:
    """Who the report comes from: the contributors of a combined report, else its author."""
    if report.submitter_kind == Report.SubmitterKind.COMBINED:
        names = [m.name for m in report.contributors.all()]
        return "、".join(names) if names else report.author_label
    return report.author_label


def _recipients(reports):
    """报: upward (city, national) and the district's leading bodies; 送: the rest."""
    forwarded = {f.recipient for r in reports for f in r.forwardings.all()}
    recipients = sorted(forwarded, key=lambda x: (x.order, x.pk)) or list(
        Recipient.objects.filter(is_active=True)
    )
    send_up = [r.name for r in recipients if r.level != Level.DISTRICT or "区" in r.name[:1]]
    send_to = [r.name for r in recipients if r.name not in send_up]
    return send_up, send_to


def bulletin(issue, reports) -> Document:
    reports = list(reports)
    issuer = settings.DOCUMENT_ISSUER
    doc = Document(f"社情民意{issue.year}年第{issue.number}期")
    doc.add(
        Masthead(
            "社情民意",
            issue_line=f"{issue.year}年第{issue.number}期",
            left=f"{issuer}办公室编印",
            right=f"签发人：{issue.signed_off_by}",
        )
    )
    doc.add(Paragraph(chinese_date(issue.published_on), align="right"))
    for report in reports:
        doc.add(Title(report.title))
        doc.add(Paragraph(f"（{source_line(report)}）", align="center", role="subheading"))
        doc.paragraphs(report.problem)
        if report.suggestion:
            doc.add(Heading("建议："))
            doc.paragraphs(report.suggestion)
    send_up, send_to = _recipients(reports)
    rows = []
    if send_up:
        rows.append(("报：", "、".join(send_up) + "。"))
    if send_to:
        rows.append(("送：", "、".join(send_to) + "。"))
    rows.append(("", f"{issuer}办公室　　{chinese_date(issue.published_on)}印发"))
    doc.add(Colophon(rows))
    return doc
