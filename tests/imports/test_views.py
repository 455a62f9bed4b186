"""The import pages: upload → preview → confirm, each role refused or admitted, a job seen
only by whoever started it, form errors in Chinese next to the field."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.models import ImportJob
from proposals.models import Proposal

from .sheets import real_year_rows, upload, workbook_bytes

pytestmark = pytest.mark.django_db

OTHERS = [r for r in Role.values if r != Role.PROPOSAL_STAFF]


def test_staff_upload_preview_and_confirm(client, staff, year, media):
    session, members = year
    client.force_login(staff)
    content = workbook_bytes(real_year_rows(members, count=(1, 1, 2)))
    response = client.post(
        reverse("imports:upload", args=["proposals"]), {"file": upload(content, "往届.xlsx")}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "imports:job", args=[job.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "预览：往届提案" in page and "新建 4" in page and 'data-outcome="create"' in page
    assert Proposal.objects.count() == 0
    response = client.post(reverse("imports:confirm", args=[job.pk]), {"mode": "all"})
    written = ImportJob.objects.get(commit=True)
    assert response["Location"] == reverse("imports:job", args=[written.pk])
    assert written.written and Proposal.objects.count() == 4
    assert "数据已写入" in client.get(response["Location"]).content.decode()
    report = client.get(reverse("imports:report", args=[written.pk]))
    rows = list(load_workbook(io.BytesIO(report.content)).active.values)
    assert rows[0] == ("行", "结果", "记录", "列", "理由") and len(rows) == 5


def test_all_or_nothing_is_not_offered_when_rows_are_refused(client, staff, year, media):
    session, members = year
    rows = real_year_rows(members, count=(0, 0, 3))
    rows[1]["lead_unit"] = "区外星事务局"
    client.force_login(staff)
    client.post(
        reverse("imports:upload", args=["proposals"]), {"file": upload(workbook_bytes(rows))}
    )
    job = ImportJob.objects.get()
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'value="all" id="mode-all" disabled' in page and "未知的承办单位“区外星事务局”" in page
    client.post(reverse("imports:confirm", args=[job.pk]), {"mode": "all"})
    assert not ImportJob.objects.filter(commit=True).exists()
    client.post(reverse("imports:confirm", args=[job.pk]), {"mode": "good"})
    assert Proposal.objects.count() == 2


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [(b"", "空.xlsx", "空文件"), (b"plain text", "a.txt", "不接受")],
    ids=["0-byte", "not-excel"],
)
def test_form_error_next_to_the_field(client, staff, media, content, name, message):
    client.force_login(staff)
    response = client.post(
        reverse("imports:upload", args=["units"]), {"file": upload(content, name)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_are_refused(client, make_user, role, year, media):
    client.force_login(make_user(role))
    index = client.get(reverse("imports:index")).status_code
    assert index == (200 if role in {Role.OPINION_STAFF, Role.CONSULTATION_STAFF} else 403)
    for view in ("upload", "template"):
        assert client.get(reverse(f"imports:{view}", args=["proposals"])).status_code == 403
    response = client.post(
        reverse("imports:upload", args=["proposals"]),
        {"file": upload(workbook_bytes(real_year_rows(year[1], count=(0, 0, 1))))},
    )
    assert response.status_code == 403 and not ImportJob.objects.exists()


def test_a_job_is_seen_only_by_whoever_started_it(client, staff, make_user, year, media):
    client.force_login(staff)
    client.post(
        reverse("imports:upload", args=["proposals"]),
        {"file": upload(workbook_bytes(real_year_rows(year[1], count=(0, 0, 1))))},
    )
    job = ImportJob.objects.get()
    client.force_login(make_user(Role.PROPOSAL_STAFF))
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert (
        client.post(reverse("imports:confirm", args=[job.pk]), {"mode": "all"}).status_code == 404
    )
    admin = make_user(is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 200


def test_the_menu_offers_the_import_to_proposal_staff(client, staff):
    client.force_login(staff)
    assert reverse("imports:index") in client.get(reverse("home")).content.decode()
