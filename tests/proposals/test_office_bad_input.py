"""Hostile input into every form of the proposal office's work — paper entry, a paper or phone
evaluation, the countersignature and the review of a draft reply, reopening an evaluation,
the consent to a conversion, the leaders' and members' lists: a form error or a refusal,
never a 500, never echoed unescaped, never a state change on rejected input; and a stale
countersignature or review is told "this changed, reload" with what was entered kept."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.models import Countersign, Evaluation, NotRegisteredGround, Proposal, Reply
from tests.badinput import assert_safe, assert_survives_bad_input

from .factories import PNG
from .hostile import DEEP

pytestmark = pytest.mark.django_db
FEW = 8
S = Proposal.Status


def _act(p, action):
    return reverse("proposals:act", args=[p.pk, action])


def _prefixed(action, fields):
    return [f"{action}-{f}" for f in fields]


def _page_safe(client, p):
    response = client.get(reverse("proposals:detail", args=[p.pk]))
    assert response.status_code == 200
    assert_safe(response)


def _one_at_a_time(client, url, valid, names, *, files=None, after=None, values=DEEP):
    """Like hostile.each_field_alone, with a fresh upload on every post."""
    for name in names:
        for value in values:
            data = {**valid, name: value}
            for field, make in (files or {}).items():
                data.setdefault(field, make())
            response = client.post(url, data)
            assert_safe(response)
            if after is not None:
                after(response)


# --- 代录入 ------------------------------------------------------------------------------------


def _scan():
    return SimpleUploadedFile("扫描件.png", PNG)


def test_paper_entry_form(staff, member_user, cosigner_users, category, session, client_for):
    client = client_for(staff)
    url = reverse("proposals:enter")
    fields = [
        "first_proposer",
        "handed_in_on",
        "session",
        "kind",
        "organisation",
        "title",
        "category",
        "analysis",
        "suggestions",
        "suggested_units",
        "cosigners",
    ]
    assert_survives_bad_input(client, url, fields, file_fields=["scan"], max_examples=FEW)
    assert not Proposal.objects.exists()
    valid = {
        "first_proposer": member_user.member.pk,
        "handed_in_on": timezone.localdate().isoformat(),
        "kind": "individual",
        "title": "关于加强社区养老服务的建议",
        "category": category.pk,
        "analysis": "分析",
        "suggestions": "建议",
    }
    entered = []

    def undo(response):
        if response.status_code == 302:
            entered.append(response["Location"])
        Proposal.objects.all().delete()

    _one_at_a_time(client, url, valid, fields, files={"scan": _scan}, after=undo)
    # a member among the co-signers, a future date, no scan: field errors, nothing stored
    for change in (
        {"cosigners": [member_user.member.pk]},
        {"handed_in_on": (timezone.localdate() + timedelta(days=3)).isoformat()},
        {"kind": "sector", "organisation": "教育界"},  # between sessions
    ):
        response = client.post(url, {**valid, "scan": _scan(), **change})
        assert (
            response.status_code == 400 and 'class="invalid-feedback' in response.content.decode()
        )
    response = client.post(url, valid)
    assert response.status_code == 400
    assert not Proposal.objects.exists()
    # and a valid one goes through, escaped wherever it is shown
    response = client.post(url, {**valid, "title": "<script>alert(1)</script>", "scan": _scan()})
    assert response.status_code == 302
    p = Proposal.objects.get()
    assert p.status == S.SUBMITTED and p.entered_by == staff
    _page_safe(client, p)


# --- evaluations given on paper or by phone; a reopened window ------------------------------


def test_record_evaluation_form(replied, staff, member_user, client_for):
    client = client_for(staff)
    url = _act(replied, "record_evaluation")
    fields = [
        "member",
        "channel",
        "received_on",
        "satisfaction",
        "score_before",
        "score_during",
        "score_reply",
        "comment",
    ]
    stays = lambda response: Evaluation.objects.all().delete()  # noqa: E731
    assert_survives_bad_input(
        client, url, _prefixed("record_evaluation", fields), max_examples=FEW, after=stays
    )
    valid = {
        "record_evaluation-member": member_user.member.pk,
        "record_evaluation-channel": "paper",
        "record_evaluation-received_on": timezone.localdate().isoformat(),
        "record_evaluation-satisfaction": "basic",
        "record_evaluation-score_before": "4",
        "record_evaluation-score_during": "4",
        "record_evaluation-score_reply": "3",
    }
    back = lambda response: Proposal.objects.filter(pk=replied.pk).update(status=S.REPLIED)  # noqa: E731

    def reset(response):
        Evaluation.objects.all().delete()
        back(response)

    _one_at_a_time(client, url, valid, _prefixed("record_evaluation", fields), after=reset)
    # 不满意 without a reason, or a sub-score left out: refused next to the field
    for change in (
        {"record_evaluation-satisfaction": "unsatisfied"},
        {"record_evaluation-score_during": ""},
    ):
        response = client.post(url, {**valid, **change})
        assert response.status_code == 400
        assert 'class="invalid-feedback' in response.content.decode()
    assert (
        not Evaluation.objects.exists() and Proposal.objects.get(pk=replied.pk).status == S.REPLIED
    )
    _page_safe(client, replied)


def test_reopen_form(replied, staff, client_for):
    Proposal.objects.filter(pk=replied.pk).update(
        evaluation_due_on=timezone.localdate() - timedelta(days=1)
    )
    services.close_not_evaluated(proposal=replied)
    client = client_for(staff)
    url = _act(replied, "reopen_evaluation")
    reopened = []

    def close_again(response):  # a hostile reason is still a reason: it reopens
        if Proposal.objects.filter(pk=replied.pk, status=S.REPLIED).exists():
            reopened.append(response.status_code)
            Proposal.objects.filter(pk=replied.pk).update(status=S.CLOSED, not_evaluated=True)

    assert_survives_bad_input(
        client, url, ["reopen_evaluation-reason"], max_examples=FEW, after=close_again
    )
    assert reopened and set(reopened) == {302}
    for blank in ("", "   ", "\x00"):
        response = client.post(url, {"reopen_evaluation-reason": blank})
        assert response.status_code == 400
    assert Proposal.objects.get(pk=replied.pk).status == S.CLOSED
    _page_safe(client, replied)


def test_consent_form(submitted, staff, member_user, client_for):
    ground = NotRegisteredGround.objects.get_or_create(text="属于个人事务")[0]
    p = services.not_register(actor=staff, proposal=submitted, ground=ground)
    client = client_for(member_user)
    url = _act(p, "consent")
    assert_survives_bad_input(client, url, ["consent-target"], max_examples=FEW)
    p = Proposal.objects.get(pk=p.pk)
    assert p.conversion_target in ("", "report", "letter")
    _page_safe(client, p)


# --- the reply's sign-off --------------------------------------------------------------------


def _draft(p):
    return Reply.objects.get(proposal=p, unit__name="区教育局")


def test_countersign_form(drafted, liaison2, client_for):
    client = client_for(liaison2)
    co = drafted.assignments.get(role="co")
    url = _act(drafted, "countersign")
    fields = _prefixed("countersign", ["assignment", "draft", "decision", "view"])
    assert_survives_bad_input(
        client,
        url,
        fields,
        max_examples=FEW,
        after=lambda response: Countersign.objects.all().delete(),
    )
    draft = _draft(drafted)
    valid = {
        "countersign-assignment": co.pk,
        "countersign-draft": f"{draft.pk}:{draft.version}",
        "countersign-decision": "view",
        "countersign-view": "建议补充资金来源",
    }

    def reset(response):
        Countersign.objects.all().delete()
        Reply.objects.filter(pk=draft.pk).update(status=Reply.Status.COUNTERSIGNING)

    _one_at_a_time(client, url, valid, fields, after=reset)
    response = client.post(url, {**valid, "countersign-view": ""})
    assert response.status_code == 400 and not Countersign.objects.exists()
    _page_safe(client, drafted)


def test_review_form(drafted, liaison2, staff, client_for):
    draft = _draft(drafted)
    services.countersign_reply(
        actor=liaison2,
        assignment=drafted.assignments.get(role="co"),
        reply=draft,
        version=draft.version,
        decision="agree",
    )
    draft = _draft(drafted)
    client = client_for(staff)
    url = _act(drafted, "review_reply")
    fields = _prefixed("review_reply", ["draft", "decision", "result", "reason", "comment"])

    def reset(response):
        Reply.objects.filter(pk=draft.pk).update(
            status=Reply.Status.REVIEWING, result="B", proposed_result="", released_at=None
        )
        Proposal.objects.filter(pk=drafted.pk).update(status=S.HANDLING)

    assert_survives_bad_input(client, url, fields, max_examples=FEW, after=reset)
    valid = {
        "review_reply-draft": f"{draft.pk}:{draft.version}",
        "review_reply-decision": "send_back",
        "review_reply-result": "B",
        "review_reply-comment": "请写明时限",
    }
    _one_at_a_time(client, url, valid, fields, after=reset)
    for change in (
        {"review_reply-comment": ""},  # sending back says why
        {
            "review_reply-decision": "release",
            "review_reply-result": "A",
        },  # a change needs its reason
    ):
        response = client.post(url, {**valid, **change})
        assert response.status_code == 400
        assert _draft(drafted).status == Reply.Status.REVIEWING
    _page_safe(client, drafted)


def test_a_stale_countersignature_is_told_to_reload_and_keeps_what_was_written(
    drafted, liaison, liaison2, staff, client_for
):
    page_version = _draft(drafted).version
    # meanwhile the draft is sent back and revised
    draft = _draft(drafted)
    co = drafted.assignments.get(role="co")
    services.countersign_reply(
        actor=liaison2, assignment=co, reply=draft, version=draft.version, decision="agree"
    )
    draft = _draft(drafted)
    services.review_reply(
        actor=staff, reply=draft, version=draft.version, decision="send_back", comment="补充"
    )
    services.draft_reply(
        actor=liaison,
        assignment=drafted.assignments.get(role="lead"),
        result="B",
        text="已补充",
        signer="王局长",
    )
    response = client_for(liaison2).post(
        _act(drafted, "countersign"),
        {
            "countersign-assignment": co.pk,
            "countersign-draft": f"{draft.pk}:{page_version}",
            "countersign-decision": "view",
            "countersign-view": "我单位意见：资金由区财政统筹",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "刷新" in body or "reload" in body
    assert "我单位意见：资金由区财政统筹" in body  # nothing lost
    assert Countersign.objects.filter(revision=2).count() == 0


def test_a_stale_review_is_told_to_reload_and_keeps_what_was_written(
    drafted, liaison, liaison2, staff, make_user, client_for
):
    co = drafted.assignments.get(role="co")

    def countersign():
        draft = _draft(drafted)
        services.countersign_reply(
            actor=liaison2, assignment=co, reply=draft, version=draft.version, decision="agree"
        )
        return _draft(drafted)

    draft = countersign()
    seen = f"{draft.pk}:{draft.version}"  # this reviewer's page
    # another reviewer sends it back, the lead revises, the co-unit countersigns again
    services.review_reply(
        actor=make_user("proposal_staff"),
        reply=draft,
        version=draft.version,
        decision="send_back",
        comment="先退回",
    )
    services.draft_reply(
        actor=liaison,
        assignment=drafted.assignments.get(role="lead"),
        result="B",
        text="修改稿",
        signer="王局长",
    )
    countersign()
    response = client_for(staff).post(
        _act(drafted, "review_reply"),
        {
            "review_reply-draft": seen,
            "review_reply-decision": "release",
            "review_reply-result": "A",
            "review_reply-reason": "经核实已于上月解决",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "刷新" in body or "reload" in body
    assert "经核实已于上月解决" in body
    assert _draft(drafted).status == Reply.Status.REVIEWING
    assert Proposal.objects.get(pk=drafted.pk).status == S.HANDLING


# --- lists ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dissatisfied", "excellent"])
def test_list_filters(name, replied, leader, member_user, client_for):
    user = leader if name == "dissatisfied" else member_user
    assert_survives_bad_input(
        client_for(user),
        reverse(f"proposals:{name}"),
        ["session", "page"],
        method="get",
        max_examples=FEW,
    )
