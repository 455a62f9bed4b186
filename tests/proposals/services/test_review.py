"""立: review, registration, return, not registering, merging, numbers."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from members.models import DutyKind, DutyRecord
from proposals import services
from proposals.models import (
    NotRegisteredGround,
    Proposal,
)

from ..factories import ProposalFactory, fresh

pytestmark = pytest.mark.django_db
S = Proposal.Status


def test_registration_is_idempotent_for_duty(registered, staff):
    with pytest.raises(ValidationError):
        services.register(actor=staff, proposal=registered)
    assert DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_FIRST).count() == 1


def test_staff_only_review(submitted, member_user, leader):
    for actor in (member_user, leader):
        with pytest.raises(PermissionDenied):
            services.register(actor=actor, proposal=submitted)


def test_return_needs_reason_and_then_resubmit(submitted, staff, member_user):
    with pytest.raises(ValidationError):
        services.return_for_revision(actor=staff, proposal=submitted, comment=" ")
    services.return_for_revision(actor=staff, proposal=submitted, comment="请补充数据")
    p = fresh(submitted)
    assert p.status == S.RETURNED and p.staff_comment == "请补充数据"
    services.update_draft(actor=member_user, proposal=p, analysis="补充了数据")
    services.submit(actor=member_user, proposal=p)
    assert fresh(p).status == S.SUBMITTED


def test_not_register_with_ground_and_consent(submitted, staff, member_user):
    ground = NotRegisteredGround.objects.get_or_create(text="属于学术讨论")[0]
    with pytest.raises(ValidationError):
        services.not_register(actor=staff, proposal=submitted, ground=None)
    services.not_register(actor=staff, proposal=submitted, ground=ground, comment="属学术讨论")
    p = fresh(submitted)
    assert p.status == S.NOT_REGISTERED and p.not_registered_ground == ground
    with pytest.raises(ValidationError):
        services.convert_to_report(actor=staff, proposal=p)  # no consent yet
    p = services.consent_to_conversion(actor=member_user, proposal=p)
    assert p.conversion_consent_at is not None
    with pytest.raises(ValidationError):
        services.consent_to_conversion(actor=member_user, proposal=p)
    with pytest.raises(PermissionDenied):
        services.convert_to_report(actor=member_user, proposal=p)
    p, report = services.convert_to_report(actor=staff, proposal=p)
    assert report.source == p and p.converted_to == report
    with pytest.raises(ValidationError):
        services.convert_to_report(actor=staff, proposal=p)


def test_merge(submitted, registered_other, staff):
    services.merge(actor=staff, proposal=submitted, into=registered_other)
    p = fresh(submitted)
    assert p.status == S.MERGED and p.merged_into_id == registered_other.pk
    with pytest.raises(ValidationError):
        services.merge(actor=staff, proposal=registered_other, into=registered_other)


@pytest.fixture
def registered_other(session, staff):
    p = ProposalFactory(session=session)
    p = services.submit(actor=p.first_proposer.user, proposal=p) if p.first_proposer.user else p
    Proposal.objects.filter(pk=p.pk).update(status=S.SUBMITTED)
    p = fresh(p)
    return services.register(actor=staff, proposal=p)


def test_merge_into_unregistered_refused(submitted, staff, session):
    other = ProposalFactory(session=session)
    with pytest.raises(ValidationError):
        services.merge(actor=staff, proposal=submitted, into=other)


def test_bulk_register_names_refusals(session, staff, submitted, draft):
    results = services.bulk_register(actor=staff, proposals=[fresh(submitted), fresh(draft)])
    ok = [r for r in results if r[1]]
    refused = [r for r in results if not r[1]]
    assert len(ok) == 1 and len(refused) == 1 and refused[0][2]


@pytest.mark.django_db(transaction=True)
def test_concurrent_registration_gap_free(term, category):
    from tests.factories import SessionFactory, UserFactory

    staff = UserFactory(roles=["proposal_staff"])
    session = SessionFactory(term=term)
    ps = [ProposalFactory(session=session) for _ in range(20)]
    Proposal.objects.filter(pk__in=[p.pk for p in ps]).update(status=S.SUBMITTED)
    errors = []
    barrier = threading.Barrier(20)

    def work(pk):
        try:
            barrier.wait()
            services.register(actor=staff, proposal=Proposal.objects.get(pk=pk))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(p.pk,)) for p in ps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    numbers = sorted(Proposal.objects.filter(session=session).values_list("number", flat=True))
    assert numbers == list(range(1, 21))
