"""Factories for social-opinion reports."""

import factory
from django.utils import timezone

from members.models import DutyRecord
from opinions.models import BulletinIssue, Recipient, Report
from opinions.workflow import State
from tests.factories import MemberFactory


class RecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recipient
        django_get_or_create = ("name",)

    name = factory.Iterator(["区委", "区政府", "市政协"])
    level = factory.Iterator(["district", "district", "city"])


class ReportFactory(factory.django.DjangoModelFactory):
    """A submitted report by a member (originals frozen as on submission)."""

    class Meta:
        model = Report
        skip_postgeneration_save = True

    member = factory.SubFactory(MemberFactory)
    state = State.SUBMITTED
    title = factory.Sequence(lambda n: f"关于改善老旧小区停车难问题的建议{n}")
    problem = "老旧小区停车位严重不足，居民出行不便。"
    suggestion = "建议利用闲置空地建设立体停车场。"
    original_title = factory.LazyAttribute(lambda o: o.title)
    original_problem = factory.LazyAttribute(lambda o: o.problem)
    original_suggestion = factory.LazyAttribute(lambda o: o.suggestion)
    submitted_at = factory.LazyFunction(timezone.now)
    year = factory.LazyFunction(lambda: timezone.localdate().year)

    @factory.post_generation
    def contributors(self, create, extracted, **kwargs):
        if create:
            members = extracted if extracted is not None else [self.member]
            self.contributors.set([m for m in members if m])


class DraftFactory(ReportFactory):
    state = State.DRAFT
    original_title = ""
    original_problem = ""
    original_suggestion = ""
    submitted_at = None
    year = None

    @factory.post_generation
    def contributors(self, create, extracted, **kwargs):
        pass


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BulletinIssue

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    number = factory.Sequence(lambda n: 100 + n)
    published_on = factory.LazyFunction(timezone.localdate)
    signed_off_by = "李秘书长"


def points(member, kind=None):
    """The member's live duty points (of one kind)."""
    qs = DutyRecord.objects.filter(member=member, voided_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    return sum(r.points for r in qs)


class EditedFactory(ReportFactory):
    """A submitted report that passed editing (核稿): it may now be adopted."""

    state = State.EDITING
