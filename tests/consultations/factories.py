"""Factories for the consultations app."""

from datetime import date, datetime, time, timedelta

import factory
from django.utils import timezone

from consultations.models import (
    Attendance,
    Consultation,
    ConsultationForm,
    ConsultationPlan,
    Inspection,
    Meeting,
    PlanItem,
    Rectification,
    ResearchProject,
    ResearchReport,
    Speech,
    SupervisionItem,
    SupervisionPlan,
)
from tests.factories import HandlingUnitFactory, MemberFactory, SpecialCommitteeFactory


def local_dt(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def first_form():
    return ConsultationForm.objects.order_by("order").first()


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationPlan
        django_get_or_create = ("year",)

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    title = factory.LazyAttribute(lambda o: f"{o.year}年度协商计划")


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(PlanFactory)
    topic = factory.Sequence(lambda n: f"协商议题{n}")
    form = factory.LazyFunction(first_form)
    planned_month = 6
    lead_leader = "区政协主席"
    committee = factory.SubFactory(SpecialCommitteeFactory)


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    year = factory.LazyAttribute(lambda o: o.scheduled_on.year)
    topic = factory.Sequence(lambda n: f"协商{n}")
    form = factory.LazyFunction(first_form)
    scheduled_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    venue = "区政协会议室"


def _an_hour_ago_today():
    """An hour ago, but not before today's midnight in the district's time zone: a meeting
    held "today" must fall on today's date there (in the hour after midnight, an hour ago was
    yesterday, and recording it as held today was refused — a test that failed at 00:50)."""
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return max(now - timedelta(hours=1), midnight)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.OTHER
    title = factory.Sequence(lambda n: f"会议{n}")
    starts_at = factory.LazyFunction(lambda: _an_hour_ago_today())
    venue = "三楼会议室"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MemberFactory)


class SpeechFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speech

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MemberFactory)
    title = "发言"
    text = "发言内容"


class SupervisionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionPlan
        django_get_or_create = ("year",)

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    title = "民主监督计划"


class SupervisionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionItem

    plan = factory.SubFactory(SupervisionPlanFactory)
    topic = factory.Sequence(lambda n: f"监督事项{n}")
    form = SupervisionItem.Form.INSPECTION
    planned_month = 5


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    title = factory.Sequence(lambda n: f"视察{n}")
    held_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    place = "北运河"


class RectificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rectification

    inspection = factory.SubFactory(InspectionFactory)
    finding = factory.Sequence(lambda n: f"问题{n}")
    responsible_unit = factory.SubFactory(HandlingUnitFactory)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class ResearchProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchProject

    topic = factory.Sequence(lambda n: f"调研{n}")
    starts_on = date(2026, 4, 1)
    ends_on = date(2026, 4, 20)


class ResearchReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchReport

    title = factory.Sequence(lambda n: f"调研报告{n}")
    text = "报告"
    author_member = factory.SubFactory(MemberFactory)
    submitted_on = date(2026, 5, 1)
