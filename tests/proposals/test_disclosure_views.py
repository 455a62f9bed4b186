"""Each disclosure action × every role through the pages: the role the rule names succeeds,
every other gets 403/404 and changes nothing; the public pages answer every role and no
login."""

import pytest
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from proposals import services
from proposals.models import Proposal, Reply

from .public_fixtures import make_proposal, reply_to

pytestmark = pytest.mark.django_db
ALL = [*Role.values, "none", "superuser"]
STAFF = {Role.PROPOSAL_STAFF, "superuser"}


def _post(client_for, user, p, action, data):
    client = client_for(user)
    return client.post(reverse("proposals:act", args=[p.pk, action]), data)


@pytest.fixture
def base(role_users, session, category):
    return {
        "member_user": role_users[Role.MEMBER],
        "staff": role_users[Role.PROPOSAL_STAFF],
        "session": session,
        "category": category,
    }


@pytest.mark.parametrize("role", ALL)
def test_changing_the_agreement(role, role_users, client_for, base):
    member = base["member_user"]
    p = services.create_draft(
        actor=member, session=base["session"], title="关于公交线路的建议", category=base["category"]
    )
    r = _post(
        client_for, role_users[role], p, "disclosure_consent", {"disclosure_consent-disclose": "on"}
    )
    agreed = Proposal.objects.get(pk=p.pk).is_public
    if role == Role.MEMBER:
        assert r.status_code == 302 and agreed
    else:
        assert r.status_code in {403, 404} and not agreed


@pytest.mark.parametrize("role", ALL)
def test_reviewing_the_disclosure(role, role_users, client_for, base):
    p = make_proposal(title="关于垃圾分类的建议", **base)
    r = _post(
        client_for,
        role_users[role],
        p,
        "review_disclosure",
        {"review_disclosure-decision": "approve", "review_disclosure-reason": ""},
    )
    decided = Proposal.objects.get(pk=p.pk).disclosure
    if role in STAFF:
        assert r.status_code == 302 and decided == "approved"
    else:
        assert r.status_code in {403, 404} and decided == ""


def test_a_refusal_without_reason_is_an_error_next_to_the_field(client_for, base):
    p = make_proposal(title="关于垃圾分类的建议", **base)
    r = _post(
        client_for,
        base["staff"],
        p,
        "review_disclosure",
        {"review_disclosure-decision": "refuse", "review_disclosure-reason": ""},
    )
    assert r.status_code in {200, 400}
    assert "invalid-feedback" in r.content.decode() or "is-invalid" in r.content.decode()
    assert Proposal.objects.get(pk=p.pk).disclosure == ""


@pytest.fixture
def replied(base, role_users):
    from .factories import HandlingUnitFactory

    liaison = role_users[Role.UNIT_LIAISON]
    unit = HandlingUnitFactory(name="区城管委")
    unit.liaisons.add(liaison)
    p = make_proposal(title="关于垃圾分类的建议", **base)
    services.review_disclosure(actor=base["staff"], proposal=p, decision="approve")
    return reply_to(p, staff=base["staff"], unit=unit, liaison=liaison)


@pytest.mark.parametrize("role", ALL)
def test_objecting_to_the_reply(role, role_users, client_for, replied):
    reply = Reply.objects.get(proposal=replied)
    r = _post(
        client_for,
        role_users[role],
        replied,
        "object_disclosure",
        {
            "object_disclosure-draft": f"{reply.pk}:{reply.version}",
            "object_disclosure-reason": "不宜",
        },
    )
    reply.refresh_from_db()
    if role == Role.UNIT_LIAISON:
        assert r.status_code == 302 and reply.objection_pending
    else:
        assert r.status_code in {403, 404} and reply.is_public


@pytest.mark.parametrize("role", ALL)
def test_deciding_the_objection(role, role_users, client_for, replied):
    reply = Reply.objects.get(proposal=replied)
    services.object_to_reply_disclosure(
        actor=role_users[Role.UNIT_LIAISON], reply=reply, version=reply.version, reason="不宜"
    )
    reply.refresh_from_db()
    r = _post(
        client_for,
        role_users[role],
        replied,
        "decide_objection",
        {
            "decide_objection-draft": f"{reply.pk}:{reply.version}",
            "decide_objection-decision": "publish",
            "decide_objection-reason": "可公开",
        },
    )
    reply.refresh_from_db()
    if role in STAFF:
        assert r.status_code == 302 and reply.disclosure == "approved"
    else:
        assert r.status_code in {403, 404} and reply.objection_pending


@pytest.mark.parametrize("role", [*ALL, "anonymous"])
def test_public_pages_for_every_role(role, role_users, client_for, client, replied):
    c = client if role == "anonymous" else client_for(role_users[role])
    for url in (
        reverse("public:proposals"),
        reverse("public:proposal", args=[replied.pk]),
        reverse("public:figures"),
        reverse("public:open_list_csv"),
    ):
        assert c.get(url).status_code == 200, url
    assert c.post(reverse("public:proposals")).status_code == 405


def test_the_admin_shows_the_disclosure_read_only(role_users, client_for, replied):
    client = client_for(role_users["superuser"])
    r = client.get(reverse("admin:proposals_proposal_change", args=[replied.pk]))
    assert r.status_code == 200
    form = r.context["adminform"].form
    assert "is_public" not in form.fields and "disclosure" not in form.fields
    assert "公开审核" in r.content.decode()
