"""提: drafting, co-signers, submission, withdrawal."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cppcc_portal.notifications.models import Notification
from members.models import DutyKind, DutyRecord
from proposals import services
from proposals.models import (
    CoSigner,
    Proposal,
)

from ..factories import fresh

pytestmark = pytest.mark.django_db
S = Proposal.Status


def test_submit_requires_content(member_user, session):
    p = services.create_draft(actor=member_user, session=session, title="只有标题")
    with pytest.raises(ValidationError) as exc:
        services.submit(actor=member_user, proposal=p)
    assert {"analysis", "suggestions", "category"} <= set(exc.value.message_dict)


def test_empty_and_oversized_title_refused(member_user, session):
    with pytest.raises(ValidationError):
        services.create_draft(actor=member_user, session=session, title="   ")
    with pytest.raises(ValidationError):
        services.create_draft(actor=member_user, session=session, title="长" * 101)
    assert not Proposal.objects.exists()


def test_only_members_draft(staff, session):
    with pytest.raises(PermissionDenied):
        services.create_draft(actor=staff, session=session, title="标题")


def test_only_first_proposer_edits_and_submits(draft, cosigner_users):
    with pytest.raises(PermissionDenied):
        services.update_draft(actor=cosigner_users[0], proposal=draft, title="改")
    with pytest.raises(PermissionDenied):
        services.submit(actor=cosigner_users[0], proposal=draft)


def test_cannot_edit_after_submission(submitted, member_user):
    with pytest.raises(ValidationError):
        services.update_draft(actor=member_user, proposal=submitted, title="改")


def test_cosigner_rules(draft, member_user, cosigner_users):
    with pytest.raises(ValidationError):
        services.invite_cosigner(actor=member_user, proposal=draft, member=member_user.member)
    c = services.invite_cosigner(actor=member_user, proposal=draft, member=cosigner_users[0].member)
    with pytest.raises(ValidationError):
        services.invite_cosigner(actor=member_user, proposal=draft, member=cosigner_users[0].member)
    with pytest.raises(PermissionDenied):
        services.respond_cosign(actor=cosigner_users[1], cosigner=c, accept=True)
    assert Notification.objects.filter(recipient=cosigner_users[0]).exists()
    CoSigner.objects.filter(pk=c.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError):
        services.respond_cosign(actor=cosigner_users[0], cosigner=c, accept=True)
    assert services.expire_cosigners() == 1
    assert CoSigner.objects.get(pk=c.pk).state == CoSigner.State.EXPIRED


def test_unconfirmed_cosigner_gets_no_duty(draft, member_user, cosigner_users, staff):
    services.invite_cosigner(actor=member_user, proposal=draft, member=cosigner_users[0].member)
    services.submit(actor=member_user, proposal=draft)
    services.register(actor=staff, proposal=draft)
    assert not DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_COSIGNER).exists()
    assert CoSigner.objects.get().state == CoSigner.State.EXPIRED


def test_withdraw(submitted, member_user, staff):
    services.withdraw(actor=member_user, proposal=submitted)
    assert fresh(submitted).status == S.WITHDRAWN


def test_create_draft_from(make_user, member_user, session):
    station = make_user("station_manager")
    outsider = make_user()
    with pytest.raises(PermissionDenied):
        services.create_draft_from(
            actor=outsider, member=member_user.member, title="t", analysis="a", suggestions="s"
        )
    p = services.create_draft_from(
        actor=station,
        member=member_user.member,
        title="居民反映停车难",
        analysis="a",
        suggestions="s",
        source=member_user.member,
    )
    assert p.status == S.DRAFT and p.first_proposer == member_user.member
    assert p.source == member_user.member
