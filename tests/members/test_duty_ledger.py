from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cppcc_portal.accounts.roles import Role
from members.models import DutyKind, DutyRecord, PointRule
from members.services import add_manual_duty, record_duty, void_duty
from tests.factories import MemberFactory, SessionFactory, TermFactory


@pytest.fixture
def member(db):
    TermFactory()
    return MemberFactory()


def test_record_is_idempotent_per_source(member):
    source = SessionFactory()
    first, created = record_duty(
        member=member, kind=DutyKind.PLENARY_ATTENDED, source=source, occurred_on=date(2026, 1, 8)
    )
    again, created_again = record_duty(
        member=member, kind=DutyKind.PLENARY_ATTENDED, source=source, occurred_on=date(2026, 1, 8)
    )
    assert created and not created_again
    assert first.pk == again.pk
    assert DutyRecord.objects.count() == 1


def test_points_come_from_the_table(member):
    source = SessionFactory()
    record, _ = record_duty(
        member=member, kind=DutyKind.PROPOSAL_FIRST, source=source, occurred_on=date(2026, 3, 1)
    )
    assert record.points == Decimal("15")
    assert record.year == 2026
    assert record.source == source


def test_term_row_overrides_default(member):
    term = member.terms.model.objects.get(number=2) if member.terms.exists() else TermFactory()
    PointRule.objects.create(term=term, kind=DutyKind.SPEECH, points=Decimal("8"))
    record, _ = record_duty(
        member=member, kind=DutyKind.SPEECH, source_key="speech:1", occurred_on=date(2026, 5, 1)
    )
    assert record.points == Decimal("8")


def test_same_source_different_kind_counts_separately(member):
    source = SessionFactory()
    record_duty(
        member=member, kind=DutyKind.PROPOSAL_FIRST, source=source, occurred_on=date(2026, 3, 1)
    )
    record_duty(
        member=member, kind=DutyKind.PROPOSAL_KEY, source=source, occurred_on=date(2026, 3, 1)
    )
    assert DutyRecord.objects.count() == 2


def test_void_keeps_the_row_and_allows_rerecording(member):
    source = SessionFactory()
    record_duty(
        member=member, kind=DutyKind.MEETING_ABSENT, source=source, occurred_on=date(2026, 3, 1)
    )
    assert (
        void_duty(member=member, kind=DutyKind.MEETING_ABSENT, source=source, reason="请假已批准")
        == 1
    )
    assert DutyRecord.objects.filter(voided_at__isnull=False).count() == 1
    _, created = record_duty(
        member=member, kind=DutyKind.MEETING_ABSENT, source=source, occurred_on=date(2026, 3, 1)
    )
    assert created
    assert DutyRecord.objects.count() == 2


def test_refuses_unknown_kind_and_missing_source(member):
    with pytest.raises(ValidationError):
        record_duty(member=member, kind="nonsense", source_key="x", occurred_on=date(2026, 1, 1))
    with pytest.raises(ValidationError):
        record_duty(member=member, kind=DutyKind.SPEECH, occurred_on=date(2026, 1, 1))


def test_manual_entry_needs_staff_and_reason(member, make_user):
    staff = make_user(Role.LIAISON_STAFF)
    with pytest.raises(PermissionDenied):
        add_manual_duty(
            actor=make_user(Role.MEMBER),
            member=member,
            kind=DutyKind.MANUAL,
            occurred_on=date(2026, 1, 1),
            points=Decimal(1),
            title="x",
            reason="y",
        )
    with pytest.raises(ValidationError):
        add_manual_duty(
            actor=staff,
            member=member,
            kind=DutyKind.MANUAL,
            occurred_on=date(2026, 1, 1),
            points=Decimal(1),
            title="x",
            reason=" ",
        )
    record = add_manual_duty(
        actor=staff,
        member=member,
        kind=DutyKind.MANUAL,
        occurred_on=date(2026, 1, 1),
        points=Decimal("-2"),
        title="更正",
        reason="重复计分",
    )
    assert record.points == Decimal("-2") and record.recorded_by == staff
