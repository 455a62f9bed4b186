"""The demo data: every state, issues numbered without gaps, duty records, and the counters
left where the next real adoption continues."""

import io
import random

import pytest
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.demodata import DemoContext
from members.models import DutyKind, DutyRecord
from opinions import demo, services
from opinions.models import BulletinIssue, Instruction, Report, ReportUse
from opinions.workflow import State
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_demo_seed(member_user, member, staff, term):
    ctx = DemoContext(
        scale=1, rng=random.Random(1), today=timezone.localdate(), stdout=io.StringIO()
    )
    ctx.users = {Role.MEMBER: member_user, Role.OPINION_STAFF: staff}
    ctx.data = {"term": term, "members": [member, *MemberFactory.create_batch(20)]}
    demo.seed(ctx)
    assert set(Report.objects.values_list("state", flat=True)) == set(State.values)
    assert Report.objects.filter(member=member).exists()
    assert ReportUse.objects.filter(level="city").exists()
    assert Instruction.objects.exists()
    for year in set(BulletinIssue.objects.values_list("year", flat=True)):
        numbers = sorted(BulletinIssue.objects.filter(year=year).values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))
    adopted = Report.objects.filter(state=State.ADOPTED).count()
    assert DutyRecord.objects.filter(kind=DutyKind.OPINION_ADOPTED).count() == adopted
    # the next real adoption continues the year's numbering
    this_year = BulletinIssue.objects.filter(year=ctx.today.year).count()
    report = services.start_editing(
        actor=staff, report=Report.objects.filter(state=State.SUBMITTED).first()
    )
    report = services.adopt_report(actor=staff, report=report, signed_off_by="张")
    assert report.issue.number == this_year + 1
