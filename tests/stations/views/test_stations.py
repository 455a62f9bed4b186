"""The stations' pages: bulk assignment, the Excel and Word exports."""

import io

import pytest
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_bulk_assignment_page(client_for, role_users, station):
    newcomer = MemberFactory(name="新委员")
    client = client_for(role_users[Role.LIAISON_STAFF])
    page = client.get(reverse("stations:unassigned")).content.decode()
    assert "新委员" in page
    response = client.post(
        reverse("stations:unassigned"), {"station": station.pk, "members": [newcomer.pk]}
    )
    assert response.status_code == 302
    assert newcomer.station_assignments.get().station == station


def test_excel_and_word_exports(client_for, role_users, station, activity, opinion):
    from docx import Document
    from openpyxl import load_workbook

    from tests.documents import assert_official_layout, pdf_page_size_mm, pdf_text, snapshot

    client = client_for(role_users[Role.LEADER])
    response = client.get(reverse("stations:export", args=[station.pk]))
    wb = load_workbook(io.BytesIO(response.content))
    values = {str(c.value) for ws in wb for row in ws.iter_rows() for c in row}
    assert activity.title in values and "13700001111" not in values
    response = client.get(reverse("stations:report", args=[station.pk]))
    doc = Document(io.BytesIO(response.content))
    assert station.name in doc.paragraphs[0].text
    assert 'w:eastAsia="黑体"' in doc.paragraphs[1].runs[0]._element.xml
    assert 'w:eastAsia="仿宋_GB2312"' in doc.paragraphs[2].runs[0]._element.xml
    assert_official_layout(response.content)  # A4 now, not US Letter
    response = client.get(reverse("stations:report", args=[station.pk]), {"format": "pdf"})
    assert pdf_page_size_mm(response.content) == (210, 297)
    snapshot(response.content, "station-report")
    assert station.name in pdf_text(response.content).replace(" ", "")
    assert "13700001111" not in pdf_text(response.content)
