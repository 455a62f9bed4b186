"""The demo data: a plan with consultations in every state, plenary attendance for every
sitting member, inspections with rectification items, research, and a ledger that holds
one live record per duty."""

import io
import random

import pytest
from django.db.models import Count
from django.utils import timezone

from consultations import demo
from consultations.models import (
    Attendance,
    Consultation,
    Inspection,
    Meeting,
    Rectification,
    ResearchReport,
)
from consultations.workflow import ConsultationState
from cppcc_portal.core.demodata import DemoContext
from members import demo as members_demo
from members.models import DutyKind, DutyRecord, Member
from proposals import demo as proposals_demo

pytestmark = pytest.mark.django_db


def test_demo_seed():
    ctx = DemoContext(
        scale=1, rng=random.Random(7), today=timezone.localdate(), stdout=io.StringIO()
    )
    members_demo.seed(ctx)
    proposals_demo.seed(ctx)
    demo.seed(ctx)
    assert set(Consultation.objects.values_list("state", flat=True)) == set(
        ConsultationState.values
    )
    assert Consultation.objects.filter(plan_item__isnull=True).exists()
    sitting = Member.objects.filter(status=Member.Status.SITTING).count()
    plenary = Meeting.objects.filter(kind=Meeting.Kind.PLENARY)
    assert plenary.count() == 5
    for meeting in plenary:
        assert meeting.attendances.count() == sitting
    assert Inspection.objects.count() == 2 and Rectification.objects.count() >= 2
    assert ResearchReport.objects.filter(author_member__isnull=False).exists()
    # the demo member has invitations, and staff have leave requests to decide
    member = ctx.users["member"].member
    assert Attendance.objects.filter(member=member, status="invited").exists()
    assert Attendance.objects.filter(status="leave_requested").exists()
    # one live ledger row per duty; plenary absences once per session
    dupes = (
        DutyRecord.objects.filter(voided_at__isnull=True)
        .values("member", "kind", "source_key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not dupes.exists()
    for kind in (
        DutyKind.PLENARY_ATTENDED,
        DutyKind.CONSULTATION,
        DutyKind.MEETING_LEAVE,
        DutyKind.SPEECH,
        DutyKind.INSPECTION,
        DutyKind.RESEARCH,
        DutyKind.RESEARCH_REPORT,
    ):
        assert DutyRecord.objects.filter(kind=kind).exists(), kind
    per_session = (
        DutyRecord.objects.filter(kind=DutyKind.PLENARY_ABSENT)
        .values("member")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not per_session.exists()
