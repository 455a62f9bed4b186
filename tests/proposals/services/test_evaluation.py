"""评: the proposers' evaluation, closing, the units' quality rating."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from proposals import services
from proposals.models import (
    Evaluation,
    Proposal,
    ProposalEvent,
    ProposalSettings,
)

from ..factories import fresh, release_reply, signed_document, talk

pytestmark = pytest.mark.django_db
S = Proposal.Status


def test_unsatisfied_at_cap_closes(replied, member_user):
    ProposalSettings.objects.update(rehandling_cap=0)
    services.evaluate(
        actor=member_user,
        proposal=replied,
        satisfaction="unsatisfied",
        score_before=1,
        score_during=1,
        score_reply=1,
        comment="答复未回应建议",
    )
    assert fresh(replied).status == S.CLOSED


def test_evaluation_only_by_proposers_once(replied, member_user, cosigner_users, liaison):
    with pytest.raises(PermissionDenied):
        services.evaluate(
            actor=cosigner_users[0],
            proposal=replied,
            satisfaction="satisfied",
            score_before=5,
            score_during=5,
            score_reply=5,
        )
    with pytest.raises(ValidationError):
        services.evaluate(
            actor=member_user,
            proposal=replied,
            satisfaction="satisfied",
            score_before=9,
            score_during=5,
            score_reply=5,
        )
    assert fresh(replied).status == S.REPLIED


def test_close_not_evaluated(replied):
    assert not services.close_not_evaluated(proposal=replied)
    Proposal.objects.filter(pk=replied.pk).update(
        evaluation_due_on=timezone.localdate() - timedelta(days=1)
    )
    from proposals.tasks import close_unevaluated_proposals

    assert close_unevaluated_proposals() == 1
    p = fresh(replied)
    assert p.status == S.CLOSED and p.not_evaluated


def test_quality_rating_once(replied, liaison):
    lead = replied.assignments.get(role="lead")
    services.rate_quality(actor=liaison, assignment=lead, topic=4, analysis=4, feasibility=3)
    with pytest.raises(ValidationError):
        services.rate_quality(actor=liaison, assignment=lead, topic=4, analysis=4, feasibility=3)


# --- explicit sub-scores, 不满意 with its reason, paper and phone evaluations ---------------

GIVEN = {"score_before": 2, "score_during": 3, "score_reply": 1}


def test_unsatisfied_needs_its_reason_and_every_sub_score(replied, member_user):
    with pytest.raises(ValidationError) as exc:
        services.evaluate(
            actor=member_user, proposal=replied, satisfaction="unsatisfied", comment=" ", **GIVEN
        )
    assert "comment" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # never a silent 5/5/5
        services.evaluate(
            actor=member_user,
            proposal=replied,
            satisfaction="satisfied",
            score_before=None,
            score_during=5,
            score_reply=None,
        )
    assert {"score_before", "score_reply"} <= set(exc.value.message_dict)
    assert not Evaluation.objects.exists() and fresh(replied).status == S.REPLIED


def test_the_evaluation_form_refuses_missing_sub_scores_and_a_silent_unsatisfied():
    from proposals.forms import EvaluateForm

    form = EvaluateForm({"evaluate-satisfaction": "satisfied"}, prefix="evaluate")
    assert not form.is_valid()
    assert {"score_before", "score_during", "score_reply"} <= set(form.errors)
    form = EvaluateForm(
        {
            "evaluate-satisfaction": "unsatisfied",
            "evaluate-score_before": "1",
            "evaluate-score_during": "1",
            "evaluate-score_reply": "1",
        },
        prefix="evaluate",
    )
    assert not form.is_valid() and "comment" in form.errors


def test_staff_record_a_paper_unsatisfied_with_its_reason(replied, staff, member_user):
    ev = services.record_evaluation(
        actor=staff,
        proposal=replied,
        member=member_user.member,
        channel="paper",
        received_on=timezone.localdate(),
        satisfaction="unsatisfied",
        comment="建设计划没有时间表。",
        **GIVEN,
    )
    assert (ev.channel, ev.recorded_by, ev.received_on) == ("paper", staff, timezone.localdate())
    assert (ev.score_before, ev.score_during, ev.score_reply) == (2, 3, 1)
    p = fresh(replied)
    assert p.status == S.REHANDLING  # it is the first proposer's own evaluation: it decides
    recorded = ProposalEvent.objects.get(proposal=p, action="evaluation_recorded")
    assert recorded.actor == staff and member_user.member.name in recorded.comment
    assert ProposalEvent.objects.get(proposal=p, action="rehandle").actor == staff


def test_paper_evaluation_refusals(replied, staff, member_user, make_member_user, liaison):
    base = {
        "proposal": replied,
        "member": member_user.member,
        "channel": "phone",
        "received_on": timezone.localdate(),
        "satisfaction": "basic",
        **GIVEN,
    }
    with pytest.raises(PermissionDenied):
        services.record_evaluation(actor=liaison, **base)
    stranger = make_member_user("旁人").member
    day = timezone.localdate()
    for change, field in (
        ({"member": stranger}, "member"),
        ({"member": None}, "member"),
        ({"channel": "online"}, "channel"),
        ({"received_on": day + timedelta(days=1)}, "received_on"),
        ({"received_on": day - timedelta(days=1)}, "received_on"),  # before the release
        ({"received_on": None}, "received_on"),
        ({"satisfaction": "unsatisfied", "comment": ""}, "comment"),
        ({"score_during": 0}, "score_during"),
        ({"score_reply": 6}, "score_reply"),
        ({"satisfaction": "happy"}, "satisfaction"),
    ):
        with pytest.raises(ValidationError) as exc:
            services.record_evaluation(actor=staff, **{**base, **change})
        assert field in exc.value.message_dict, change
    assert not Evaluation.objects.exists()
    services.record_evaluation(actor=staff, **base)
    with pytest.raises(ValidationError):  # once per round, however it was received
        services.evaluate(actor=member_user, proposal=fresh(replied), satisfaction="basic", **GIVEN)


# --- the evaluation window -----------------------------------------------------------------


def _window_passed(p):
    Proposal.objects.filter(pk=p.pk).update(
        evaluation_due_on=timezone.localdate() - timedelta(days=1)
    )
    return fresh(p)


def test_late_evaluation_refused_then_closed_not_evaluated_then_reopened(
    replied, member_user, staff
):
    p = _window_passed(replied)
    with pytest.raises(ValidationError) as exc:
        services.evaluate(actor=member_user, proposal=p, satisfaction="satisfied", **GIVEN)
    assert p.evaluation_due_on.isoformat() in exc.value.messages[0]
    with pytest.raises(ValidationError):  # nor recorded from paper as given today
        services.record_evaluation(
            actor=staff,
            proposal=p,
            member=member_user.member,
            channel="paper",
            received_on=timezone.localdate(),
            satisfaction="satisfied",
            **GIVEN,
        )
    assert services.close_not_evaluated(proposal=p)
    p = fresh(p)
    assert p.status == S.CLOSED and p.not_evaluated
    with pytest.raises(PermissionDenied):
        services.reopen_evaluation(actor=member_user, proposal=p, reason="出差")
    with pytest.raises(ValidationError) as exc:
        services.reopen_evaluation(actor=staff, proposal=p, reason="  ")
    assert "reason" in exc.value.message_dict
    p = services.reopen_evaluation(actor=staff, proposal=p, reason="提案人出国考察，延后评价。")
    p = fresh(p)
    assert (
        p.status == S.REPLIED and not p.not_evaluated and p.evaluation_due_on > timezone.localdate()
    )
    assert ProposalEvent.objects.filter(proposal=p, action="reopen_evaluation").exists()
    assert p.assignments.filter(state="active").exists()
    services.evaluate(
        actor=member_user,
        proposal=p,
        satisfaction="unsatisfied",
        comment="仍未解决",
        **GIVEN,
    )
    assert fresh(p).status == S.REHANDLING


def test_reopen_only_what_closed_without_evaluation(replied, member_user, staff):
    with pytest.raises(ValidationError):
        services.reopen_evaluation(actor=staff, proposal=replied, reason="x")
    services.evaluate(actor=member_user, proposal=replied, satisfaction="satisfied", **GIVEN)
    with pytest.raises(ValidationError):
        services.reopen_evaluation(actor=staff, proposal=fresh(replied), reason="x")
    assert fresh(replied).status == S.CLOSED


def test_rehandling_reply_needs_a_new_consultation(replied, member_user, liaison, liaison2, staff):
    services.evaluate(
        actor=member_user, proposal=replied, satisfaction="unsatisfied", comment="未解决", **GIVEN
    )
    lead = replied.assignments.get(role="lead")
    with pytest.raises(ValidationError) as exc:
        services.draft_reply(
            actor=liaison,
            assignment=lead,
            result="A",
            text="已解决",
            signer="王局长",
            document=signed_document(),
        )
    assert "again" in exc.value.messages[0] or "再次" in exc.value.messages[0]
    talk(liaison, lead, "重新办理前再次上门沟通")
    release_reply(
        liaison=liaison,
        assignment=lead,
        staff=staff,
        result="A",
        co=[(liaison2, replied.assignments.get(role="co"))],
    )
    assert fresh(replied).status == S.REPLIED
