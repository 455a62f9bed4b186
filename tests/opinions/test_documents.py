"""The 《社情民意》 bulletin in the official layout: A4, red masthead and rule, 期号, 签发人,
the source members of a combined report, Chinese dates, the closing 报/送 block."""

from django.urls import reverse

from opinions import services
from opinions.models import Report
from tests.documents import (
    assert_official_layout,
    docx,
    docx_text,
    pdf_page_size_mm,
    pdf_text,
    snapshot,
)
from tests.factories import MemberFactory

from .factories import ReportFactory


def _content(r):
    return b"".join(r.streaming_content) if r.streaming else r.content


def test_bulletin_in_word_and_pdf(staff, client_for, term, recipients):
    a = ReportFactory(member=MemberFactory(name="赵委员"))
    b = ReportFactory(member=MemberFactory(name="钱委员"))
    combined = services.merge_reports(
        actor=staff,
        reports=[a, b],
        title="关于老旧小区加装电梯的建议",
        problem="问题",
        suggestion="建议",
    )
    combined = Report.objects.get(pk=combined.pk)
    adopted = services.adopt_report(actor=staff, report=combined, signed_off_by="张主席")
    services.forward_report(actor=staff, report=adopted, recipients=recipients)
    issue = adopted.issue
    client = client_for(staff)
    word = _content(client.get(reverse("opinions:issue_document", args=[issue.pk, "docx"])))
    assert_official_layout(word)
    red = docx(word).paragraphs[0].runs[0]
    assert red.text == "社情民意" and str(red.font.color.rgb) == "E60012"
    pdf = _content(client.get(reverse("opinions:issue_document", args=[issue.pk, "pdf"])))
    assert pdf_page_size_mm(pdf) == (210, 297)
    snapshot(pdf, "bulletin")
    day = issue.published_on
    for text in (docx_text(word), pdf_text(pdf).replace(" ", "")):
        assert f"{issue.year}年第{issue.number}期" in text and "签发人：张主席" in text
        assert f"{day.year}年{day.month}月{day.day}日" in text
        assert "赵委员、钱委员" in text and "综合信息" not in text
        assert "报：区委、区政府、市政协。" in text and "印发" in text
        assert adopted.title in text
    # the old Word address gives the same official document
    old = _content(client.get(reverse("opinions:issue_docx", args=[issue.pk])))
    assert "签发人：张主席" in docx_text(old)
