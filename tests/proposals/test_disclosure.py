"""Public disclosure's rules (docs/DISCLOSURE.md): the proposer agrees until registration,
proposal staff approve or refuse with a reason, a unit objects to publishing its reply and
staff decide — each refused in the wrong state and for the wrong role, each on the timeline."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from proposals import services
from proposals.actions import ACTIONS
from proposals.models import Proposal, Reply

from .factories import release_reply, talk

pytestmark = pytest.mark.django_db


def _fresh(p):
    return Proposal.objects.get(pk=p.pk)


def _actions(p):
    return {e.action for e in p.events.all()}


def _agree(member_user, p, agree=True):
    return services.set_disclosure_consent(actor=member_user, proposal=p, agree=agree)


# --- the proposer's agreement -----------------------------------------------------------------


def test_submitting_asks_and_records_the_agreement(draft, member_user):
    p = services.submit(actor=member_user, proposal=draft, disclose=True)
    p = _fresh(p)
    assert p.is_public and p.status == Proposal.Status.SUBMITTED
    assert "disclosure_agreed" in _actions(p)


def test_submitting_without_an_answer_keeps_the_agreement(draft, member_user):
    _agree(member_user, draft)
    p = services.submit(actor=member_user, proposal=_fresh(draft))
    assert _fresh(p).is_public


def test_the_agreement_changes_until_registration(submitted, member_user, staff):
    _agree(member_user, submitted)
    p = _agree(member_user, _fresh(submitted), agree=False)
    assert not _fresh(p).is_public
    assert {"disclosure_agreed", "disclosure_declined"} <= _actions(p)
    _agree(member_user, _fresh(p))
    registered = services.register(actor=staff, proposal=_fresh(p))
    with pytest.raises(ValidationError, match="立案前"):
        _agree(member_user, _fresh(registered), agree=False)
    assert _fresh(registered).is_public


def test_only_the_first_proposer_agrees(submitted, staff, cosigner_users):
    for someone in (staff, cosigner_users[0]):
        with pytest.raises(PermissionDenied):
            _agree(someone, _fresh(submitted))
    assert not _fresh(submitted).is_public


# --- staff's review ---------------------------------------------------------------------------


@pytest.fixture
def agreed(submitted, member_user, staff):
    _agree(member_user, submitted)
    return services.register(actor=staff, proposal=_fresh(submitted))


def test_staff_approve_a_registered_agreed_proposal(agreed, staff):
    p = services.review_disclosure(actor=staff, proposal=_fresh(agreed), decision="approve")
    p = _fresh(p)
    assert p.disclosure == "approved" and p.disclosed_at and p.is_disclosed
    assert "disclosure_approved" in _actions(p)


def test_a_refusal_needs_its_reason_and_is_told_to_the_proposer(agreed, staff, member_user):
    with pytest.raises(ValidationError) as err:
        services.review_disclosure(actor=staff, proposal=_fresh(agreed), decision="refuse")
    assert "reason" in err.value.message_dict
    p = services.review_disclosure(
        actor=staff, proposal=_fresh(agreed), decision="refuse", reason="涉及个人隐私"
    )
    p = _fresh(p)
    assert p.disclosure == "refused" and not p.is_disclosed
    event = p.events.get(action="disclosure_refused")
    assert event.comment == "涉及个人隐私"
    assert member_user.notifications.filter(kind="proposal.disclosure_refused").exists()


def test_review_refused_in_the_wrong_state(submitted, member_user, staff):
    _agree(member_user, submitted)
    with pytest.raises(ValidationError, match="已立案"):
        services.review_disclosure(actor=staff, proposal=_fresh(submitted), decision="approve")
    assert _fresh(submitted).disclosure == ""


def test_review_refused_without_the_proposers_agreement(registered, staff):
    with pytest.raises(ValidationError, match="未同意公开"):
        services.review_disclosure(actor=staff, proposal=_fresh(registered), decision="approve")


@pytest.mark.parametrize("who", ["member_user", "liaison", "leader"])
def test_review_refused_for_other_roles(agreed, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.review_disclosure(actor=user, proposal=_fresh(agreed), decision="approve")
    assert _fresh(agreed).disclosure == ""


def test_the_action_table_offers_each_step_to_its_role(agreed, staff, member_user, liaison):
    p = _fresh(agreed)
    assert "review_disclosure" in ACTIONS.available(staff, p)
    assert "review_disclosure" not in ACTIONS.available(member_user, p)
    assert "disclosure_consent" not in ACTIONS.available(member_user, p)  # registered


# --- the unit's objection and staff's decision ------------------------------------------------


@pytest.fixture
def public_replied(agreed, staff, unit, liaison):
    services.review_disclosure(actor=staff, proposal=_fresh(agreed), decision="approve")
    p = services.assign(actor=staff, proposal=_fresh(agreed), lead=unit)
    lead = p.assignments.get(role="lead")
    services.sign_for(actor=liaison, assignment=lead)
    talk(liaison, lead)
    release_reply(liaison=liaison, assignment=lead, staff=staff, text="已列入明年计划")
    return _fresh(p)


def _reply(p):
    return Reply.objects.get(proposal=p)


def test_a_released_reply_of_a_disclosed_proposal_is_disclosed(public_replied):
    assert _reply(public_replied).is_disclosed


def test_the_unit_objects_and_staff_uphold(public_replied, liaison, staff):
    r = _reply(public_replied)
    with pytest.raises(ValidationError):
        services.object_to_reply_disclosure(actor=liaison, reply=r, version=r.version, reason="")
    r = services.object_to_reply_disclosure(
        actor=liaison, reply=r, version=r.version, reason="涉及在办案件"
    )
    r = _reply(public_replied)
    assert r.objection_pending and not r.is_disclosed
    assert "disclosure_objection" in _actions(public_replied)
    assert staff.notifications.filter(kind="proposal.disclosure_objection").exists()
    services.decide_reply_disclosure(
        actor=staff, reply=r, version=r.version, decision="withhold", reason="同意单位意见"
    )
    r = _reply(public_replied)
    assert r.disclosure == "refused" and not r.is_disclosed and not r.objection_pending
    assert "disclosure_reply_withheld" in _actions(public_replied)


def test_staff_may_overrule_the_objection(public_replied, liaison, staff):
    r = _reply(public_replied)
    services.object_to_reply_disclosure(actor=liaison, reply=r, version=r.version, reason="不宜")
    r = _reply(public_replied)
    services.decide_reply_disclosure(
        actor=staff, reply=r, version=r.version, decision="publish", reason="内容可公开"
    )
    assert _reply(public_replied).is_disclosed


def test_objection_refused_for_other_units_and_roles(public_replied, liaison2, staff, member_user):
    r = _reply(public_replied)
    for someone in (liaison2, staff, member_user):
        with pytest.raises(PermissionDenied):
            services.object_to_reply_disclosure(
                actor=someone, reply=r, version=r.version, reason="不宜"
            )
    assert _reply(public_replied).is_public


def test_objection_refused_once_decided(public_replied, liaison, staff):
    r = _reply(public_replied)
    services.object_to_reply_disclosure(actor=liaison, reply=r, version=r.version, reason="不宜")
    r = _reply(public_replied)
    services.decide_reply_disclosure(
        actor=staff, reply=r, version=r.version, decision="publish", reason="可公开"
    )
    r = _reply(public_replied)
    with pytest.raises(PermissionDenied):
        services.object_to_reply_disclosure(
            actor=liaison, reply=r, version=r.version, reason="再议"
        )
    with pytest.raises(ValidationError, match="没有待处理"):
        services.decide_reply_disclosure(
            actor=staff, reply=r, version=r.version, decision="withhold", reason="x"
        )


def test_deciding_an_objection_is_for_staff_only(public_replied, liaison, leader):
    r = _reply(public_replied)
    services.object_to_reply_disclosure(actor=liaison, reply=r, version=r.version, reason="不宜")
    r = _reply(public_replied)
    for someone in (liaison, leader):
        with pytest.raises(PermissionDenied):
            services.decide_reply_disclosure(
                actor=someone, reply=r, version=r.version, decision="publish", reason="x"
            )
    assert _reply(public_replied).objection_pending


def test_an_unticked_reply_is_an_objection_for_staff(agreed, staff, unit, liaison):
    p = services.assign(actor=staff, proposal=_fresh(agreed), lead=unit)
    lead = p.assignments.get(role="lead")
    services.sign_for(actor=liaison, assignment=lead)
    talk(liaison, lead)
    from .factories import signed_document

    r = services.draft_reply(
        actor=liaison,
        assignment=lead,
        result="C",
        text="留作参考",
        signer="王局长",
        document=signed_document(),
        is_public=False,
        objection="涉及内部规划",
    )
    r = Reply.objects.get(pk=r.pk)
    assert r.objection_pending and r.disclosure_objection == "涉及内部规划"
    assert "decide_objection" in ACTIONS.available(staff, _fresh(p))
