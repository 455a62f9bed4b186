"""The report's action table (opinions.actions) through the kernel's action view: each page
offers exactly what the rules allow in each state, and the one action view refuses what is
unknown, not allowed, invalid or stale without losing what was typed."""

import pytest
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from opinions import services
from opinions.actions import ACTIONS
from opinions.models import Report
from opinions.workflow import State
from tests.factories import MemberFactory

from .factories import DraftFactory, IssueFactory, ReportFactory

pytestmark = pytest.mark.django_db

DECIDE = {"start_editing", "archive"}  # a submitted report is edited (核稿) before adoption
EDITED = {"adopt", "archive"}
OUTCOMES = {"forward", "use", "instruction"}
OFFERED = {  # state -> (the author, information staff)
    State.DRAFT: ({"submit"}, set()),
    State.SUBMITTED: (set(), DECIDE),
    State.EDITING: (set(), EDITED),
    State.ADOPTED: (set(), OUTCOMES),
    State.ARCHIVED: (set(), set()),
    State.MERGED: (set(), set()),
}


@pytest.mark.parametrize("state", list(OFFERED))
def test_each_state_offers_what_the_rules_allow(state, role_users, member, staff):
    issue = IssueFactory() if state == State.ADOPTED else None  # an adopted report has one
    report = ReportFactory(member=member, state=state, issue=issue)
    author, desk = OFFERED[state]
    assert set(ACTIONS.available(role_users[Role.MEMBER], report)) == author
    assert set(ACTIONS.available(staff, report)) == desk
    assert set(ACTIONS.available(role_users["superuser"], report)) == desk
    for role in (Role.LEADER, Role.PROPOSAL_STAFF, "none"):
        assert ACTIONS.available(role_users[role], report) == {}


def test_another_members_draft_offers_nothing(other_member_user, member):
    assert ACTIONS.available(other_member_user, DraftFactory(member=member)) == {}


def test_the_page_shows_the_offered_actions_only(staff, client_for, term):
    report = ReportFactory(member=MemberFactory(), state=State.EDITING)
    page = client_for(staff).get(reverse("opinions:detail", args=[report.pk])).content.decode()
    assert 'id="act-adopt"' in page and "data-adopt-form" in page and "data-archive-form" in page
    assert 'id="act-start_editing"' not in page
    assert "data-forward-form" not in page and 'id="act-submit"' not in page
    assert f'name="version" value="{report.version}"' in page


def test_the_author_submits_from_the_page(member_user, member, client_for):
    draft = DraftFactory(member=member)
    client = client_for(member_user)
    page = client.get(reverse("opinions:detail", args=[draft.pk])).content.decode()
    assert 'id="act-submit"' in page and "data-adopt-form" not in page
    response = client.post(
        reverse("opinions:act", args=[draft.pk, "submit"]), {"version": draft.version}
    )
    assert response.status_code == 302 and response.url == draft.get_absolute_url()
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_unknown_action_and_get(staff, client_for, term):
    report = ReportFactory(member=MemberFactory())
    client = client_for(staff)
    assert client.post(reverse("opinions:act", args=[report.pk, "explode"])).status_code == 404
    assert client.get(reverse("opinions:act", args=[report.pk, "adopt"])).status_code == 405


def test_an_action_the_state_does_not_offer_is_refused(staff, client_for, term):
    report = ReportFactory(member=MemberFactory())  # submitted: not yet adopted
    response = client_for(staff).post(
        reverse("opinions:act", args=[report.pk, "use"]),
        {"level": "city", "kind": "single", "used_on": "2020-01-01"},
    )
    assert response.status_code == 403 and not report.uses.exists()


def test_an_invalid_form_comes_back_with_its_error_by_the_field(staff, client_for, term):
    report = ReportFactory(member=MemberFactory())
    response = client_for(staff).post(
        reverse("opinions:act", args=[report.pk, "archive"]), {"version": report.version}
    )
    assert response.status_code == 400
    entries = {e.name: e for e in response.context["action_entries"]}
    assert entries["archive"].form.is_bound and "note" in entries["archive"].form.errors
    assert not entries["start_editing"].form.is_bound
    assert Report.objects.get(pk=report.pk).state == State.SUBMITTED


def test_a_stale_page_is_refused_and_keeps_what_was_typed(staff, client_for, term):
    report = ReportFactory(member=MemberFactory())
    seen = report.version
    services.start_editing(actor=staff, report=report)  # someone else moved it meanwhile
    response = client_for(staff).post(
        reverse("opinions:act", args=[report.pk, "archive"]),
        {"note": "已有类似信息", "version": seen},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "刷新" in content or "Reload" in content
    assert "已有类似信息" in content  # the note typed is still in the form
    assert Report.objects.get(pk=report.pk).state == State.EDITING


def test_staff_start_editing_from_the_page_then_adopt(staff, client_for, term):
    report = ReportFactory(member=MemberFactory())
    client = client_for(staff)
    refused = client.post(
        reverse("opinions:act", args=[report.pk, "adopt"]),
        {"signed_off_by": "张", "version": report.version},
    )
    assert refused.status_code == 403  # not offered before editing
    done = client.post(
        reverse("opinions:act", args=[report.pk, "start_editing"]), {"version": report.version}
    )
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.state == State.EDITING and report.editor == staff
    client.post(
        reverse("opinions:act", args=[report.pk, "adopt"]),
        {"signed_off_by": "张", "version": report.version},
    )
    assert Report.objects.get(pk=report.pk).state == State.ADOPTED
