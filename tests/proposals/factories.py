"""Factories for the proposal pipeline."""

import factory

from members.models import HandlingUnit
from proposals.models import Proposal, ProposalCategory
from tests.factories import MemberFactory, SessionFactory


class HandlingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandlingUnit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试单位{n}")


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    session = factory.SubFactory(SessionFactory)
    first_proposer = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"关于加强社区养老服务设施建设的建议{n}")
    analysis = "我区老龄人口比例持续上升，社区养老设施不足。"
    suggestions = "一是增加设施；二是完善补贴。"
    category = factory.LazyFunction(
        lambda: ProposalCategory.objects.get_or_create(name="社会建设", defaults={"order": 3})[0]
    )


def fresh(p):
    """The proposal as stored now (another request's view of it)."""
    return Proposal.objects.get(pk=p.pk)
