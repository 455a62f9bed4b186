"""办: assignment, signing for, returns, consultation, replies, extensions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cppcc_portal.notifications.models import Deadline
from proposals import services
from proposals.models import (
    Assignment,
    Proposal,
    ReturnRequest,
)

from ..factories import fresh, release_reply, signed_document

pytestmark = pytest.mark.django_db
S = Proposal.Status


def test_assign_rules(registered, staff, unit, co_unit):
    with pytest.raises(ValidationError):
        services.assign(actor=staff, proposal=registered)
    with pytest.raises(ValidationError):
        services.assign(actor=staff, proposal=registered, lead=unit, split_units=[co_unit])
    with pytest.raises(ValidationError):
        services.assign(actor=staff, proposal=registered, lead=unit, co_units=[unit])
    with pytest.raises(ValidationError):
        services.assign(actor=staff, proposal=registered, co_units=[unit])
    p = services.assign(actor=staff, proposal=registered, split_units=[unit, co_unit])
    assert p.assignments.filter(role="split").count() == 2
    assert Deadline.objects.filter(duty="proposal.lead_reply").count() == 2
    d = Deadline.objects.filter(duty="proposal.unit_signfor").first()
    assert d.unit_id in {unit.pk, co_unit.pk} and len(d.escalation) == 4


def test_split_replied_only_when_all_reply(registered, staff, unit, co_unit, liaison, liaison2):
    """Split handling: each unit's reply has its own review; replied once all are released."""
    p = services.assign(actor=staff, proposal=registered, split_units=[unit, co_unit])
    for user, u in ((liaison, unit), (liaison2, co_unit)):
        a = p.assignments.get(unit=u)
        services.sign_for(actor=user, assignment=a)
        services.record_communication(
            actor=user, assignment=a, method="phone", occurred_on=timezone.localdate(), summary="x"
        )
    release_reply(liaison=liaison, assignment=p.assignments.get(unit=unit), staff=staff, result="A")
    assert fresh(p).status == S.HANDLING
    release_reply(
        liaison=liaison2, assignment=p.assignments.get(unit=co_unit), staff=staff, result="B"
    )
    assert fresh(p).status == S.REPLIED


def test_unit_acts_only_on_own_assignment(assigned, liaison2, make_user):
    lead = assigned.assignments.get(role="lead")
    with pytest.raises(PermissionDenied):
        services.sign_for(actor=liaison2, assignment=lead)


def test_reply_requires_signing_and_consultation(assigned, liaison):
    lead = assigned.assignments.get(role="lead")
    doc = signed_document
    with pytest.raises(ValidationError):
        services.draft_reply(
            actor=liaison, assignment=lead, result="A", text="t", signer="s", document=doc()
        )
    services.sign_for(actor=liaison, assignment=lead)
    with pytest.raises(ValidationError) as exc:
        services.draft_reply(
            actor=liaison, assignment=lead, result="A", text="t", signer="s", document=doc()
        )
    assert "沟通" in str(exc.value) or "Consult" in str(exc.value)
    services.record_communication(
        actor=liaison,
        assignment=lead,
        method="phone",
        occurred_on=timezone.localdate(),
        summary="x",
    )
    with pytest.raises(ValidationError):
        services.draft_reply(
            actor=liaison, assignment=lead, result="Z", text="t", signer="s", document=doc()
        )
    with pytest.raises(ValidationError):
        services.record_communication(
            actor=liaison,
            assignment=lead,
            method="phone",
            occurred_on=timezone.localdate() + timedelta(days=2),
            summary="x",
        )


def test_co_unit_cannot_reply(handling, liaison2):
    co = handling.assignments.get(role="co")
    services.sign_for(actor=liaison2, assignment=co)
    with pytest.raises(ValidationError):
        services.draft_reply(
            actor=liaison2,
            assignment=co,
            result="A",
            text="t",
            signer="s",
            document=signed_document(),
        )


def test_return_request_and_reassign(assigned, liaison, staff, other_unit):
    lead = assigned.assignments.get(role="lead")
    req = services.request_return(actor=liaison, assignment=lead, reason="不属于本单位职责")
    assert Assignment.objects.get(pk=lead.pk).state == "return_requested"
    with pytest.raises(PermissionDenied):
        services.decide_return(actor=liaison, request=req, approve=True)
    services.decide_return(actor=staff, request=req, approve=True)
    p = fresh(assigned)
    assert p.status == S.REGISTERED
    assert not p.assignments.exclude(state="released").exists()
    services.assign(actor=staff, proposal=p, lead=other_unit)
    assert fresh(p).status == S.ASSIGNED


def test_return_refused_after_signing_or_window(assigned, liaison, staff):
    lead = assigned.assignments.get(role="lead")
    Assignment.objects.filter(pk=lead.pk).update(return_due_on=timezone.localdate() - timedelta(1))
    with pytest.raises(ValidationError):
        services.request_return(actor=liaison, assignment=lead, reason="x")
    services.sign_for(actor=liaison, assignment=lead)
    with pytest.raises(ValidationError):
        services.request_return(actor=liaison, assignment=lead, reason="x")


def test_rejected_return_back_to_active(assigned, liaison, staff):
    lead = assigned.assignments.get(role="lead")
    req = services.request_return(actor=liaison, assignment=lead, reason="x")
    services.decide_return(actor=staff, request=req, approve=False, note="请办理")
    assert Assignment.objects.get(pk=lead.pk).state == "active"
    assert ReturnRequest.objects.get().state == "rejected"


def test_extension(handling, liaison, staff):
    lead = handling.assignments.get(role="lead")
    with pytest.raises(ValidationError):
        services.request_extension(
            actor=liaison, assignment=lead, until=lead.due_on - timedelta(1), reason="复杂"
        )
    with pytest.raises(ValidationError):
        services.request_extension(
            actor=liaison, assignment=lead, until=lead.due_on + timedelta(400), reason="复杂"
        )
    until = lead.due_on + timedelta(days=30)
    req = services.request_extension(actor=liaison, assignment=lead, until=until, reason="复杂")
    with pytest.raises(ValidationError):
        services.request_extension(actor=liaison, assignment=lead, until=until, reason="再")
    services.decide_extension(actor=staff, request=req, approve=True)
    assert Assignment.objects.get(pk=lead.pk).due_on == until
    assert Deadline.objects.get(duty="proposal.extension_reply", state="open").due_on == until
    assert fresh(handling).reply_due_on == until


def test_unit_deadlines_carry_unit_name(assigned, unit):
    d = Deadline.objects.get(duty="proposal.lead_reply")
    assert d.unit_id == unit.pk and d.unit_name == unit.name
