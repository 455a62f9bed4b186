"""评: the proposers' evaluation, closing, the units' quality rating."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from proposals import services
from proposals.models import (
    Proposal,
    ProposalSettings,
)

from ..factories import fresh

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
