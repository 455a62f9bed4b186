"""The leader dashboard's views: who may read them, drill-down links, Excel, query bounds."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cppcc_portal.accounts.roles import Role
from proposals.models import Proposal
from tests.dashboard.conftest import build

pytestmark = pytest.mark.django_db

READERS = {
    "proposal_staff",
    "opinion_staff",
    "consultation_staff",
    "liaison_staff",
    "leader",
    "superuser",
}
ALL = [*Role.values, "none", "superuser"]


@pytest.mark.parametrize("name", ["dashboard:leader", "dashboard:export"])
@pytest.mark.parametrize("role", ALL)
def test_permissions(role, name, role_users, client_for, dataset):
    response = client_for(role_users[role]).get(reverse(name))
    assert response.status_code == (200 if role in READERS else 403)


def test_anonymous_goes_to_login(client, dataset):
    response = client.get(reverse("dashboard:leader"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _overdue_link(html, unit):
    m = re.search(rf'data-unit="{unit.pk}".*?href="([^"]+)" class="unit-overdue', html, flags=re.S)
    return m.group(1).replace("&amp;", "&")


def test_unit_overdue_drills_down_to_exactly_those_proposals(role_users, client_for, dataset):
    c = client_for(role_users["leader"])
    html = c.get(reverse("dashboard:leader"), {"year": 2026}).content.decode()
    url = _overdue_link(html, dataset.units["B"])
    page = c.get(url).context["page"]
    expected = {dataset.p[k].pk for k in (12, 13, 14)}
    assert {p.pk for p in page.object_list} == expected
    # the other year: only last year's proposal
    html = c.get(reverse("dashboard:leader"), {"year": 2025}).content.decode()
    page = c.get(_overdue_link(html, dataset.units["B"])).context["page"]
    assert [p.pk for p in page.object_list] == [dataset.p["old"].pk]


def test_status_figures_drill_down(role_users, client_for, dataset):
    c = client_for(role_users["leader"])
    ctx = c.get(reverse("dashboard:leader"), {"year": 2026}).context
    closed = next(s for s in ctx["by_status"] if s["label"] == Proposal.Status.CLOSED.label)
    page = c.get(closed["url"]).context["page"]
    assert page.paginator.count == closed["value"] == 10


def test_sortable_ranking_without_js(role_users, client_for, dataset):
    c = client_for(role_users["leader"])
    ctx = c.get(reverse("dashboard:leader"), {"year": 2026, "sort": "-overdue"}).context
    assert [u["name"] for u in ctx["units"]][:2] == ["区B局", "区C局"]
    assert "sort=overdue" in ctx["sort_links"]["overdue"]  # a second click reverses
    assert ctx["sort"] == "-overdue"
    ctx = c.get(reverse("dashboard:leader"), {"sort": "bogus"}).context
    assert ctx["sort"] == "-on_time"


def test_chart_data_and_screen_mode(role_users, client_for, dataset):
    c = client_for(role_users["leader"])
    html = c.get(reverse("dashboard:leader"), {"screen": 1}).content.decode()
    assert 'id="dashboard-data"' in html and "dashboard-screen" in html
    assert 'data-refresh="300"' in html
    assert "vendor/echarts/echarts.portal.js" in html
    assert "<script>" not in html  # CSP: no inline script


def test_the_chart_script_holds_only_the_charts_drawn():
    """`make node` builds ECharts from its ES modules with the four charts the dashboard
    draws; it is found by staticfiles and is about half the full build (1 MB)."""
    from pathlib import Path

    from django.contrib.staticfiles import finders

    built = Path(finders.find("vendor/echarts/echarts.portal.js"))
    full = Path(__file__).resolve().parents[2] / "node_modules/echarts/dist/echarts.min.js"
    assert built.stat().st_size < 0.6 * full.stat().st_size
    text = built.read_text(encoding="utf-8")
    assert "Apache" in text  # the licence notice is kept


def test_excel_has_a_sheet_per_section(role_users, client_for, dataset):
    response = client_for(role_users["leader"]).get(reverse("dashboard:export"), {"year": 2026})
    wb = load_workbook(io.BytesIO(response.content))
    assert len(wb.sheetnames) >= 12
    units = wb.worksheets[5]
    rows = {r[0]: r for r in units.iter_rows(min_row=2, values_only=True)}
    assert rows["区A局"][4] == 70 and rows["区A局"][7] == 80 and rows["区B局"][8] == 3


@pytest.mark.parametrize("extra", [0, 25])
def test_constant_queries(extra, term, role_users, client_for, django_assert_max_num_queries):
    build(term, extra=extra)
    c = client_for(role_users["leader"])
    c.get(reverse("dashboard:leader"))  # warm the per-process caches (config, content types)
    with django_assert_max_num_queries(40):
        assert c.get(reverse("dashboard:leader"), {"year": 2026}).status_code == 200
    with django_assert_max_num_queries(40):
        assert c.get(reverse("dashboard:export"), {"year": 2026}).status_code == 200
