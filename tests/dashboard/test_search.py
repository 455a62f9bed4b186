"""The one search box: what each role finds goes through that part's visible_to selector;
Chinese substrings match; the title hit ranks first; hits are highlighted and escaped; bad
input is a page, never a 500; the cost is one query per source whatever the data."""

import pytest
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.search import clean_term, highlight, sources
from members.models import Member
from proposals.models import Proposal
from tests.factories import MemberFactory
from tests.opinions.factories import ReportFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db
URL = reverse("search")


def _keys(response):
    return [g["source"].key for g in response.context["groups"]]


def _titles(response, key):
    group = next(g for g in response.context["groups"] if g["source"].key == key)
    return [str(h["title"]) for h in group["hits"]]


@pytest.fixture
def data(member_user):
    me = Member.objects.get(user=member_user)
    mine = ProposalFactory(
        first_proposer=me, title="关于完善社区养老服务的建议", status="submitted"
    )
    other = ProposalFactory(title="关于社区养老用地保障的建议", status="submitted")
    in_text = ProposalFactory(
        title="关于老旧小区改造的建议", analysis="涉及社区养老设施配套。", status="submitted"
    )
    report = ReportFactory(member=me, title="养老机构收费偏高")
    return {"me": me, "mine": mine, "other": other, "in_text": in_text, "report": report}


def test_a_member_finds_only_what_they_may_see(client_for, member_user, data):
    response = client_for(member_user).get(URL, {"q": "养老"})
    assert response.status_code == 200
    titles = _titles(response, "proposals")
    assert len(titles) == 1 and "完善社区" in titles[0]
    assert "members" not in _keys(response)  # the registry is for staff
    assert "养老机构收费偏高" in _titles(response, "reports")[0].replace("<mark>", "").replace(
        "</mark>", ""
    )


def test_staff_find_every_proposal_title_hits_first_and_members(client_for, role_users, data):
    response = client_for(role_users[Role.PROPOSAL_STAFF]).get(URL, {"q": "社区养老"})
    titles = _titles(response, "proposals")
    assert len(titles) == 3
    assert "老旧小区" in titles[-1]  # found in the text only: after the two title hits
    MemberFactory(name="张养老")
    response = client_for(role_users[Role.LIAISON_STAFF]).get(URL, {"q": "养老"})
    assert "members" in _keys(response)


def test_one_part_page_by_page(client_for, role_users, data):
    response = client_for(role_users[Role.PROPOSAL_STAFF]).get(
        URL, {"q": "养老", "in": "proposals"}
    )
    assert _keys(response) == ["proposals"]
    assert response.context["page"].paginator.count == 3


def test_hits_are_highlighted_and_escaped(client_for, role_users, data):
    ProposalFactory(title="<script>alert(1)</script>养老", status="submitted")
    body = client_for(role_users[Role.PROPOSAL_STAFF]).get(URL, {"q": "养老"}).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>养老</mark>" in body


@pytest.mark.parametrize("raw", ["", " ", "\x00\x07养老", "养" * 10_000, "%", "_", "' OR 1=1 --"])
def test_hostile_terms_give_a_page(client_for, role_users, data, raw):
    response = client_for(role_users[Role.PROPOSAL_STAFF]).get(URL, {"q": raw, "in": "nope"})
    assert response.status_code == 200
    assert len(response.context["term"]) <= 50
    assert "\x00" not in response.context["term"]


def test_like_wildcards_are_literal(client_for, role_users, data):
    response = client_for(role_users[Role.PROPOSAL_STAFF]).get(URL, {"q": "%"})
    assert response.context["groups"] == []


@pytest.mark.parametrize("role", ["anonymous", *sorted(Role.values), "none", "superuser"])
def test_every_role_may_search_anonymous_is_sent_to_login(client, role_users, role):
    if role == "anonymous":
        response = client.get(URL, {"q": "养老"})
        assert response.status_code == 302 and "/accounts/login/" in response.url
        return
    client.force_login(role_users[role])
    response = client.get(URL, {"q": "养老"})
    assert response.status_code == 200
    members_source = "members" in [s.key for s in response.context["sources"]]
    registry = {"proposal_staff", "opinion_staff", "consultation_staff", "liaison_staff", "leader"}
    assert members_source == (role in registry | {"superuser"})


def test_constant_queries_whatever_the_data(
    client_for, role_users, data, django_assert_max_num_queries
):
    client = client_for(role_users[Role.PROPOSAL_STAFF])
    client.get(URL, {"q": "养老"})
    with django_assert_max_num_queries(len(sources()) + 12) as few:
        client.get(URL, {"q": "养老"})
    ProposalFactory.create_batch(30, title="养老服务体系建设", status="submitted")
    ReportFactory.create_batch(10, title="养老护理人才短缺")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL, {"q": "养老"})
    assert Proposal.objects.filter(title__contains="养老").count() > 30


def test_clean_term_and_highlight():
    assert clean_term("  社区\t养老\x00 ") == "社区 养老"
    assert len(clean_term("字" * 80)) == 50
    assert str(highlight("a<b>养老c", "养老")) == "a&lt;b&gt;<mark>养老</mark>c"
    long = "开头" * 60 + "养老" + "结尾" * 60
    excerpt = str(highlight(long, "养老", width=30))
    assert excerpt.startswith("…") and excerpt.endswith("…") and "<mark>养老</mark>" in excerpt
