"""The pre-review while writing (预审, issue 22 item 1): each rule with a draft that passes and
one that trips it, in Chinese; each finding says why and where; the [L] minimum lengths come
from the settings; similar proposals of this and the last session with their public replies;
the page fragment for the member and the same findings for staff. It never blocks."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from proposals import services
from proposals.models import ProposalSettings
from proposals.prereview import prereview, similar_with_replies
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "title": "关于加快老旧小区加装电梯的建议",
    "analysis": (
        "我区现有2000年前建成的老旧小区312个，多为六层以下住宅，没有电梯。60岁以上居民占比"
        "达31%，上下楼困难。2023年以来居民申请加装电梯187部，实际建成仅42部，主要原因是审批"
        "环节多、周期长，资金分摊难以协商一致，低层住户顾虑采光和噪音，部分楼栋管线复杂、改造"
        "成本高。群众反映强烈，加装电梯已成为老旧小区改造中最迫切的民生需求之一，亟需统筹推进。"
    ),
    "suggestions": (
        "一是由区住建委牵头制定加装电梯实施细则，简化规划、消防审批流程，30个工作日内办结。"
        "二是区财政局设立专项补贴资金，每部电梯补贴20万元。"
        "三是各街道建立居民协商议事机制，组织业主协商分摊费用。"
    ),
}


def _review(**over):
    with translation.override("zh-hans"):
        review = prereview(**{**GOOD, **over})
        return review, [(f.rule, f.field, str(f.message), f.excerpt) for f in review.findings]


def _only(found, rule):
    hits = [f for f in found if f[0] == rule]
    assert hits, (rule, found)
    return hits


def test_a_good_draft_passes_every_rule(db):
    review, found = _review()
    assert review.passed and found == []


def test_one_matter_per_proposal_title(db):
    _review_, found = _review(title="关于老旧小区加装电梯和中小学课后托管服务的建议")
    (rule, field, message, excerpt) = _only(found, "one_matter")[0]
    assert field == "title" and "一事一案" in message and "2件事" in message
    assert "老旧小区加装电梯" in message and "中小学课后托管服务" in message
    # a word that merely contains 和/与 is not a second matter
    assert _review(title="关于构建和谐社区邻里关系的建议")[0].passed
    assert _review(title="关于鼓励市民参与垃圾分类的建议")[0].passed


def test_one_matter_per_proposal_suggestions(db):
    extra = GOOD["suggestions"] + "另外，关于学校周边交通拥堵的问题，建议区交通局增设护学岗。"
    _review_, found = _review(suggestions=extra)
    (rule, field, message, excerpt) = _only(found, "one_matter")[0]
    assert field == "suggestions" and "另立一案" in message and "另外" in excerpt


def test_analysis_and_suggestions_present_and_long_enough(db):
    _r, found = _review(analysis="", suggestions="一是由区住建委牵头简化审批。")
    assert _only(found, "missing")[0][1] == "analysis" and "情况分析" in found[0][2]
    short = _only(found, "too_short")[0]
    assert short[1] == "suggestions" and "不少于80字" in short[2]


def test_minimum_lengths_are_district_settings(db):
    settings = ProposalSettings.get()
    settings.prereview_min_analysis_chars = 500
    settings.save()
    _r, found = _review()
    (rule, field, message, excerpt) = _only(found, "too_short")[0]
    assert field == "analysis" and "不少于500字" in message
    settings.prereview_min_analysis_chars = 20
    settings.save()
    assert _review()[0].passed


def test_suggestions_are_numbered_with_an_actor_and_an_action(db):
    plain = (
        "建议由区住建委牵头制定加装电梯实施细则并简化规划和消防审批流程。"
        "建议区财政局设立专项补贴资金对每部电梯给予二十万元补贴。"
        "建议各街道建立居民协商议事机制并组织业主协商分摊费用。"
    )
    _r, found = _review(suggestions=plain)
    assert [f[0] for f in found] == ["not_numbered"] and "编号" in found[0][2]
    no_actor = (
        "一是尽快简化加装电梯的审批流程，压缩办理时限。二是设立专项补贴资金，减轻居民负担。" * 2
    )
    _r, found = _review(suggestions=no_actor)
    assert "由哪个部门" in _only(found, "no_actor")[0][2]


def test_a_call_to_pay_attention_without_a_measure(db):
    vague = GOOD["suggestions"] + "四是建议有关方面对此高度重视，引起关注。"
    _r, found = _review(suggestions=vague)
    (rule, field, message, excerpt) = _only(found, "vague")[0]
    assert field == "suggestions" and "高度重视" in excerpt and "具体措施" in message
    # attention together with a measure is a concrete suggestion
    measured = GOOD["suggestions"] + "四是区政府高度重视，将加装电梯纳入年度民生实事项目。"
    assert _review(suggestions=measured)[0].passed


@pytest.mark.parametrize(
    "rule, field, text, word",
    [
        (
            "personal",
            "analysis",
            "我母亲所在小区没有电梯，我家住六楼，老人下楼困难。",
            "个人或家庭",
        ),
        ("product", "suggestions", "四是统一采购某某科技公司的智能电梯。", "特定产品"),
        ("product", "suggestions", "四是推广长安牌智能电梯设备。", "特定产品"),
        ("accusation", "analysis", "该局王局长长期收受开发商好处，包庇违规企业。", "纪检监察"),
        ("litigation", "analysis", "此事业主已起诉至区法院，目前正在审理。", "诉讼或仲裁"),
    ],
)
def test_grounds_for_not_registering_that_the_text_shows(db, rule, field, text, word):
    _r, found = _review(**{field: GOOD[field] + text})
    (code, where, message, excerpt) = _only(found, rule)[0]
    assert where == field and word in message and excerpt
    assert _review()[0].passed  # and the good draft shows none of them


def test_each_finding_says_where_in_chinese(db):
    review, _found = _review(title="关于加装电梯改造与课后托管服务的建议", suggestions="")
    with translation.override("zh-hans"):
        wheres = {(f.rule, str(f.where)) for f in review.findings}
    assert wheres == {("one_matter", "案由"), ("missing", "具体建议")}


@pytest.fixture
def old_session(term, session):
    today = timezone.localdate()
    return SessionFactory(
        term=term,
        number=session.number - 1 if session.number > 1 else 9,
        name="上次会议",
        year=session.year - 1,
        start_date=today - timedelta(days=400),
        end_date=today - timedelta(days=396),
        proposal_window_start=today - timedelta(days=420),
        proposal_window_end=today - timedelta(days=390),
    )


def test_similar_proposals_of_this_and_the_last_session_with_their_replies(
    replied, old_session, member_user, category, term
):
    def submitted_in(session, title):
        p = services.create_draft(
            actor=member_user,
            session=session,
            title=title,
            analysis="a",
            suggestions="s",
            category=category,
        )
        return services.submit(actor=member_user, proposal=p)

    last = submitted_in(old_session, replied.title + "（续）")
    older = SessionFactory(
        term=term,
        number=77,
        name="更早会议",
        year=old_session.year - 3,
        start_date=old_session.start_date - timedelta(days=1200),
        end_date=old_session.start_date - timedelta(days=1190),
        proposal_window_start=old_session.start_date - timedelta(days=1210),
        proposal_window_end=old_session.start_date - timedelta(days=1195),
    )
    submitted_in(older, replied.title)
    found = similar_with_replies(text=replied.title, session=replied.session)
    assert [p.pk for p in found] == [replied.pk, last.pk]  # not the older session's
    assert [r.text for r in found[0].public_replies] == ["正在解决"] and found[
        1
    ].public_replies == []
    # a reply that may not be made public is not shown
    replied.replies.update(is_public=False)
    found = similar_with_replies(text=replied.title, session=replied.session)
    assert found[0].public_replies == []
    assert replied.pk not in [
        p.pk
        for p in similar_with_replies(
            text=replied.title, session=replied.session, exclude_pk=replied.pk
        )
    ]


def test_the_member_sees_findings_while_writing(draft, member_user, client_for):
    client = client_for(member_user)
    data = {
        "proposal": draft.pk,
        "title": "关于加装电梯改造和课后托管服务的建议",
        "analysis": "短",
        "suggestions": "",
    }
    response = client.post(reverse("proposals:prereview"), data)
    page = response.content.decode()
    assert response.status_code == 200 and "data-prereview" in page
    assert 'data-finding="one_matter"' in page and 'data-finding="missing"' in page
    assert "不影响保存和提交" in page  # never blocking
    good = client.post(reverse("proposals:prereview"), {"proposal": draft.pk, **GOOD})
    assert "data-prereview-passed" in good.content.decode()
    # the edit page carries the panel and the button
    edit = client.get(reverse("proposals:edit", args=[draft.pk])).content.decode()
    assert 'id="prereview"' in edit and 'id="prereview-button"' in edit


def test_hostile_input_is_answered_not_a_500(member_user, client_for):
    client = client_for(member_user)
    response = client.post(
        reverse("proposals:prereview"), {"title": "电\x00梯", "analysis": "x" * 30000}
    )
    assert response.status_code == 400 and "text-danger" in response.content.decode()
    assert client.get(reverse("proposals:prereview")).status_code == 405


def test_staff_see_the_same_findings_in_the_queue_and_on_the_page(
    submitted, staff, client_for, member_user
):
    expected = prereview(
        title=submitted.title, analysis=submitted.analysis, suggestions=submitted.suggestions
    )
    client = client_for(staff)
    queue = client.get(reverse("proposals:review")).content.decode()
    assert f'data-prereview-count="{len(expected.findings)}"' in queue
    detail = client.get(reverse("proposals:detail", args=[submitted.pk])).content.decode()
    assert reverse("proposals:prereview_proposal", args=[submitted.pk]) in detail
    fragment = client.get(reverse("proposals:prereview_proposal", args=[submitted.pk]))
    assert fragment.status_code == 200
    assert fragment.content.decode().count("data-finding=") == len(expected.findings)
    # and it stays advice: staff register it whatever the findings say
    assert services.register(actor=staff, proposal=submitted).status == "registered"
