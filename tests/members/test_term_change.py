"""The term change (换届, issue 18 item 3): the new term, carried and leaving members, the copied
points table, and the one read-only rule refusing writes to the old term in every part."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from cppcc_portal.audit.models import AuditEntry
from members.models import DutyKind, DutyRecord, Member, PointRule, Session, Term
from members.services import record_duty
from members.terms.change import open_new_term
from members.terms.guard import ensure_term_open
from tests.factories import MemberFactory, TermFactory
from tests.members.term_helpers import NEW_START, OLD_DAY, TODAY, change_term, old_term_with_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_term(db):
    return old_term_with_session()


@pytest.fixture
def liaison(make_user):
    return make_user(Role.LIAISON_STAFF)


@pytest.fixture
def three(old_term):
    first = TermFactory(
        number=1,
        name="第一届",
        start_date=date(2012, 1, 1),
        end_date=old_term.start_date - timedelta(days=1),
        is_current=False,
    )
    veteran, fresh_one, leaver = MemberFactory(), MemberFactory(), MemberFactory()
    veteran.terms.add(first, old_term)
    fresh_one.terms.add(old_term)
    leaver.terms.add(old_term)
    return veteran, fresh_one, leaver


def test_change_carries_reappointed_with_their_count_and_marks_leavers(liaison, three, old_term):
    veteran, fresh_one, leaver = three
    record_duty(
        member=leaver, kind=DutyKind.PLENARY_ATTENDED, source_key="t:1", occurred_on=OLD_DAY
    )
    PointRule.objects.update_or_create(
        term=None, kind=DutyKind.PLENARY_ATTENDED, defaults={"points": 5}
    )

    change = change_term(liaison, reappointed=[veteran, fresh_one.pk])

    new = Term.objects.get(number=3)
    old_term.refresh_from_db()
    assert new.is_current and not new.is_closed
    assert old_term.is_closed and not old_term.is_current and old_term.closed_by == liaison
    assert old_term.end_date == NEW_START - timedelta(days=1)
    assert list(Session.objects.filter(term=new).values_list("name", flat=True)) == ["三届一次会议"]
    assert veteran.terms.count() == 3 and fresh_one.terms.count() == 2  # 连任届数 counted on
    assert {m.pk: m.terms_served for m in change.carried} == {veteran.pk: 3, fresh_one.pk: 2}
    leaver.refresh_from_db()
    assert leaver.status == Member.Status.LEFT
    assert not leaver.terms.filter(pk=new.pk).exists()
    assert leaver.terms.filter(pk=old_term.pk).exists()  # history kept
    assert DutyRecord.objects.filter(member=leaver, term=old_term).count() == 1
    assert PointRule.objects.get(term=new, kind=DutyKind.PLENARY_ATTENDED).points == Decimal("5")
    entry = AuditEntry.objects.filter(target_id=str(new.pk)).get()
    assert entry.user_id == liaison.pk and "第三届" in entry.detail


def test_copied_points_table_is_the_new_terms_own(liaison, three):
    change_term(liaison, reappointed=three[:2])
    new = Term.objects.get(number=3)
    row = PointRule.objects.filter(term=new).first()
    assert row is not None
    row.points = Decimal("9")
    row.save()  # editable without touching the default row
    assert PointRule.objects.get(term=None, kind=row.kind).points != Decimal("9")


def test_change_needs_confirmation_and_writes_nothing_without(liaison, three):
    with pytest.raises(ValidationError) as exc:
        change_term(liaison, confirmed=False)
    assert "confirmed" in exc.value.message_dict
    assert not Term.objects.filter(number=3).exists()
    assert Member.objects.filter(status=Member.Status.LEFT).count() == 0


@pytest.mark.parametrize(
    "role,allowed",
    [
        (Role.LIAISON_STAFF, True),
        (Role.PROPOSAL_STAFF, True),
        (Role.OPINION_STAFF, False),
        (Role.CONSULTATION_STAFF, False),
        (Role.LEADER, False),
        (Role.MEMBER, False),
        (Role.UNIT_LIAISON, False),
        (Role.STATION_MANAGER, False),
    ],
)
def test_who_may_change_the_term(make_user, three, role, allowed):
    actor = make_user(role)
    if allowed:
        change_term(actor)
        assert Term.objects.filter(number=3, is_current=True).exists()
    else:
        with pytest.raises(PermissionDenied):
            change_term(actor)
        assert not Term.objects.filter(number=3).exists()


def test_superuser_may_change_the_term(make_user, three):
    change_term(make_user(is_superuser=True, is_staff=True))
    assert Term.objects.filter(number=3, is_current=True).exists()


def test_a_stray_member_cannot_be_reappointed(liaison, three):
    outsider = MemberFactory()
    with pytest.raises(ValidationError):
        change_term(liaison, reappointed=[outsider])
    assert not Term.objects.filter(number=3).exists()


def test_bad_dates_are_refused_on_their_field(liaison, three):
    with pytest.raises(ValidationError) as exc:
        open_new_term(
            actor=liaison,
            number=2,
            name="x",
            start_date=NEW_START,
            end_date=NEW_START,
            confirmed=True,
        )
    assert {"number", "end_date"} <= set(exc.value.message_dict)


# --- the old term is read-only ---------------------------------------------------------------


def test_the_rule_refuses_with_a_clear_message(liaison, three, old_term):
    change_term(liaison)
    for closed in (old_term.pk, Term.objects.get(pk=old_term.pk), OLD_DAY):
        with pytest.raises(ValidationError) as exc:
            ensure_term_open(closed)
        assert exc.value.code == "term_closed"
    assert "第二届" in exc.value.messages[0]
    ensure_term_open(Term.objects.get(number=3))  # the new term is open
    ensure_term_open(TODAY)


def test_duty_ledger_refuses_the_old_term_and_takes_the_new(liaison, three):
    veteran = three[0]
    change_term(liaison, reappointed=[veteran])
    with pytest.raises(ValidationError) as exc:
        record_duty(
            member=veteran, kind=DutyKind.PLENARY_ATTENDED, source_key="x:1", occurred_on=OLD_DAY
        )
    assert exc.value.code == "term_closed"
    record, created = record_duty(
        member=veteran, kind=DutyKind.PLENARY_ATTENDED, source_key="x:2", occurred_on=TODAY
    )
    assert created and record.term.number == 3


def test_old_records_stay_readable(liaison, three, old_term, client_for):
    veteran, _fresh, leaver = three
    record_duty(
        member=leaver, kind=DutyKind.PLENARY_ATTENDED, source_key="r:1", occurred_on=OLD_DAY
    )
    change_term(liaison, reappointed=[veteran])
    client = client_for(liaison)
    assert client.get(reverse("members:detail", args=[leaver.pk])).status_code == 200
    duty = client.get(reverse("members:member_duty", args=[leaver.pk]) + f"?year={OLD_DAY.year}")
    assert duty.status_code == 200
    export = client.get(reverse("members:export") + "?status=left")
    assert export.status_code == 200
    # the year of the old term still ranks everyone who served it, those who left included
    from members.selectors import ranked_members

    assert leaver in ranked_members(OLD_DAY.year)
    assert leaver not in ranked_members(TODAY.year)
