"""Points: a member's total is the table applied to their records, with caps; recompute."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cppcc_portal.accounts.roles import Role
from members.models import DutyKind, DutyRecord, EvaluationBand, Member, PointRule
from members.points import (
    Bands,
    kind_breakdown,
    member_total,
    minimum_status,
    recompute_year,
    total_expression,
)
from members.services import add_manual_duty, request_recompute, void_duty_record
from tests.factories import MemberFactory, TermFactory

from .factories import add_record

pytestmark = pytest.mark.django_db


def python_total(member, year):
    """The table applied by hand: per kind, sum the live records, hold to the cap."""
    term = TermFactory()
    rules = {r.kind: r for r in PointRule.objects.filter(term__isnull=True)}
    rules.update({r.kind: r for r in PointRule.objects.filter(term=term)})
    sums = {}
    for r in DutyRecord.objects.filter(member=member, year=year, voided_at__isnull=True):
        sums[r.kind] = sums.get(r.kind, Decimal(0)) + r.points
    total = Decimal(0)
    for kind, s in sums.items():
        cap = rules[kind].yearly_cap if kind in rules else None
        total += min(s, cap) if cap is not None else s
    return total


def test_total_is_the_table_applied_with_caps(duty_member, staff):
    term = TermFactory()
    PointRule.objects.filter(term__isnull=True, kind=DutyKind.STATION_ACTIVITY).update(
        yearly_cap=Decimal("10")
    )
    PointRule.objects.create(
        term=term, kind=DutyKind.SPEECH, points=Decimal("4"), yearly_cap=Decimal("8")
    )
    for _ in range(6):
        add_record(duty_member, DutyKind.STATION_ACTIVITY)  # 6 × 3 = 18, capped at 10
    for _ in range(3):
        add_record(duty_member, DutyKind.SPEECH)  # term row: 3 × 4 = 12, capped at 8
    add_record(duty_member, DutyKind.PROPOSAL_FIRST)  # 15
    add_record(duty_member, DutyKind.PLENARY_ABSENT)  # −30 (a deduction)
    add_record(duty_member, DutyKind.PROPOSAL_COSIGNER, year=2025)  # another year
    add_manual_duty(
        actor=staff,
        member=duty_member,
        kind=DutyKind.MANUAL,
        occurred_on=date(2026, 4, 1),
        points=Decimal("-2.5"),
        title="更正",
        reason="重复登记",
    )
    voided = add_record(duty_member, DutyKind.PROPOSAL_KEY)
    void_duty_record(actor=staff, record=voided, reason="误登记")

    expected = Decimal("10") + Decimal("8") + Decimal("15") - Decimal("30") - Decimal("2.5")
    assert member_total(duty_member.pk, 2026) == expected == python_total(duty_member, 2026)
    annotated = Member.objects.annotate(total=total_expression(2026)).get(pk=duty_member.pk)
    assert annotated.total == expected
    lines = {line.kind: line for line in kind_breakdown(duty_member.pk, 2026)}
    assert lines[DutyKind.STATION_ACTIVITY].raw == Decimal("18")
    assert lines[DutyKind.STATION_ACTIVITY].capped
    assert DutyKind.PROPOSAL_KEY not in lines  # voided records do not count
    assert member_total(duty_member.pk, 2025) == Decimal("3")


def test_many_members_totals_match_python(db):
    import random

    rng = random.Random(7)
    TermFactory()
    PointRule.objects.filter(term__isnull=True, kind=DutyKind.MEETING_ATTENDED).update(
        yearly_cap=Decimal("20")
    )
    members = [MemberFactory() for _ in range(6)]
    kinds = [DutyKind.MEETING_ATTENDED, DutyKind.SPEECH, DutyKind.MEETING_ABSENT, DutyKind.TRAINING]
    for m in members:
        for _ in range(rng.randint(0, 12)):
            add_record(m, rng.choice(kinds))
    for m in Member.objects.annotate(total=total_expression(2026)):
        assert m.total == python_total(m, 2026)


def test_same_source_twice_is_one_record(duty_member):
    """Registration, attendance or use recorded twice: one record."""
    for kind in (DutyKind.PROPOSAL_FIRST, DutyKind.MEETING_ATTENDED, DutyKind.OPINION_USED_CITY):
        add_record(duty_member, kind, key=f"source:{kind}")
        add_record(duty_member, kind, key=f"source:{kind}")
    assert DutyRecord.objects.filter(member=duty_member).count() == 3


def test_recompute_applies_a_changed_table_but_not_to_fixed_points(duty_member, staff):
    speech = add_record(duty_member, DutyKind.SPEECH)
    manual = add_manual_duty(
        actor=staff,
        member=duty_member,
        kind=DutyKind.SPEECH,
        occurred_on=date(2026, 5, 1),
        points=Decimal("1"),
        title="x",
        reason="特殊情况",
    )
    old_year = add_record(duty_member, DutyKind.SPEECH, year=2025)
    PointRule.objects.filter(term__isnull=True, kind=DutyKind.SPEECH).update(points=Decimal("7"))
    speech.refresh_from_db()
    assert speech.points == Decimal("5")  # not silently
    changed, seconds = recompute_year(2026)
    assert changed == 1 and seconds >= 0
    speech.refresh_from_db()
    manual.refresh_from_db()
    old_year.refresh_from_db()
    assert speech.points == Decimal("7")
    assert manual.points == Decimal("1")
    assert old_year.points == Decimal("5")
    assert recompute_year(2026)[0] == 0  # idempotent
    assert speech.events.count() == 2  # the change is in the history, with its context
    event = speech.events.order_by("pgh_id").last()
    assert event.pgh_label == "update" and event.points == Decimal("7")
    assert event.pgh_context.metadata["points_recompute"] == 2026


def test_recompute_uses_the_term_row(duty_member):
    term = TermFactory()
    record = add_record(duty_member, DutyKind.RESEARCH)
    PointRule.objects.create(term=term, kind=DutyKind.RESEARCH, points=Decimal("9"))
    recompute_year(2026)
    record.refresh_from_db()
    assert record.points == Decimal("9")


def test_request_recompute_is_staff_only_and_runs(
    duty_member, staff, make_user, eager_celery, django_capture_on_commit_callbacks
):
    from members.models import PointsRecompute

    with pytest.raises(PermissionDenied):
        request_recompute(actor=make_user(Role.LEADER), year=2026)
    with pytest.raises(ValidationError):
        request_recompute(actor=staff, year=1900)
    record = add_record(duty_member, DutyKind.SPEECH)
    PointRule.objects.filter(term__isnull=True, kind=DutyKind.SPEECH).update(points=Decimal("6"))
    with django_capture_on_commit_callbacks(execute=True):
        job = request_recompute(actor=staff, year=2026)
    job.refresh_from_db()
    record.refresh_from_db()
    assert job.state == PointsRecompute.State.DONE and job.rows_changed == 1
    assert record.points == Decimal("6")


def test_bands_default_and_configurable(db):
    bands = Bands()
    assert bands.for_points(Decimal("90")).name == "优秀"
    assert bands.for_points(Decimal("89.5")).name == "称职"
    assert bands.for_points(Decimal("60")).name == "称职"
    assert bands.for_points(Decimal("59")).name == "需约谈"
    assert bands.for_points(Decimal("-20")).needs_talk
    term = TermFactory()
    EvaluationBand.objects.create(term=term, name="好", min_points=Decimal("50"))
    EvaluationBand.objects.create(term=term, name="差", min_points=None)
    assert Bands(term).for_points(Decimal("55")).name == "好"
    assert Bands(term).for_points(Decimal("10")).name == "差"


def test_band_filter_selects_the_range(db):
    TermFactory()
    members = {n: MemberFactory() for n in (95, 75, 30)}
    for points, m in members.items():
        add_record(m, DutyKind.MANUAL, points=Decimal(points))
    bands = Bands()
    qs = Member.objects.annotate(total=total_expression(2026))
    for band in bands.rows:
        got = set(qs.filter(bands.filter_for(band.pk)).values_list("pk", flat=True))
        assert got == {m.pk for p, m in members.items() if bands.for_points(Decimal(p)) == band}


def test_five_ones_met_and_missing(duty_member):
    add_record(duty_member, DutyKind.STUDY_REFLECTION)
    add_record(duty_member, DutyKind.RESEARCH_REPORT)  # research minimum accepts reports
    add_record(duty_member, DutyKind.CONSULTATION, year=2025)  # last year does not count
    status = {s.minimum.name: s.met for s in minimum_status(duty_member.pk, 2026)}
    assert status == {
        "一篇学习心得": True,
        "一次协商活动": False,
        "一次调研活动": True,
        "一件提案": False,
        "一件民生实事": False,
    }


def _table_applied(member, year):
    """The current table applied by hand to the member's live records (fixed points kept),
    each kind's sum held to the cap: what the stored total must equal after a recompute."""
    rules = {(r.term_id, r.kind): r for r in PointRule.objects.all()}
    sums = {}
    for r in DutyRecord.objects.filter(member=member, year=year, voided_at__isnull=True):
        rule = rules.get((r.term_id, r.kind)) or rules.get((None, r.kind))
        price = r.points if r.points_fixed else (rule.points if rule else Decimal(0))
        key = (r.term_id, r.kind)
        sums[key] = sums.get(key, Decimal(0)) + price
    total = Decimal(0)
    for (term_id, kind), s in sums.items():
        rule = rules.get((term_id, kind)) or rules.get((None, kind))
        cap = rule.yearly_cap if rule else None
        total += min(s, cap) if cap is not None else s
    return total


