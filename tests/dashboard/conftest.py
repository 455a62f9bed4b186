"""A hand-built data set whose every dashboard figure is known (see test_figures.py)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cppcc_portal.notifications.models import Deadline
from proposals.models import Assignment, Evaluation, ExtensionRequest, Proposal, Reply
from tests.factories import MemberFactory, SessionFactory
from tests.proposals.factories import HandlingUnitFactory, ProposalFactory

S = Proposal.Status
D = date(2026, 6, 1)  # the first-round due date of unit A's proposals


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class DataSet:
    term: object
    session: object
    last_year: object
    units: dict
    p: dict = field(default_factory=dict)


def _proposal(ds, key, status, *, session=None, **kw):
    p = ProposalFactory(session=session or ds.session, status=status, **kw)
    ds.p[key] = p
    return p


def _assign(p, unit, role="lead", *, due=D, state="active"):
    return Assignment.objects.create(
        proposal=p, unit=unit, role=role, state=state, return_due_on=due, due_on=due
    )


def _reply(p, unit, day, result, round_=1):
    r = Reply.objects.create(
        proposal=p,
        unit=unit,
        round=round_,
        result=result,
        text="答复",
        signer="局长",
        status=Reply.Status.RELEASED,
        released_at=at(day),
    )
    Reply.objects.filter(pk=r.pk).update(created_at=at(day))


def _evaluate(p, satisfaction, round_=1, member=None):
    Evaluation.objects.create(
        proposal=p,
        member=member or p.first_proposer,
        round=round_,
        satisfaction=satisfaction,
        score_before=5,
        score_during=5,
        score_reply=5,
        comment="答复未解决问题" if satisfaction == "unsatisfied" else "",
    )


def build(term, *, extra=0):
    """Unit A: 10 replies due, 7 on time (70%); 10 evaluated, 8 satisfied (80%).
    Unit B: 3 overdue proposals (two as lead, one as co-unit); unit C: 1 (the lead of that
    co-unit one); unit D: a released assignment on an overdue proposal (0).
    `extra` adds that many more closed, on-time proposals for another unit E (query bounds)."""
    session = SessionFactory(term=term)
    last_year = SessionFactory(
        term=term,
        number=4,
        name="二届四次会议",
        year=2025,
        start_date=date(2025, 1, 8),
        end_date=date(2025, 1, 12),
        proposal_window_start=date(2024, 12, 9),
        proposal_window_end=date(2025, 1, 11),
    )
    units = {k: HandlingUnitFactory(name=f"区{k}局") for k in "ABCDE"}
    ds = DataSet(term=term, session=session, last_year=last_year, units=units)
    a = units["A"]
    sat, basic, unsat = "satisfied", "basic", "unsatisfied"
    # p1-p6 replied five days early; p1-p5 satisfied, p6 basically satisfied.
    for i in range(1, 7):
        p = _proposal(ds, i, S.CLOSED, is_plenary=i <= 3)
        _assign(p, a, state="done")
        _reply(p, a, D - timedelta(days=5), "A" if i <= 5 else "B")
        _evaluate(p, sat if i <= 5 else basic)
    # p7: late against the original date, on time against the approved extension (asked for
    # before the reply); rehandled: its round-2 reply and final evaluation are what count.
    p = _proposal(ds, 7, S.CLOSED, rehandling_rounds=1)
    asg = _assign(p, a, due=D + timedelta(days=90), state="done")
    ext = ExtensionRequest.objects.create(
        assignment=asg,
        reason="情况复杂",
        requested_until=D + timedelta(days=30),
        state=ExtensionRequest.State.APPROVED,
    )
    ExtensionRequest.objects.filter(pk=ext.pk).update(requested_at=at(D - timedelta(days=10)))
    _reply(p, a, D + timedelta(days=10), "C")
    _evaluate(p, unsat)
    _reply(p, a, D + timedelta(days=60), "A", round_=2)
    _evaluate(p, sat, round_=2)
    # p8: rehandled, no extension: its first-round date is the reply deadline opened at
    # assignment (the assignment's own due date was moved by the rehandling) -> late.
    p = _proposal(ds, 8, S.CLOSED, rehandling_rounds=1)
    asg = _assign(p, a, due=D + timedelta(days=90), state="done")
    Deadline.objects.create(
        target_type=ContentType.objects.get_for_model(Assignment),
        target_id=asg.pk,
        duty="proposal.lead_reply",
        title="答复",
        due_on=D,
    )
    _reply(p, a, D + timedelta(days=3), "C")
    _evaluate(p, unsat)
    _reply(p, a, D + timedelta(days=70), "B", round_=2)
    _evaluate(p, basic, round_=2)
    # p9, p10: a day late, unsatisfied (a co-signer's "satisfied" on p9 does not count).
    for i in (9, 10):
        p = _proposal(ds, i, S.CLOSED)
        _assign(p, a, state="done")
        _reply(p, a, D + timedelta(days=1), "C")
        _evaluate(p, unsat)
    _evaluate(ds.p[9], sat, member=MemberFactory())
    # p11: still being handled, due later: in no figure of unit A but the funnel.
    p = _proposal(ds, 11, S.HANDLING, reply_due_on=timezone.localdate() + timedelta(days=20))
    _assign(p, a, due=timezone.localdate() + timedelta(days=20))
    # Overdue: unit B leads p12 (handling) and p13 (rehandling), is co-unit on p14 (lead C).
    today = timezone.localdate()
    p = _proposal(ds, 12, S.HANDLING, reply_due_on=today - timedelta(days=5), is_key=True)
    _assign(p, units["B"], due=today - timedelta(days=5))
    p = _proposal(ds, 13, S.REHANDLING, rehandling_rounds=1, reply_due_on=today - timedelta(1))
    _assign(p, units["B"], due=today - timedelta(days=1))
    _reply(p, units["B"], D, "B")
    p = _proposal(ds, 14, S.ASSIGNED, reply_due_on=today - timedelta(days=3))
    _assign(p, units["C"], due=today - timedelta(days=3))
    _assign(p, units["B"], "co", due=today - timedelta(days=3))
    _assign(p, units["D"], "co", due=today - timedelta(days=3), state="released")
    # Stages that never reach the units.
    for key, status in [
        ("draft", S.DRAFT),
        ("withdrawn", S.WITHDRAWN),
        ("not_registered", S.NOT_REGISTERED),
        ("submitted", S.SUBMITTED),
        ("merged", S.MERGED),
        ("registered", S.REGISTERED),
    ]:
        _proposal(ds, key, status)
    ds.p["merged"].merged_into = ds.p[1]
    ds.p["merged"].save()
    # Last year: one overdue proposal of unit B, outside this year's figures.
    p = _proposal(ds, "old", S.HANDLING, session=last_year, reply_due_on=today - timedelta(40))
    _assign(p, units["B"], due=today - timedelta(days=40))
    for i in range(extra):
        p = _proposal(ds, f"e{i}", S.CLOSED)
        _assign(p, units["E"], state="done")
        _reply(p, units["E"], D - timedelta(days=1), "A")
        _evaluate(p, sat)
    return ds


@pytest.fixture
def dataset(term):
    return build(term)
