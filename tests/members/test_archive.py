"""The duty archive lists every live record of the year, grouped by kind."""

import io
from datetime import date

import pytest

from members import services
from members.archive import archive_docx, archive_pdf, build_archive
from members.models import DutyKind
from tests.factories import TermFactory

from .factories import add_record

pytestmark = pytest.mark.django_db


def docx_text(content: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_archive_lists_every_record_of_the_year(duty_member, staff):
    kinds = [DutyKind.SPEECH, DutyKind.PROPOSAL_FIRST, DutyKind.TRAINING, DutyKind.LIVELIHOOD]
    records = [
        add_record(duty_member, kinds[i % 4], day=date(2026, 1 + i % 12, 1 + i)) for i in range(25)
    ]
    other_year = add_record(duty_member, DutyKind.SPEECH, year=2025)
    voided = add_record(duty_member, DutyKind.CONSULTATION)
    services.void_duty_record(actor=staff, record=voided, reason="取消")
    for r in records:  # give each record a distinctive title
        r.title = f"记录-{r.pk:04d}"
    type(records[0]).objects.bulk_update(records, ["title"])
    services.save_self_report(
        actor=_user_for(duty_member), year=2026, body="本年度履职情况良好，积极参加各项活动。"
    )

    archive = build_archive(duty_member, year=2026)
    assert archive.record_count == 25
    text = docx_text(archive_docx(archive))
    for r in records:
        assert f"记录-{r.pk:04d}" in text
    assert other_year.title not in text.replace("记录-", "")
    assert "张履职" in text and "本年度履职情况良好" in text
    assert "13812345678" not in text and "12022219800101123X" not in text  # no personal data
    assert str(DutyKind.SPEECH.label) in text or "Speech" in text

    from docx import Document

    doc = Document(io.BytesIO(archive_docx(archive)))
    run = doc.paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )
    pdf = archive_pdf(archive)
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_term_archive_covers_every_year(duty_member):
    term = TermFactory()
    add_record(duty_member, DutyKind.SPEECH, year=2024)
    add_record(duty_member, DutyKind.SPEECH, year=2026)
    archive = build_archive(duty_member, term=term)
    assert archive.record_count == 2
    assert [y for y, *_rest in archive.years] == [2024, 2026]


def _user_for(member):
    from cppcc_portal.accounts.roles import Role
    from tests.factories import UserFactory

    user = UserFactory(roles=[Role.MEMBER])
    member.user = user
    member.save(update_fields=["user"])
    return user


def test_file_name_reads_in_one_language(duty_member):
    """…-履职档案-2026年度.pdf, not a mix of English and Chinese (the label was inside an
    f-string, where makemessages does not look, so it was never translated)."""
    import re

    from members.archive import archive_filename

    name = archive_filename(build_archive(duty_member, year=2026), "pdf")
    assert name.endswith("-履职档案-2026年度.pdf")
    words = name.removeprefix(f"{duty_member.number}-").removesuffix(".pdf")
    assert not re.search(r"[A-Za-z]", words)


def test_archive_takes_the_official_documents_styles(duty_member):
    """履职档案 in the layout of the other official documents: A4, GB/T 9704 margins, the
    East-Asian font on every run, page numbers; its PDF is A4 too (first page kept as PNG)."""
    from tests.documents import assert_official_layout, pdf_page_size_mm, pdf_text, snapshot

    add_record(duty_member, DutyKind.SPEECH, day=date(2026, 3, 1))
    archive = build_archive(duty_member, year=2026)
    doc = assert_official_layout(archive_docx(archive))
    headings = [p.text for p in doc.paragraphs]
    assert any(h.startswith("一、") for h in headings) and any(
        h.startswith("三、") for h in headings
    )
    pdf = archive_pdf(archive)
    assert pdf_page_size_mm(pdf) == (210, 297)
    assert "张履职" in pdf_text(pdf)
    snapshot(pdf, "duty-archive")


def test_archive_download_is_audited(duty_member, client_for):
    from django.urls import reverse

    from cppcc_portal.audit.models import Action, AuditEntry

    user = _user_for(duty_member)
    response = client_for(user).get(reverse("members:archive_pdf", args=[duty_member.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(action=Action.DOWNLOAD).latest("id")
    assert entry.detail.endswith(".pdf") and "履职档案" in entry.detail


def test_chinese_section_numbers():
    from members.archive import _chinese_number

    assert [_chinese_number(n) for n in (1, 9, 10, 11, 20, 23)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十三",
    ]