def test_after_a_recompute_every_total_is_the_new_table_applied(db, staff):
    import random

    from members.points import Ranking

    rng = random.Random(11)
    term = TermFactory()
    kinds = [DutyKind.MEETING_ATTENDED, DutyKind.SPEECH, DutyKind.STATION_ACTIVITY]
    members = [MemberFactory() for _ in range(8)]
    for m in members:
        m.terms.add(term)
        for _ in range(rng.randint(0, 15)):
            add_record(m, rng.choice(kinds))
        if rng.random() < 0.5:
            add_manual_duty(
                actor=staff,
                member=m,
                kind=DutyKind.SPEECH,
                occurred_on=date(2026, 6, 1),
                points=Decimal("1.5"),
                title="特殊",
                reason="说明",
            )
    PointRule.objects.filter(term__isnull=True, kind=DutyKind.SPEECH).update(points=Decimal("8"))
    PointRule.objects.filter(term__isnull=True, kind=DutyKind.STATION_ACTIVITY).update(
        points=Decimal("6"), yearly_cap=Decimal("24")
    )
    PointRule.objects.create(term=term, kind=DutyKind.MEETING_ATTENDED, points=Decimal("2"))
    recompute_year(2026)
    ranked = {m.pk: m.total for m in Ranking(Member.objects.all(), 2026)[0:100]}
    for m in members:
        expected = _table_applied(m, 2026)
        assert member_total(m.pk, 2026) == expected == ranked[m.pk]


def test_recompute_history_once_and_the_trigger_still_records_the_rest(duty_member, staff):
    from django.db import connection

    from members.models import RECOMPUTE_SETTING

    record = add_record(duty_member, DutyKind.SPEECH)
    PointRule.objects.filter(term__isnull=True, kind=DutyKind.SPEECH).update(points=Decimal("9"))
    assert recompute_year(2026)[0] == 1
    assert [e.points for e in record.events.order_by("pgh_id")] == [Decimal(5), Decimal(9)]
    with connection.cursor() as cursor:  # the switch is off again in this same transaction
        cursor.execute("SELECT current_setting(%s, true)", [RECOMPUTE_SETTING])
        assert cursor.fetchone()[0] in ("", None)
    # later writes in the same transaction keep their history through the trigger
    DutyRecord.objects.filter(pk=record.pk).update(points=Decimal("4"))
    void_duty_record(actor=staff, record=record, reason="误登记")
    assert [e.points for e in record.events.order_by("pgh_id")] == [5, 9, 4, 4]
    assert record.events.order_by("pgh_id").last().voided_at is not None


def test_the_ledger_leaves_room_for_hot_rewrites(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'members_dutyrecord'")
        assert "fillfactor=75" in (cursor.fetchone()[0] or [])
