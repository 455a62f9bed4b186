"""办, the reply's sign-off before release: the lead drafts, the co-units countersign (会签),
staff review (督办审核: change the category with a reason, or send back); each step its
deadline and reminder; a stale countersignature or review is refused and writes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cppcc_portal.notifications import reminders
from cppcc_portal.notifications.models import Deadline, Notification
from proposals import selectors, services
from proposals.models import Countersign, Proposal, ProposalEvent, ProposalSettings, Reply

from ..factories import fresh, talk

pytestmark = pytest.mark.django_db
S = Proposal.Status
R = Reply.Status


def _draft(p):
    return Reply.objects.get(proposal=p, round=p.rehandling_rounds + 1, unit__name="区教育局")


def _co(p):
    return p.assignments.get(role="co")


def _countersign(user, p, **kw):
    draft = _draft(p)
    kw.setdefault("decision", "agree")
    return services.countersign_reply(
        actor=user, assignment=_co(p), reply=draft, version=draft.version, **kw
    )


def _review(staff, p, **kw):
    draft = _draft(p)
    kw.setdefault("result", draft.result)
    return services.review_reply(actor=staff, reply=draft, version=draft.version, **kw)


def test_lead_drafts_co_unit_countersigns_staff_change_the_category_and_release(
    drafted, liaison2, staff, member_user, unit, co_unit
):
    p = drafted
    draft = _draft(p)
    assert draft.status == R.COUNTERSIGNING and fresh(p).status == S.HANDLING
    # the lead's reply deadline is met by the draft; the co-unit's countersignature is due
    assert Deadline.objects.get(duty="proposal.lead_reply").state == "met"
    countersign = Deadline.objects.get(duty="proposal.countersign", state="open")
    assert countersign.parties == [f"unit:{co_unit.pk}"]
    # the proposer sees no draft
    assert not selectors.proposal_detail(member_user, p.pk).replies.all()

    _countersign(liaison2, p, decision="view", view="建议补充资金来源。")
    cs = Countersign.objects.get()
    assert (cs.unit, cs.decision, cs.view, cs.revision) == (
        co_unit,
        "view",
        "建议补充资金来源。",
        1,
    )
    draft = _draft(p)
    assert draft.status == R.REVIEWING
    assert Deadline.objects.get(duty="proposal.countersign").state == "met"
    assert Deadline.objects.get(duty="proposal.reply_review", state="open").parties == [
        "role:proposal_staff"
    ]

    with pytest.raises(ValidationError) as exc:  # a changed category needs its reason
        _review(staff, p, decision="release", result="A")
    assert "reason" in exc.value.message_dict
    assert _draft(p).status == R.REVIEWING

    _review(staff, p, decision="release", result="A", reason="经核实已基本解决。")
    draft = _draft(p)
    assert (draft.status, draft.result, draft.proposed_result) == (R.RELEASED, "A", "B")
    assert draft.result_change_reason == "经核实已基本解决。" and draft.released_at
    p = fresh(p)
    assert p.status == S.REPLIED and p.evaluation_due_on
    assert Deadline.objects.get(duty="proposal.reply_review").state == "met"
    assert Deadline.objects.get(duty="proposal.evaluation", state="open")
    actions = list(ProposalEvent.objects.filter(proposal=p).values_list("action", flat=True))
    for step in ("reply_drafted", "countersign", "reply_to_review", "result_changed"):
        assert step in actions
    assert actions[-2:] == ["reply_released", "reply"]
    # only now does it reach the proposer
    assert selectors.proposal_detail(member_user, p.pk).replies.get().result == "A"
    assert Notification.objects.filter(recipient=member_user, kind="proposal.replied").exists()


def test_sent_back_draft_returns_to_the_lead_with_the_comment(
    drafted, liaison, liaison2, staff, unit
):
    p = drafted
    _countersign(liaison2, p)
    with pytest.raises(ValidationError) as exc:
        _review(staff, p, decision="send_back")
    assert "comment" in exc.value.message_dict
    _review(staff, p, decision="send_back", comment="请写明完成时限。")
    draft = _draft(p)
    assert draft.status == R.RETURNED and draft.review_comment == "请写明完成时限。"
    revision = Deadline.objects.get(duty="proposal.reply_revision", state="open")
    assert revision.parties == [f"unit:{unit.pk}"]
    assert Notification.objects.filter(recipient=liaison, kind="proposal.reply_sent_back").exists()
    assert fresh(p).status == S.HANDLING

    # the lead revises (the signed document is kept) and the co-unit countersigns again
    lead = p.assignments.get(role="lead")
    services.draft_reply(
        actor=liaison, assignment=lead, result="B", text="明年6月前完成。", signer="王局长"
    )
    draft = _draft(p)
    assert (draft.status, draft.revision, draft.text) == (R.COUNTERSIGNING, 2, "明年6月前完成。")
    assert draft.document
    assert Deadline.objects.get(duty="proposal.reply_revision").state == "met"
    _countersign(liaison2, p)
    assert Countersign.objects.filter(revision=2).count() == 1
    _review(staff, p, decision="release")
    assert fresh(p).status == S.REPLIED


def test_countersign_refusals(drafted, liaison, liaison2, staff):
    p = drafted
    draft = _draft(p)
    with pytest.raises(PermissionDenied):  # the lead unit's liaison is not the co-unit's
        services.countersign_reply(
            actor=liaison, assignment=_co(p), reply=draft, version=draft.version, decision="agree"
        )
    with pytest.raises(ValidationError) as exc:
        _countersign(liaison2, p, decision="view", view="  ")
    assert "view" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _countersign(liaison2, p, decision="agree", view="一个意见")
    assert "view" in exc.value.message_dict
    with pytest.raises(ValidationError):
        _countersign(liaison2, p, decision="maybe")
    with pytest.raises(ValidationError):  # no review before every countersignature
        services.review_reply(
            actor=staff, reply=draft, version=draft.version, decision="release", result="B"
        )
    assert not Countersign.objects.exists() and _draft(p).status == R.COUNTERSIGNING


def test_stale_countersignature_and_review_refused_and_nothing_written(
    drafted, liaison, liaison2, staff
):
    p = drafted
    seen = _draft(p)  # the co-unit's page is built on revision 1
    _countersign(liaison2, p)
    _review(staff, p, decision="send_back", comment="补充依据")
    lead = p.assignments.get(role="lead")
    services.draft_reply(actor=liaison, assignment=lead, result="C", text="条件所限", signer="王")
    with pytest.raises(ValidationError) as exc:
        services.countersign_reply(
            actor=liaison2, assignment=_co(p), reply=seen, version=seen.version, decision="agree"
        )
    assert exc.value.code == "stale"
    assert Countersign.objects.filter(revision=2).count() == 0
    _countersign(liaison2, p)
    old = _draft(p)
    _review(staff, p, decision="send_back", comment="再补充")
    with pytest.raises(ValidationError) as exc:  # a second reviewer on the older page
        services.review_reply(
            actor=staff, reply=old, version=old.version, decision="release", result="C"
        )
    assert exc.value.code == "stale"
    assert _draft(p).status == R.RETURNED and fresh(p).status == S.HANDLING


def test_review_only_by_staff(drafted, liaison, liaison2, member_user, leader):
    p = drafted
    _countersign(liaison2, p)
    draft = _draft(p)
    for user in (member_user, leader, liaison):
        with pytest.raises(PermissionDenied):
            services.review_reply(
                actor=user, reply=draft, version=draft.version, decision="release", result="B"
            )
    assert _draft(p).status == R.REVIEWING


def test_signed_document_required_by_default(handling, liaison):
    lead = handling.assignments.get(role="lead")
    talk(liaison, lead)
    kwargs = {"actor": liaison, "assignment": lead, "result": "A", "text": "t", "signer": "s"}
    with pytest.raises(ValidationError) as exc:
        services.draft_reply(**kwargs)
    assert "document" in exc.value.message_dict
    assert not Reply.objects.exists()
    ProposalSettings.objects.update(reply_document_required=False)
    assert services.draft_reply(**kwargs).status == R.COUNTERSIGNING


def test_each_step_reminds_whoever_holds_it(drafted, liaison2, staff, co_unit):
    p = drafted
    countersign = Deadline.objects.get(duty="proposal.countersign")
    reminders.scan(today=countersign.due_on - timedelta(days=1))
    assert Notification.objects.filter(recipient=liaison2, kind="deadline.reminder").exists()
    _countersign(liaison2, p)
    review = Deadline.objects.get(duty="proposal.reply_review")
    reminders.scan(today=review.due_on)
    assert Notification.objects.filter(
        recipient=staff, kind="deadline.reminder", title__contains=p.number_display
    ).exists()


def test_released_co_unit_no_longer_holds_up_the_draft(drafted, liaison2, staff):
    p = drafted
    co = _co(p)
    req = services.request_return(actor=liaison2, assignment=co, reason="不属于本单位职责")
    assert _draft(p).status == R.COUNTERSIGNING
    services.decide_return(actor=staff, request=req, approve=True)
    assert _draft(p).status == R.REVIEWING
    assert Deadline.objects.get(duty="proposal.countersign").state == "cancelled"
