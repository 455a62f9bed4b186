"""A proposal assigned on 2026-12-02 has its reply due three months later, in 2027 (no holiday
notice yet): the deadlines are provisional, and when the notice moves them the assignment's
and the proposal's own dates follow (proposals/deadline_hooks.py)."""

from datetime import date

import pytest

from cppcc_portal.notifications.models import Deadline
from proposals import services
from proposals.models import Proposal, ProposalEvent
from tests.notifications.notice_fixtures import enter_and_recompute, hold_calendar_at_2026_12_02

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    hold_calendar_at_2026_12_02(monkeypatch)


def test_assignment_deadlines_are_provisional_and_follow_the_notice(
    registered, staff, unit, co_unit
):
    p = services.assign(actor=staff, proposal=registered, lead=unit, co_units=[co_unit])
    lead, co = p.assignments.get(role="lead"), p.assignments.get(role="co")
    reply = Deadline.objects.get(duty="proposal.lead_reply", target_id=lead.pk)
    views = Deadline.objects.get(duty="proposal.co_unit_views", target_id=co.pk)
    signfor = Deadline.objects.get(duty="proposal.unit_signfor", target_id=lead.pk)
    assert (reply.due_on, reply.provisional, reply.rule) == (date(2027, 3, 2), True, "months")
    assert (views.due_on, views.provisional) == (date(2027, 1, 4), True)  # 1/2 is a Saturday
    assert (signfor.due_on, signfor.provisional) == (date(2026, 12, 16), False)

    # a (hypothetical) notice giving 4 January and 2 March off
    stats = enter_and_recompute(staff, "2027-01-01\t休\n2027-01-04\t休\n2027-03-02\t休")
    assert stats["moved"] == 2
    lead.refresh_from_db(), co.refresh_from_db()
    assert lead.due_on == date(2027, 3, 3) and co.due_on == date(2027, 1, 5)
    assert lead.return_due_on == date(2026, 12, 16)
    assert Proposal.objects.get(pk=p.pk).reply_due_on == date(2027, 3, 3)
    assert not Deadline.objects.filter(provisional=True, state="open").exists()
    # the proposal's timeline keeps the old dates
    moved = list(
        ProposalEvent.objects.filter(proposal=p, action="deadline_moved").values_list(
            "comment", flat=True
        )
    )
    assert len(moved) == 2
    assert any("2027-03-02 → 2027-03-03" in c for c in moved)
    assert any("2027-01-04 → 2027-01-05" in c for c in moved)
