"""A small public record for the public pages' tests: one disclosed proposal with a released
reply and internal remarks all around it, one whose disclosure staff refused, one whose
proposer did not agree."""

from proposals import services
from proposals.models import Communication, Proposal, Reply
from tests.factories import SectorFactory

from .factories import HandlingUnitFactory, release_reply, talk

SECRETS = {
    "phone": "13912345678",
    "id_number": "110101199001011234",
    "work_unit": "秘密工作单位",
    "unit_phone": "022-88886666",
    "staff_comment": "内部审查意见甲",
    "review_comment": "督办审核意见乙",
    "communication": "电话沟通纪要丙",
    "approval_note": "公开审核备注丁",
    "refusal": "不公开理由戊",
    "email": "secret@example.cn",
    "cosigner_phone": "13700001111",
    "cosigner_id": "12010119800101999X",
}


def make_proposal(
    *, member_user, staff, session, category, title, agree=True, cosigner=None, **text
):
    p = services.create_draft(
        actor=member_user,
        session=session,
        title=title,
        analysis=text.get("analysis", "现状分析：" + title),
        suggestions=text.get("suggestions", "具体建议：" + title),
        category=category,
    )
    if cosigner is not None:
        c = services.invite_cosigner(actor=member_user, proposal=p, member=cosigner.member)
        services.respond_cosign(actor=cosigner, cosigner=c, accept=True)
        p = Proposal.objects.get(pk=p.pk)
    p = services.submit(actor=member_user, proposal=p, disclose=agree)
    return services.register(actor=staff, proposal=Proposal.objects.get(pk=p.pk))


def reply_to(p, *, staff, unit, liaison, text="已列入明年计划", result="B"):
    p = services.assign(actor=staff, proposal=Proposal.objects.get(pk=p.pk), lead=unit)
    lead = p.assignments.get(role="lead")
    services.sign_for(actor=liaison, assignment=lead)
    talk(liaison, lead, summary=SECRETS["communication"])
    release_reply(
        liaison=liaison, assignment=lead, staff=staff, text=text, result=result, comment=""
    )
    return Proposal.objects.get(pk=p.pk)


def public_record(*, member_user, staff, session, category, liaison, cosigner_user):
    member = member_user.member
    member.phone, member.id_number = SECRETS["phone"], SECRETS["id_number"]
    member.work_unit, member.email = SECRETS["work_unit"], SECRETS["email"]
    member.sector = SectorFactory(name="医卫界")
    member.save()
    unit = HandlingUnitFactory(name="区卫健委", phone=SECRETS["unit_phone"])
    unit.liaisons.add(liaison)
    args = {"member_user": member_user, "staff": staff, "session": session, "category": category}
    co = cosigner_user.member
    co.phone, co.id_number, co.name = "13700001111", "12010119800101999X", "李联名"
    co.sector = SectorFactory(name="教育界")
    co.save()
    shown = make_proposal(title="关于完善社区养老服务的建议", cosigner=cosigner_user, **args)
    services.review_disclosure(
        actor=staff, proposal=shown, decision="approve", reason=SECRETS["approval_note"]
    )
    shown = reply_to(shown, staff=staff, unit=unit, liaison=liaison, text="复文：增设养老驿站")
    Proposal.objects.filter(pk=shown.pk).update(staff_comment=SECRETS["staff_comment"])
    Reply.objects.filter(proposal=shown).update(review_comment=SECRETS["review_comment"])
    refused = make_proposal(title="关于老旧小区停车难的建议", **args)
    services.review_disclosure(
        actor=staff, proposal=refused, decision="refuse", reason=SECRETS["refusal"]
    )
    private = make_proposal(title="关于河道治理的建议", agree=False, **args)
    assert Communication.objects.filter(proposal=shown).exists()
    return {
        "shown": Proposal.objects.get(pk=shown.pk),
        "refused": refused,
        "private": private,
        "unit": unit,
    }
