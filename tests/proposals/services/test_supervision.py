"""督: key and excellent proposals, supervision, instructions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from members.models import DutyKind, DutyRecord
from proposals import services
from proposals.models import (
    Proposal,
)

pytestmark = pytest.mark.django_db
S = Proposal.Status


def test_key_and_excellent_duty(registered, staff, leader, member_user):
    with pytest.raises(ValidationError):
        services.set_key(actor=staff, proposal=registered, is_key=True, leaders=[])
    with pytest.raises(ValidationError):
        services.set_key(actor=staff, proposal=registered, is_key=True, leaders=[member_user])
    services.set_key(actor=staff, proposal=registered, is_key=True, leaders=[leader])
    services.set_key(actor=staff, proposal=registered, is_key=True, leaders=[leader])
    assert DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_KEY).count() == 1
    services.set_key(actor=staff, proposal=registered, is_key=False)
    assert not DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_KEY, voided_at=None).exists()


def test_excellent_duty(closed, staff):
    with pytest.raises(ValidationError):
        services.set_excellence(actor=staff, proposal=closed, excellence="selected")
    services.set_excellence(actor=staff, proposal=closed, excellence="nominated")
    services.set_excellence(actor=staff, proposal=closed, excellence="selected")
    assert DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_EXCELLENT).count() == 1


def test_key_on_draft_refused(draft, staff, leader):
    with pytest.raises(ValidationError):
        services.set_key(actor=staff, proposal=draft, is_key=True, leaders=[leader])


def test_supervision_and_instruction(registered, staff, leader, make_user):
    other_leader = make_user("leader")
    with pytest.raises(PermissionDenied):
        services.record_supervision(
            actor=leader,
            proposal=registered,
            kind="urging",
            occurred_on=timezone.localdate(),
            note="督促",
        )
    services.set_key(actor=staff, proposal=registered, is_key=True, leaders=[leader])
    services.record_supervision(
        actor=leader,
        proposal=registered,
        kind="urging",
        occurred_on=timezone.localdate(),
        note="督促",
    )
    with pytest.raises(PermissionDenied):
        services.record_supervision(
            actor=other_leader,
            proposal=registered,
            kind="urging",
            occurred_on=timezone.localdate(),
            note="督促",
        )
    services.record_instruction(actor=other_leader, proposal=registered, text="请抓紧办理")
    with pytest.raises(PermissionDenied):
        services.record_instruction(actor=staff, proposal=registered, text="x")
