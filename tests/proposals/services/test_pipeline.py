"""The whole pipeline 提→立→办→督→评 and the state table's refusals."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cppcc_portal.notifications.models import Deadline
from members.models import DutyKind, DutyRecord
from proposals import services, workflow
from proposals.models import (
    Proposal,
    ProposalEvent,
)

from ..factories import fresh, release_reply, talk

pytestmark = pytest.mark.django_db
S = Proposal.Status


def test_full_pipeline_with_rehandling(
    draft, member_user, cosigner_users, staff, unit, co_unit, liaison, liaison2
):
    c1 = services.invite_cosigner(
        actor=member_user, proposal=draft, member=cosigner_users[0].member
    )
    c2 = services.invite_cosigner(
        actor=member_user, proposal=draft, member=cosigner_users[1].member
    )
    assert fresh(draft).kind == Proposal.Kind.JOINT
    assert Deadline.objects.filter(duty="proposal.cosigner_confirm").count() == 2
    services.respond_cosign(actor=cosigner_users[0], cosigner=c1, accept=True)
    services.respond_cosign(actor=cosigner_users[1], cosigner=c2, accept=True)
    p = services.submit(actor=member_user, proposal=draft)
    assert p.status == S.SUBMITTED
    p = services.register(actor=staff, proposal=p)
    assert p.number == 1 and p.number_display.endswith("第0001号")
    assert DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_FIRST).count() == 1
    assert DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_COSIGNER).count() == 2
    p = services.assign(actor=staff, proposal=p, lead=unit, co_units=[co_unit])
    assert p.status == S.ASSIGNED and p.reply_due_on
    lead = p.assignments.get(role="lead")
    co = p.assignments.get(role="co")
    services.sign_for(actor=liaison, assignment=lead)
    assert fresh(p).status == S.HANDLING
    services.send_views(actor=liaison2, assignment=co, views="同意主办意见")
    services.record_communication(
        actor=liaison,
        assignment=lead,
        method="visit",
        occurred_on=timezone.localdate(),
        summary="走访",
    )
    release_reply(
        liaison=liaison,
        assignment=lead,
        staff=staff,
        result="B",
        text="列入计划",
        co=[(liaison2, co)],
    )
    p = fresh(p)
    assert p.status == S.REPLIED and p.evaluation_due_on
    services.evaluate(
        actor=member_user,
        proposal=p,
        satisfaction="unsatisfied",
        score_before=2,
        score_during=2,
        score_reply=1,
        comment="未解决",
    )
    p = fresh(p)
    assert p.status == S.REHANDLING and p.rehandling_rounds == 1
    assert Deadline.objects.filter(duty="proposal.rehandling_reply", state="open").count() == 1
    talk(liaison, lead, "再次沟通")  # the rehandling reply needs a new consultation
    release_reply(
        liaison=liaison,
        assignment=lead,
        staff=staff,
        result="A",
        text="已解决",
        co=[(liaison2, co)],
    )
    p = fresh(p)
    assert p.status == S.REPLIED
    services.evaluate(
        actor=member_user,
        proposal=p,
        satisfaction="satisfied",
        score_before=5,
        score_during=5,
        score_reply=5,
    )
    p = fresh(p)
    assert p.status == S.CLOSED and p.closed_at
    moves = list(
        ProposalEvent.objects.filter(proposal=p)
        .exclude(to_state="")
        .values_list("to_state", flat=True)
    )
    assert moves == [
        "draft",
        "submitted",
        "registered",
        "assigned",
        "handling",
        "replied",
        "rehandling",
        "replied",
        "closed",
    ]
    assert not Deadline.objects.filter(state__in=["open", "overdue"]).exists()


def test_illegal_move_refused_clearly(draft, staff):
    with pytest.raises(ValidationError) as exc:
        services.register(actor=staff, proposal=draft)
    assert "草稿" in str(exc.value) or "Draft" in str(exc.value)
    assert fresh(draft).status == S.DRAFT


def test_every_transition_source_is_declared():
    for name, t in workflow.TRANSITIONS.items():
        assert t.target in workflow.STATE_META, name
        assert t.sources <= set(S.values), name


def test_stale_object_refused(submitted, staff):
    stale = fresh(submitted)
    services.register(actor=staff, proposal=submitted)
    with pytest.raises(ValidationError) as exc:
        services.return_for_revision(actor=staff, proposal=stale, comment="格式")
    assert "该提案已被他人修改" in str(exc.value)
