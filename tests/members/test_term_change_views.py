"""The term change pages: a form, a confirmation page listing what will happen, then done."""

from datetime import timedelta

import pytest
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from members.models import Member, Term
from tests.factories import MemberFactory
from tests.members.term_helpers import NEW_START, old_term_with_session

pytestmark = pytest.mark.django_db
URL = reverse("members:term_change")


@pytest.fixture
def setup(make_user, client_for):
    old = old_term_with_session()
    stay, leave = MemberFactory(name="连任委员"), MemberFactory(name="离任委员")
    for m in (stay, leave):
        m.terms.add(old)
    return client_for(make_user(Role.LIAISON_STAFF)), stay, leave


def _data(stay, **extra):
    return {
        "number": 3,
        "name": "第三届",
        "start_date": NEW_START.isoformat(),
        "end_date": NEW_START.replace(year=NEW_START.year + 5).isoformat(),
        "session_name": "三届一次会议",
        "session_year": NEW_START.year,
        "session_start": NEW_START.isoformat(),
        "session_end": (NEW_START + timedelta(days=3)).isoformat(),
        "window_start": NEW_START.isoformat(),
        "window_end": (NEW_START + timedelta(days=2)).isoformat(),
        "reappointed": [stay.pk],
        **extra,
    }


def test_form_lists_the_outgoing_members_all_ticked(setup):
    client, stay, leave = setup
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "连任委员" in html and "离任委员" in html
    assert html.count("checked") >= 2


def test_review_shows_a_confirmation_page_and_writes_nothing(setup):
    client, stay, leave = setup
    page = client.post(URL, _data(stay, step="review"))
    assert page.status_code == 200 and page.context["confirm"]
    assert [m.pk for m in page.context["leaving"]] == [leave.pk]
    assert "term-change-confirm" in page.content.decode()
    assert not Term.objects.filter(number=3).exists()


def test_confirming_without_the_tick_is_refused_on_the_field(setup):
    client, stay, _leave = setup
    page = client.post(URL, _data(stay, step="confirm"))
    assert page.status_code == 200
    assert page.context["form"].errors["confirmed"]
    assert not Term.objects.filter(number=3).exists()


def test_confirmed_change_opens_the_term(setup):
    client, stay, leave = setup
    done = client.post(URL, _data(stay, step="confirm", confirmed="on"))
    assert done.status_code == 302
    assert Term.objects.get(number=3).is_current
    assert Member.objects.get(pk=leave.pk).status == Member.Status.LEFT
    assert Member.objects.get(pk=stay.pk).terms.count() == 2


def test_bad_input_is_shown_next_to_the_field_in_chinese(setup):
    client, stay, _leave = setup
    page = client.post(
        URL,
        _data(stay, step="review", end_date="2020-01-01", number="x"),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert page.status_code == 200 and not page.context["confirm"]
    errors = page.context["form"].errors
    assert "number" in errors and "end_date" in errors
    assert not Term.objects.filter(number=3).exists()
