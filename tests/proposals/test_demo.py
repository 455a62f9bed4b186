"""The demo: every state, gap-free numbers, duty records once, the demo accounts involved."""

import io
import random

import pytest
from django.db.models import Count
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.demodata import DemoContext
from cppcc_portal.core.models import Counter
from members import demo as members_demo
from members.models import DutyRecord
from proposals import demo
from proposals.models import Assignment, InstructionRequest, Proposal, ProposalEvent

pytestmark = pytest.mark.django_db


def test_demo_seed():
    ctx = DemoContext(
        scale=1, rng=random.Random(3), today=timezone.localdate(), stdout=io.StringIO()
    )
    members_demo.seed(ctx)
    demo.seed(ctx)
    assert set(Proposal.objects.values_list("status", flat=True)) == set(Proposal.Status.values)
    for session_id in Proposal.objects.values_list("session", flat=True).distinct():
        numbers = sorted(
            Proposal.objects.filter(session_id=session_id, number__isnull=False).values_list(
                "number", flat=True
            )
        )
        assert numbers == list(range(1, len(numbers) + 1))
        assert Counter.objects.get(key=f"proposal:{session_id}").value == len(numbers)
    dupes = (
        DutyRecord.objects.values("member", "kind", "source_key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not dupes.exists()
    assert (
        DutyRecord.objects.filter(kind="proposal_first").count()
        == Proposal.objects.filter(number__isnull=False).count()
    )
    member = ctx.users[Role.MEMBER].member
    assert Proposal.objects.filter(first_proposer=member).count() >= 5
    assert Assignment.objects.filter(unit=ctx.data["units"][1], role="lead").count() >= 3
    assert Proposal.objects.filter(supervising_leaders=ctx.users[Role.LEADER]).exists()
    leader = ctx.users[Role.LEADER]
    asked = InstructionRequest.objects.filter(leader=leader)
    assert asked.filter(InstructionRequest.OPEN).count() >= 2
    answered = asked.filter(answered_at__isnull=False)
    assert answered.count() >= 1
    assert all(r.instruction.leader == leader for r in answered)
    closed = Proposal.objects.filter(status="closed").first()
    assert ProposalEvent.objects.filter(proposal=closed).count() >= 6
    assert ProposalEvent.objects.filter(proposal=closed).order_by("at").last().action in {
        "close",
        "close_not_evaluated",
    }
