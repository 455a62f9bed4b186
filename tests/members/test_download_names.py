"""Downloaded file names read in one language (issue 24): in the Chinese UI every piece is
Chinese — 张履职-履职档案-2026年度.pdf, not …-duty archive-2026年度.pdf — and in English the
words are English. Several downloads of several parts, through their views."""

import io
import re
import zipfile
from urllib.parse import unquote

import pytest
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from members.models import ArchiveJob

pytestmark = pytest.mark.django_db
ASCII_WORD = re.compile(r"[A-Za-z]{2,}")


def filename(response) -> str:
    header = response["Content-Disposition"]
    match = re.search(r"filename\*=(?:UTF-8|utf-8)''([^;]+)", header)
    if match:
        return unquote(match.group(1))
    return re.search(r'filename="([^"]+)"', header).group(1)


def stem(name: str) -> str:
    return name.rsplit(".", 1)[0]


@pytest.fixture
def downloads(client_for, role_users, duty_member, media, eager_celery):
    """(what, response) for a download of each part, each by a role that may make it."""
    from members.tasks import build_sector_archive

    staff = role_users[Role.LIAISON_STAFF]
    liaison = client_for(staff)
    got = [
        ("duty archive pdf", liaison.get(reverse("members:archive_pdf", args=[duty_member.pk]) + "?year=2026")),
        ("duty archive docx", liaison.get(reverse("members:archive_docx", args=[duty_member.pk]) + "?year=2026")),
        ("duty ranking", liaison.get(reverse("members:duty_ranking_export") + "?year=2026")),
        ("members", liaison.get(reverse("members:export"))),
    ]  # fmt: skip
    job = ArchiveJob.objects.create(sector=duty_member.sector, year=2026, requested_by=staff)
    build_sector_archive(job.pk)
    got.append(("sector zip", liaison.get(reverse("members:duty_archive_download", args=[job.pk]))))
    proposal_staff = client_for(role_users[Role.PROPOSAL_STAFF])
    got.append(("proposals", proposal_staff.get(reverse("proposals:export"))))
    leader = client_for(role_users[Role.LEADER])
    got.append(("dashboard", leader.get(reverse("dashboard:export"))))
    got.append(("year report", leader.get(reverse("dashboard:year_report", args=["docx"]))))
    auditor = client_for(role_users[Role.SECURITY_AUDITOR])
    got.append(("audit log", auditor.get(reverse("audit:export"))))
    consultation = client_for(role_users[Role.CONSULTATION_STAFF])
    got.append(("consultations", consultation.get(reverse("consultations:export"))))
    return got


def test_every_download_name_is_chinese_in_the_chinese_ui(downloads, duty_member):
    names = {}
    for what, response in downloads:
        assert response.status_code == 200, what
        names[what] = filename(response)
        assert not ASCII_WORD.search(stem(names[what])), (what, names[what])
        assert re.search(r"[\u4e00-\u9fff]", names[what]), (what, names[what])
    assert names["duty archive pdf"] == "张履职-履职档案-2026年度.pdf"
    assert names["duty archive docx"] == "张履职-履职档案-2026年度.docx"
    assert names["duty ranking"] == "履职积分排名-2026年度.xlsx"
    assert names["sector zip"] == f"{duty_member.sector.name}-履职档案-2026年度.zip"
    assert names["dashboard"].startswith("驾驶舱数据-") and names["dashboard"].endswith("年度.xlsx")


def test_the_sector_zip_entries_are_chinese_and_numbered(downloads, duty_member):
    response = dict(downloads)["sector zip"]
    entries = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert f"{duty_member.number}-张履职-履职档案-2026年度.docx" in entries
    for entry in entries:
        assert not ASCII_WORD.search(stem(entry)), entry


def test_in_english_the_words_are_english(client_for, role_users, duty_member, media):
    client = client_for(role_users[Role.LIAISON_STAFF])
    response = client.get(
        reverse("members:archive_pdf", args=[duty_member.pk]) + "?year=2026",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response["Content-Language"] == "en"
    assert filename(response) == "张履职-duty archive-year 2026.pdf"  # the name is the member's
