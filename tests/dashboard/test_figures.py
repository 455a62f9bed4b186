"""Every dashboard figure against the hand-built data set of conftest.build."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dashboard import selectors
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _scope(ds, year=2026):
    return selectors.scope(ds.term.pk, year)


def _unit(rows, name):
    return next(r for r in rows if r["name"] == name)


def test_scope_defaults_and_years(dataset):
    sc = selectors.scope()
    assert sc.term == dataset.term
    assert sc.years == [2025, 2026]
    assert sc.year == timezone.localdate().year
    assert selectors.scope(dataset.term.pk, "2025").session == dataset.last_year
    assert selectors.scope(dataset.term.pk, "1999").year == sc.year  # outside the term
    assert selectors.scope(dataset.term.pk, "x").year == sc.year


def test_on_time_rate_is_seven_of_ten(dataset):
    a = _unit(selectors.unit_ranking(_scope(dataset)), "区A局")
    assert (a["on_time"], a["due"], a["on_time_rate"]) == (7, 10, 70.0)


def test_satisfaction_counts_the_final_evaluation_of_the_first_proposer(dataset):
    a = _unit(selectors.unit_ranking(_scope(dataset)), "区A局")
    assert (a["satisfied"], a["evaluated"], a["satisfaction_rate"]) == (8, 10, 80.0)


def test_overdue_per_unit_counts_co_units_not_released_ones(dataset):
    rows = selectors.unit_ranking(_scope(dataset))
    assert _unit(rows, "区B局")["overdue"] == 3
    assert _unit(rows, "区C局")["overdue"] == 1
    assert _unit(rows, "区A局")["overdue"] == 0
    assert all(r["name"] != "区D局" for r in rows)  # only a released assignment
    # a co-unit has no reply of its own: C leads p14 and has replied nothing yet
    assert _unit(rows, "区C局")["due"] == 1
    assert _unit(rows, "区C局")["on_time_rate"] == 0.0


def test_other_year_is_apart(dataset):
    rows = selectors.unit_ranking(_scope(dataset, 2025))
    assert [(r["name"], r["overdue"]) for r in rows] == [("区B局", 1)]


def test_ranking_sorts(dataset):
    sc = _scope(dataset)
    assert [r["name"] for r in selectors.unit_ranking(sc, "-overdue")][:2] == ["区B局", "区C局"]
    assert selectors.unit_ranking(sc, "-on_time")[0]["name"] == "区A局"
    names = [r["name"] for r in selectors.unit_ranking(sc, "name")]
    assert names == sorted(names)


def test_funnel_and_kinds(dataset):
    f = selectors.proposal_figures(_scope(dataset))
    # merged (counts under its primary), withdrawn and drafts are out of the funnel
    assert dict(f["funnel"]) == {
        "submitted": 17,
        "registered": 15,
        "assigned": 14,
        "replied": 11,
        "closed": 10,
    }
    assert (f["plenary"], f["between"], f["key"]) == (3, 14, 1)
    assert "draft" not in f["by_status"]
    assert f["by_status"]["merged"] == 1
    assert [c["n"] for c in f["categories"]] == [17]


def test_result_shares_use_the_latest_round(dataset):
    assert selectors.result_shares(_scope(dataset)) == {"A": 6, "B": 2, "C": 2}


def test_key_proposals_and_trend(dataset):
    sc = _scope(dataset)
    assert [p.pk for p in selectors.key_proposals(sc)] == [dataset.p[12].pk]
    trend = {t["session__year"]: t for t in selectors.proposal_trend(sc)}
    assert trend[2025]["submitted"] == 1
    assert (trend[2026]["submitted"], trend[2026]["registered"], trend[2026]["closed"]) == (
        17,
        15,
        10,
    )


def test_consultation_and_station_figures(dataset):
    from consultations.models import ConsultationForm, Feedback
    from tests.consultations.factories import ConsultationFactory, RectificationFactory
    from tests.stations.factories import ActivityFactory, OpinionFactory, StationFactory

    form = ConsultationForm.objects.order_by("order").first()
    held = [ConsultationFactory(form=form, state=s) for s in ("held", "closed", "closed")]
    ConsultationFactory(form=form, state="planned")
    for c, result in zip(held, ["adopted", "partly", "adopted"], strict=True):
        Feedback.objects.create(consultation=c, result=result, received_on=c.scheduled_on, text="x")
    today = timezone.localdate()
    RectificationFactory(deadline=today - timedelta(days=1))
    RectificationFactory()
    RectificationFactory(state="verified", deadline=today - timedelta(days=9))
    sc = selectors.scope(dataset.term.pk, today.year)
    c = selectors.consultation_figures(sc)
    assert c["held"] == 3
    assert c["outcomes"] == {"adopted": 2, "partly": 1, "not_adopted": 0}
    assert (c["rectification_open"], c["rectification_overdue"]) == (2, 1)

    st = StationFactory()
    ActivityFactory(station=st, date=today.replace(month=3, day=2), residents_reached=40)
    ActivityFactory(station=st, date=today.replace(month=3, day=9), residents_reached=2)
    ActivityFactory(station=st, date=today.replace(year=today.year - 1), residents_reached=99)
    OpinionFactory(station=st)
    s = selectors.station_figures(sc)
    row = next(r for r in s["stations"] if r["id"] == st.pk)
    assert row["months"][2] == 2 and row["activities"] == 2
    assert row["reached"] == 42 and row["opinions"] == 1


def test_attendance_rate(dataset):
    from consultations.models import Attendance
    from tests.consultations.factories import AttendanceFactory, MeetingFactory

    m = MeetingFactory()
    for status in ["attended"] * 3 + ["absent", "leave_approved", "invited"]:
        AttendanceFactory(meeting=m, status=status)
    rows = selectors.attendance_rates(selectors.scope(dataset.term.pk, m.starts_at.year))
    assert rows[0]["rate"] == 60.0  # 3 of 5 decided; the open invitation does not count
    assert Attendance.objects.count() == 6


def test_member_figures_by_sector(dataset):
    from members.models import DutyRecord  # noqa: F401 - the five ones are duty records

    sc = _scope(dataset)
    m = selectors.member_figures(sc)
    assert "sector" in m and "committee" in m
    assert len(m["bands"]) == len(m["band_ids"])


def test_five_ones_completion_and_bands_by_sector(term):
    from datetime import date

    from members.models import DutyRecord, Member
    from members.points import active_minimums
    from tests.factories import SectorFactory

    sector = SectorFactory(name="测试界")
    members = [MemberFactory(sector=sector, status=Member.Status.SITTING) for _ in range(3)]
    for m in members:
        m.terms.add(term)
    minimums = active_minimums()
    assert minimums, "the default yearly minimums come with the migrations"
    for m in members[:2]:
        for i, minimum in enumerate(minimums):
            DutyRecord.objects.create(
                member=m,
                term=term,
                year=2026,
                kind=minimum.kinds[0],
                occurred_on=date(2026, 3, 1),
                points=0,
                source_key=f"test:{m.pk}:{i}",
            )
    sc = selectors.scope(term.pk, 2026)
    row = next(r for r in selectors.member_figures(sc)["sector"] if r["id"] == sector.pk)
    assert (row["total"], row["all_met"], row["completion_rate"]) == (3, 2, 66.7)
    assert row["met"] == [2] * len(minimums)
    assert sum(row["bands"]) == 3  # every member in exactly one band


def test_points_bands_by_sector_and_committee_from_capped_totals(term, django_assert_num_queries):
    """Hand-built: A earns 36 + two 8-point records of a kind capped at 10 → 46 (称职; 52
    uncapped would be 优秀); E 70 (优秀); B 25 (称职); C nothing this year (a voided 100 and
    last year's 100 do not count) → the bottom band; D is not a member of the term and is
    left out. By committee the same."""
    from datetime import date

    from django.utils import timezone

    from members.models import DutyKind, DutyRecord, EvaluationBand, Member, PointRule
    from tests.factories import (
        CommitteeMembershipFactory,
        SectorFactory,
        SpecialCommitteeFactory,
    )

    top = EvaluationBand.objects.create(term=term, name="优秀", min_points=50)
    mid = EvaluationBand.objects.create(term=term, name="称职", min_points=20)
    low = EvaluationBand.objects.create(term=term, name="基本称职", min_points=None)
    capped, plain = DutyKind.values[0], DutyKind.values[1]
    PointRule.objects.create(term=term, kind=capped, points=8, yearly_cap=10)
    sector = SectorFactory(name="测试界别")
    committee = SpecialCommitteeFactory(name="测试专委会")
    a, b, c, d, e = (MemberFactory(sector=sector, status=Member.Status.SITTING) for _ in range(5))
    for m in (a, b, c, e):
        m.terms.add(term)
    for m in (a, b, c, d, e):
        CommitteeMembershipFactory(member=m, committee=committee)

    def record(member, kind, points, key, year=2026, voided=False):
        DutyRecord.objects.create(
            member=member,
            term=term,
            year=year,
            kind=kind,
            occurred_on=date(year, 3, 1),
            points=points,
            source_key=key,
            voided_at=timezone.now() if voided else None,
        )

    record(a, plain, 36, "a1")
    record(e, plain, 70, "e1")
    record(a, capped, 8, "a2")
    record(a, capped, 8, "a3")
    record(b, plain, 25, "b1")
    record(c, plain, 100, "c1", voided=True)
    record(c, plain, 100, "c2", year=2025)
    record(d, plain, 100, "d1")

    from members.points import active_minimums

    sc = selectors.scope(term.pk, 2026)
    active_minimums()  # the configuration, cached
    with django_assert_num_queries(2):  # the term's bands, then every group in one query
        figures = selectors.member_figures(sc)
    order = figures["band_ids"]
    assert order == [top.pk, mid.pk, low.pk]
    for group, gid in (("sector", sector.pk), ("committee", committee.pk)):
        row = next(r for r in figures[group] if r["id"] == gid)
        assert row["total"] == 4, group
        assert row["bands"] == [1, 2, 1], group
