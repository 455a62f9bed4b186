"""提案参考选题: staff publish topics with their sources; members browse them and start a draft
from one; staff see which topics drew proposals and which none."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from proposals import services
from proposals.models import Proposal, TopicProposal
from proposals.topics import selectors
from proposals.topics import services as topics

pytestmark = pytest.mark.django_db


def _topic(staff, session, title="老旧小区加装电梯", **kw):
    return topics.publish_topic(
        actor=staff,
        session=session,
        title=title,
        source=kw.pop("source", "government"),
        source_label=kw.pop("source_label", "2026年区政府工作报告"),
        source_url=kw.pop("source_url", "https://example.gov.cn/report"),
        **kw,
    )


def test_staff_publish_and_members_start_a_draft_from_a_topic(
    staff, member_user, session, category
):
    topic = _topic(staff, session, category=category, description="审批难、资金分摊难")
    assert list(selectors.topics_for(member_user)) == [topic]
    p = topics.start_draft_from_topic(actor=member_user, topic=topic)
    assert p.status == Proposal.Status.DRAFT and p.session == session
    assert "老旧小区加装电梯" in p.title and p.category == category
    assert p.analysis == "审批难、资金分摊难"
    assert TopicProposal.objects.get(proposal=p).topic == topic
    # a draft is started, not yet a proposal the topic drew
    row = selectors.topics_for(staff).get()
    assert (row.n_drafts, row.n_proposals) == (1, 0)
    p.analysis, p.suggestions = "情况分析", "一是由区住建委牵头简化审批。"
    p.save()
    services.submit(actor=member_user, proposal=p)
    row = selectors.topics_for(staff).get()
    assert row.n_proposals == 1
    assert list(selectors.topics_for(staff, drew="some")) == [topic]
    assert list(selectors.topics_for(staff, drew="none")) == []


def test_topic_refusals_in_chinese(staff, member_user, session):
    with pytest.raises(PermissionDenied):
        _topic(member_user, session)
    _topic(staff, session)
    with translation.override("zh-hans"):
        for kwargs, field in (
            ({"title": "老旧小区加装电梯"}, "title"),
            ({"title": " "}, "title"),
            ({"title": "新选题", "source": "rumour"}, "source"),
        ):
            with pytest.raises(ValidationError) as err:
                _topic(staff, session, **kwargs)
            assert field in err.value.message_dict
    withdrawn = topics.set_published(
        actor=staff, topic=_topic(staff, session, "托管"), published=False
    )
    assert withdrawn not in selectors.topics_for(member_user)
    with translation.override("zh-hans"), pytest.raises(ValidationError, match="不在"):
        topics.start_draft_from_topic(actor=member_user, topic=withdrawn)
    with pytest.raises(PermissionDenied):
        topics.start_draft_from_topic(actor=staff, topic=_topic(staff, session, "停车"))


def test_the_pages(staff, member_user, session, client_for):
    client = client_for(staff)
    response = client.post(
        reverse("proposals:topic_create"),
        {
            "session": session.pk,
            "title": "社区养老",
            "source": "residents",
            "source_url": "javascript:alert(1)",
        },
    )
    assert response.status_code == 400 and "source_url" in response.context["form"].errors
    response = client.post(
        reverse("proposals:topic_create"),
        {
            "session": session.pk,
            "title": "社区养老",
            "source": "residents",
            "source_label": "联络站群众意见汇总",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("proposals:topics") + "?drew=none").content.decode()
    assert "社区养老" in page and 'data-drew="0"' in page
    member = client_for(member_user)
    listing = member.get(reverse("proposals:topics")).content.decode()
    assert "data-start-topic" in listing and "data-drew" not in listing
    topic = selectors.topics_for(member_user).get()
    response = member.post(reverse("proposals:topic_start", args=[topic.pk]))
    p = Proposal.objects.get()
    assert response.status_code == 302 and response.url == reverse("proposals:edit", args=[p.pk])


def test_topic_list_queries_are_constant(staff, member_user, session, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts():
        found = []
        for user in (staff, member_user):
            with CaptureQueriesContext(connection) as ctx:
                assert client_for(user).get(reverse("proposals:topics")).status_code == 200
            found.append(len(ctx.captured_queries))
        return found

    for i in range(2):
        topics.start_draft_from_topic(actor=member_user, topic=_topic(staff, session, f"选题{i}"))
    counts()  # warm the per-process caches (content types, settings) first
    small = counts()
    for i in range(2, 10):
        topics.start_draft_from_topic(actor=member_user, topic=_topic(staff, session, f"选题{i}"))
    assert counts() == small
