"""Hostile GET parameters on the leaders' dashboard, its Excel export and every drill-down link
it offers: never a 500, never echoed unescaped (see tests/badinput.py)."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from proposals.models import Proposal
from tests.badinput import SCRIPT, assert_safe, assert_survives_bad_input
from tests.proposals.factories import HandlingUnitFactory, ProposalFactory

pytestmark = pytest.mark.django_db

FIELDS = ["term", "year", "sort", "screen"]


@pytest.fixture
def leader(client_for, role_users, dataset):
    return client_for(role_users[Role.LEADER])


def test_dashboard_parameters(leader):
    assert_survives_bad_input(leader, reverse("dashboard:leader"), FIELDS, method="get")


def test_excel_export_parameters(leader):
    def is_a_workbook(response):
        if response.status_code == 200:
            assert response.content[:2] == b"PK"

    assert_survives_bad_input(
        leader,
        reverse("dashboard:export"),
        ["term", "year", "sort"],
        method="get",
        max_examples=2,
        after=is_a_workbook,
    )


def test_staff_home_and_menu_counts_ignore_parameters(client_for, role_users, dataset):
    client = client_for(role_users[Role.PROPOSAL_STAFF])
    for name in ["home", "nav_counts"]:
        assert_survives_bad_input(
            client, reverse(name), ["q", "page"], method="get", max_examples=3
        )


def test_hostile_names_are_shown_escaped_on_the_dashboard(leader, dataset):
    unit = HandlingUnitFactory(name=SCRIPT[:40])
    ProposalFactory(
        session=dataset.session, status=Proposal.Status.REGISTERED, title='"><img src=x onerror=1>'
    )
    dataset.term.name = SCRIPT[:40]
    dataset.term.save()
    assert unit.pk
    for screen in ["", "1"]:
        response = leader.get(reverse("dashboard:leader"), {"screen": screen})
        assert response.status_code == 200
        assert_safe(response)
        chart = re.search(r'<script id="dashboard-data"[^>]*>(.*?)</script>', response.text, re.S)
        assert chart and "<" not in chart.group(1)  # json_script escapes the names


def _drill_down_links(leader):
    page = leader.get(reverse("dashboard:leader")).content.decode()
    links = set()
    for href in re.findall(r'href="([^"]+)"', page):
        href = html.unescape(href)
        parts = urlsplit(href)
        if parts.query and not parts.netloc and not parts.path.startswith("/dashboard/"):
            links.add(href)
    return sorted(links)


def test_drill_down_links_with_hostile_parameters(leader):
    """Every list the dashboard drills into takes hostile values of the parameters it is given."""
    fields_by_path = {}
    for link in _drill_down_links(leader):
        assert leader.get(link).status_code == 200, link
        parts = urlsplit(link)
        if parts.path:  # not the page's own ?term=&year= selector
            fields_by_path.setdefault(parts.path, set()).update(parse_qs(parts.query))
    assert {reverse("proposals:list"), reverse("members:duty_ranking")} <= set(fields_by_path)
    assert {"session", "status", "unit", "overdue"} <= fields_by_path[reverse("proposals:list")]
    for path, fields in sorted(fields_by_path.items()):
        assert_survives_bad_input(leader, path, sorted(fields), method="get", max_examples=2)
    assert_survives_bad_input(
        leader, reverse("consultations:list"), ["year", "form"], method="get", max_examples=2
    )


def test_dashboard_with_no_term_at_all(client_for, role_users):
    client = client_for(role_users[Role.LEADER])
    from members.models import Term

    Term.objects.all().delete()
    assert_survives_bad_input(
        client, reverse("dashboard:leader"), ["term", "year"], method="get", max_examples=3
    )


FORMULA = '=HYPERLINK("http://evil.example/","点此")'


def test_hostile_text_in_the_excel_export_is_plain_text(leader, dataset):
    """Regression: a control character in a proposal title made openpyxl raise (a 500), and
    a title starting with "=" was written as a live formula."""
    import io

    from openpyxl import load_workbook

    ProposalFactory(
        session=dataset.session,
        status=Proposal.Status.REGISTERED,
        is_key=True,
        title=FORMULA + "\x0b\x1b",
    )
    HandlingUnitFactory(name="=1+1\x08")
    response = leader.get(reverse("dashboard:export"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    titles = [c for c in cells if c.value == FORMULA]
    assert titles and all(c.data_type == "s" for c in titles)
    assert not any(c.data_type == "f" for c in cells)
