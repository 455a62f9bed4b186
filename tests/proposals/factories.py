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


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def signed_document(name="答复.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PNG)


def talk(liaison, assignment, summary="电话沟通"):
    """A contact with the proposer in the proposal's current round."""
    from django.utils import timezone

    from proposals import services

    return services.record_communication(
        actor=liaison,
        assignment=assignment,
        method="phone",
        occurred_on=timezone.localdate(),
        summary=summary,
    )


def release_reply(
    *, liaison, assignment, staff, result="B", text="正在解决", signer="王局长", co=(), **review
):
    """A unit's reply through its sign-off: drafted with the signed document, countersigned by
    each co-unit in `co` ([(liaison, assignment)]), released by proposal staff."""
    from proposals import services
    from proposals.models import Reply

    draft = services.draft_reply(
        actor=liaison,
        assignment=assignment,
        result=result,
        text=text,
        signer=signer,
        document=signed_document(),
    )
    for user, co_assignment in co:
        draft = Reply.objects.get(pk=draft.pk)
        services.countersign_reply(
            actor=user,
            assignment=co_assignment,
            reply=draft,
            version=draft.version,
            decision="agree",
        )
    draft = Reply.objects.get(pk=draft.pk)
    review.setdefault("result", draft.result)
    return services.review_reply(
        actor=staff, reply=draft, version=draft.version, decision="release", **review
    )
