"""The year's 办理情况报告: its figures are the dashboard's, in the official layout, in Word
and PDF, for the dashboard's readers only, each download audited."""

import pytest
from django.urls import reverse

from cppcc_portal.audit.models import Action, AuditEntry
from dashboard import figures, report
from tests.documents import assert_official_layout, docx_text, pdf_page_size_mm, pdf_text, snapshot

pytestmark = pytest.mark.django_db


def _get(client_for, user, fmt, **params):
    return client_for(user).get(reverse("dashboard:year_report", args=[fmt]), params)


def test_the_word_report_states_the_dashboards_figures(dataset, role_users, client_for):
    response = _get(client_for, role_users["leader"], "docx", term=dataset.term.pk, year=2026)
    assert response.status_code == 200
    assert_official_layout(response.content)
    text = docx_text(response.content)
    assert "关于2026年度提案办理情况的报告" in text
    for heading in (
        "一、提案提交和立案情况",
        "二、办理结果",
        "三、承办单位办理情况",
        "四、委员评价情况",
    ):
        assert heading in text
    # the unit table carries 区A局's figures of the dashboard: 7 of 10 on time, 8 of 10 satisfied
    assert "区A局" in text and "70%" in text and "80%" in text
    assert "区D局" not in text  # only a released assignment: not a handling unit of the year


def test_the_report_and_the_dashboard_read_the_same_figures(dataset, rf, role_users):
    request = rf.get("/", {"term": dataset.term.pk, "year": 2026})
    request.user = role_users["proposal_staff"]
    ctx = figures.figures(request)
    doc = report.year_report(ctx, "区政协")
    text = "\n".join(getattr(b, "text", "") for b in doc.blocks)
    submitted = next(f["value"] for f in ctx["funnel"] if f["key"] == "submitted")
    assert f"共提交提案{submitted}件" in text
    e = ctx["evaluations"]
    assert f"不满意{e['unsatisfied']}件次" in text


def test_the_pdf_report_is_a4_with_the_title(dataset, role_users, client_for):
    response = _get(client_for, role_users["proposal_staff"], "pdf", year=2026)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert pdf_page_size_mm(response.content) == (210, 297)
    assert "提案办理情况的报告" in pdf_text(response.content).replace(" ", "")
    snapshot(response.content, "year-report")


def test_a_year_without_proposals_still_gives_a_report(term, role_users, client_for):
    response = _get(client_for, role_users["leader"], "docx")
    assert response.status_code == 200
    assert "本年度未确定重点提案" in docx_text(response.content)


@pytest.mark.parametrize("role", ["member", "unit_liaison", "station_manager", "none"])
def test_outside_the_readers_it_is_refused(role, dataset, role_users, client_for):
    assert _get(client_for, role_users[role], "docx").status_code == 403


def test_an_unknown_format_is_not_found(dataset, role_users, client_for):
    assert _get(client_for, role_users["leader"], "odt").status_code == 404


def test_each_download_is_audited(dataset, role_users, client_for):
    _get(client_for, role_users["leader"], "pdf")
    entry = AuditEntry.objects.filter(action=Action.DOWNLOAD).latest("id")
    assert entry.detail.endswith("提案办理情况的报告.pdf")


def test_the_dashboard_links_the_report(dataset, role_users, client_for):
    html = client_for(role_users["leader"]).get(reverse("dashboard:leader")).content.decode()
    assert reverse("dashboard:year_report", args=["docx"]) in html
    assert reverse("dashboard:year_report", args=["pdf"]) in html
