"""The demo's earlier sessions (issue 24 item 6): past proposals through the history import,
with their own dates, units following the topic, duty records of their year, no deadlines;
and the earlier years of reports."""

import io
import random
from collections import Counter

import pytest
from django.utils import timezone

from cppcc_portal.core.demodata import DemoContext
from cppcc_portal.notifications.models import Deadline
from members import demo as members_demo
from members.models import DutyRecord
from opinions import demo as opinions_demo
from opinions.models import Report
from proposals import demo
from proposals.models import Assignment, Proposal

pytestmark = pytest.mark.django_db


def test_earlier_sessions_have_a_history():
    today = timezone.localdate()
    ctx = DemoContext(scale=1, rng=random.Random(5), today=today, stdout=io.StringIO())
    members_demo.seed(ctx)
    demo.seed(ctx)
    deadlines = Deadline.objects.count()
    for _order, step in demo.STEPS[1:]:
        step(ctx)
    by_year = Counter(Proposal.objects.values_list("session__year", flat=True))
    assert sorted(by_year) == [today.year - 4 + i for i in range(5)]
    assert all(n >= 100 for n in by_year.values())
    past = Proposal.objects.filter(session__year__lt=today.year)
    assert not past.filter(reply_due_on__isnull=False).exists()
    for p in past.select_related("session")[:50]:  # their own dates: the session's window
        day = timezone.localtime(p.submitted_at).date()
        assert p.session.proposal_window_start <= day <= p.session.proposal_window_end
    assert Deadline.objects.count() == deadlines  # nobody reminded of the past
    assert past.filter(replies__isnull=False, evaluations__isnull=False).exists()
    years = set(DutyRecord.objects.filter(kind="proposal_first").values_list("year", flat=True))
    assert {today.year - 4, today.year - 1} <= years
    # the units follow the topic: most lifts for the housing committee
    leads = Counter(
        Assignment.objects.filter(
            role="lead",
            proposal__title__contains="加装电梯",
            proposal__session__year__lt=today.year,
        ).values_list("unit__name", flat=True)
    )
    assert leads and leads.most_common(1)[0][0] == "区住房和城乡建设委"
    assert leads.most_common(1)[0][1] >= 0.7 * sum(leads.values())

    opinions_demo.seed(ctx)
    for _order, step in opinions_demo.STEPS[1:]:
        step(ctx)
    years = set(Report.objects.values_list("year", flat=True))
    assert {today.year - 4, today.year - 3, today.year - 2} <= years
