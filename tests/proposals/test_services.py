"""The pipeline's rules and refusals, service by service."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from cppcc_portal.notifications.models import Deadline, Notification
from members.models import DutyKind, DutyRecord
from proposals import services, workflow
from proposals.models import (
    Assignment,
    CoSigner,
    NotRegisteredGround,
    Proposal,
    ProposalEvent,
    ProposalSettings,
    ReturnRequest,
)

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db
S = Proposal.Status


def fresh(p):
    return Proposal.objects.get(pk=p.pk)


def test_full_pipeline_with_rehandling(
    draft, member_user, cosigner_users, staff, unit, co_unit, liaison, liaison2
):
    c1 = services.invite_cosigner(
        actor=member_user, proposal=draft, member=cosigner_users[0].member
    )
    c2 = services.invite_cosigner(
        actor=member_user, proposal=draft, member=cosigner_users[1].member
    )
    assert fresh(draft).kind == Proposal.Kind.JOINT
    assert Deadline.objects.filter(duty="proposal.cosigner_confirm").count() == 2
    services.respond_cosign(actor=cosigner_users[0], cosigner=c1, accept=True)
    services.respond_cosign(actor=cosigner_users[1], cosigner=c2, accept=True)
    p = services.submit(actor=member_user, proposal=draft)
    assert p.status == S.SUBMITTED
    p = services.register(actor=staff, proposal=p)
    assert p.number == 1 and p.number_display.endswith("第0001号")
    assert DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_FIRST).count() == 1
    assert DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_COSIGNER).count() == 2
    p = services.assign(actor=staff, proposal=p, lead=unit, co_units=[co_unit])
    assert p.status == S.ASSIGNED and p.reply_due_on
    lead = p.assignments.get(role="lead")
    co = p.assignments.get(role="co")
    services.sign_for(actor=liaison, assignment=lead)
    assert fresh(p).status == S.HANDLING
    services.send_views(actor=liaison2, assignment=co, views="同意主办意见")
    services.record_communication(
        actor=liaison,
        assignment=lead,
        method="visit",
        occurred_on=timezone.localdate(),
        summary="走访",
    )
    services.reply(actor=liaison, assignment=lead, result="B", text="列入计划", signer="王局长")
    p = fresh(p)
    assert p.status == S.REPLIED and p.evaluation_due_on
    services.evaluate(
        actor=member_user,
        proposal=p,
        satisfaction="unsatisfied",
        score_before=2,
        score_during=2,
        score_reply=1,
        comment="未解决",
    )
    p = fresh(p)
    assert p.status == S.REHANDLING and p.rehandling_rounds == 1
    assert Deadline.objects.filter(duty="proposal.rehandling_reply", state="open").count() == 1
    services.reply(actor=liaison, assignment=lead, result="A", text="已解决", signer="王局长")
    p = fresh(p)
    assert p.status == S.REPLIED
    services.evaluate(
        actor=member_user,
        proposal=p,
        satisfaction="satisfied",
        score_before=5,
        score_during=5,
        score_reply=5,
    )
    p = fresh(p)
    assert p.status == S.CLOSED and p.closed_at
    moves = list(
        ProposalEvent.objects.filter(proposal=p)
        .exclude(to_state="")
        .values_list("to_state", flat=True)
    )
    assert moves == [
        "draft",
        "submitted",
        "registered",
        "assigned",
        "handling",
        "replied",
        "rehandling",
        "replied",
        "closed",
    ]
    assert not Deadline.objects.filter(state__in=["open", "overdue"]).exists()


def test_unsatisfied_at_cap_closes(replied, member_user):
    ProposalSettings.objects.update(rehandling_cap=0)
    services.evaluate(
        actor=member_user,
        proposal=replied,
        satisfaction="unsatisfied",
        score_before=1,
        score_during=1,
        score_reply=1,
    )
    assert fresh(replied).status == S.CLOSED


def test_illegal_move_refused_clearly(draft, staff):
    with pytest.raises(ValidationError) as exc:
        services.register(actor=staff, proposal=draft)
    assert "草稿" in str(exc.value) or "Draft" in str(exc.value)
    assert fresh(draft).status == S.DRAFT


def test_every_transition_source_is_declared():
    for name, t in workflow.TRANSITIONS.items():
        assert t.target in workflow.STATE_META, name
        assert t.sources <= set(S.values), name


def test_stale_object_refused(submitted, staff):
    stale = fresh(submitted)
    services.register(actor=staff, proposal=submitted)
    with pytest.raises(ValidationError) as exc:
        services.return_for_revision(actor=staff, proposal=stale, comment="格式")
    assert "该提案已被他人修改" in str(exc.value)


def test_submit_requires_content(member_user, session):
    p = services.create_draft(actor=member_user, session=session, title="只有标题")
    with pytest.raises(ValidationError) as exc:
        services.submit(actor=member_user, proposal=p)
    assert {"analysis", "suggestions", "category"} <= set(exc.value.message_dict)


def test_empty_and_oversized_title_refused(member_user, session):
    with pytest.raises(ValidationError):
        services.create_draft(actor=member_user, session=session, title="   ")
    with pytest.raises(ValidationError):
        services.create_draft(actor=member_user, session=session, title="长" * 101)
    assert not Proposal.objects.exists()


def test_only_members_draft(staff, session):
    with pytest.raises(PermissionDenied):
        services.create_draft(actor=staff, session=session, title="标题")


def test_only_first_proposer_edits_and_submits(draft, cosigner_users):
    with pytest.raises(PermissionDenied):
        services.update_draft(actor=cosigner_users[0], proposal=draft, title="改")
    with pytest.raises(PermissionDenied):
        services.submit(actor=cosigner_users[0], proposal=draft)


def test_cannot_edit_after_submission(submitted, member_user):
    with pytest.raises(ValidationError):
        services.update_draft(actor=member_user, proposal=submitted, title="改")


def test_cosigner_rules(draft, member_user, cosigner_users):
    with pytest.raises(ValidationError):
        services.invite_cosigner(actor=member_user, proposal=draft, member=member_user.member)
    c = services.invite_cosigner(actor=member_user, proposal=draft, member=cosigner_users[0].member)
    with pytest.raises(ValidationError):
        services.invite_cosigner(actor=member_user, proposal=draft, member=cosigner_users[0].member)
    with pytest.raises(PermissionDenied):
        services.respond_cosign(actor=cosigner_users[1], cosigner=c, accept=True)
    assert Notification.objects.filter(recipient=cosigner_users[0]).exists()
    CoSigner.objects.filter(pk=c.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError):
        services.respond_cosign(actor=cosigner_users[0], cosigner=c, accept=True)
    assert services.expire_cosigners() == 1
    assert CoSigner.objects.get(pk=c.pk).state == CoSigner.State.EXPIRED


def test_unconfirmed_cosigner_gets_no_duty(draft, member_user, cosigner_users, staff):
    services.invite_cosigner(actor=member_user, proposal=draft, member=cosigner_users[0].member)
    services.submit(actor=member_user, proposal=draft)
    services.register(actor=staff, proposal=draft)
    assert not DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_COSIGNER).exists()
    assert CoSigner.objects.get().state == CoSigner.State.EXPIRED


def test_registration_is_idempotent_for_duty(registered, staff):
    with pytest.raises(ValidationError):
        services.register(actor=staff, proposal=registered)
    assert DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_FIRST).count() == 1


def test_staff_only_review(submitted, member_user, leader):
    for actor in (member_user, leader):
        with pytest.raises(PermissionDenied):
            services.register(actor=actor, proposal=submitted)


def test_return_needs_reason_and_then_resubmit(submitted, staff, member_user):
    with pytest.raises(ValidationError):
        services.return_for_revision(actor=staff, proposal=submitted, comment=" ")
    services.return_for_revision(actor=staff, proposal=submitted, comment="请补充数据")
    p = fresh(submitted)
    assert p.status == S.RETURNED and p.staff_comment == "请补充数据"
    services.update_draft(actor=member_user, proposal=p, analysis="补充了数据")
    services.submit(actor=member_user, proposal=p)
    assert fresh(p).status == S.SUBMITTED


def test_not_register_with_ground_and_consent(submitted, staff, member_user):
    ground = NotRegisteredGround.objects.get_or_create(text="属于学术讨论")[0]
    with pytest.raises(ValidationError):
        services.not_register(actor=staff, proposal=submitted, ground=None)
    services.not_register(actor=staff, proposal=submitted, ground=ground, comment="属学术讨论")
    p = fresh(submitted)
    assert p.status == S.NOT_REGISTERED and p.not_registered_ground == ground
    with pytest.raises(ValidationError):
        services.convert_to_report(actor=staff, proposal=p)  # no consent yet
    p = services.consent_to_conversion(actor=member_user, proposal=p)
    assert p.conversion_consent_at is not None
    with pytest.raises(ValidationError):
        services.consent_to_conversion(actor=member_user, proposal=p)
    with pytest.raises(PermissionDenied):
        services.convert_to_report(actor=member_user, proposal=p)
    p, report = services.convert_to_report(actor=staff, proposal=p)
    assert report.source == p and p.converted_to == report
    with pytest.raises(ValidationError):
        services.convert_to_report(actor=staff, proposal=p)


def test_merge(submitted, registered_other, staff):
    services.merge(actor=staff, proposal=submitted, into=registered_other)
    p = fresh(submitted)
    assert p.status == S.MERGED and p.merged_into_id == registered_other.pk
    with pytest.raises(ValidationError):
        services.merge(actor=staff, proposal=registered_other, into=registered_other)


@pytest.fixture
def registered_other(session, staff):
    p = ProposalFactory(session=session)
    p = services.submit(actor=p.first_proposer.user, proposal=p) if p.first_proposer.user else p
    Proposal.objects.filter(pk=p.pk).update(status=S.SUBMITTED)
    p = fresh(p)
    return services.register(actor=staff, proposal=p)


def test_merge_into_unregistered_refused(submitted, staff, session):
    other = ProposalFactory(session=session)
    with pytest.raises(ValidationError):
        services.merge(actor=staff, proposal=submitted, into=other)


def test_assign_rules(registered, staff, unit, co_unit):
    with pytest.raises(ValidationError):
        services.assign(actor=staff, proposal=registered)
    with pytest.raises(ValidationError):
        services.assign(actor=staff, proposal=registered, lead=unit, split_units=[co_unit])
    with pytest.raises(ValidationError):
        services.assign(actor=staff, proposal=registered, lead=unit, co_units=[unit])
    with pytest.raises(ValidationError):
        services.assign(actor=staff, proposal=registered, co_units=[unit])
    p = services.assign(actor=staff, proposal=registered, split_units=[unit, co_unit])
    assert p.assignments.filter(role="split").count() == 2
    assert Deadline.objects.filter(duty="proposal.lead_reply").count() == 2
    d = Deadline.objects.filter(duty="proposal.unit_signfor").first()
    assert d.unit_id in {unit.pk, co_unit.pk} and len(d.escalation) == 4


def test_split_replied_only_when_all_reply(registered, staff, unit, co_unit, liaison, liaison2):
    p = services.assign(actor=staff, proposal=registered, split_units=[unit, co_unit])
    for user, u in ((liaison, unit), (liaison2, co_unit)):
        a = p.assignments.get(unit=u)
        services.sign_for(actor=user, assignment=a)
        services.record_communication(
            actor=user, assignment=a, method="phone", occurred_on=timezone.localdate(), summary="x"
        )
    services.reply(
        actor=liaison, assignment=p.assignments.get(unit=unit), result="A", text="t", signer="s"
    )
    assert fresh(p).status == S.HANDLING
    services.reply(
        actor=liaison2, assignment=p.assignments.get(unit=co_unit), result="B", text="t", signer="s"
    )
    assert fresh(p).status == S.REPLIED


def test_unit_acts_only_on_own_assignment(assigned, liaison2, make_user):
    lead = assigned.assignments.get(role="lead")
    with pytest.raises(PermissionDenied):
        services.sign_for(actor=liaison2, assignment=lead)


def test_reply_requires_signing_and_consultation(assigned, liaison):
    lead = assigned.assignments.get(role="lead")
    with pytest.raises(ValidationError):
        services.reply(actor=liaison, assignment=lead, result="A", text="t", signer="s")
    services.sign_for(actor=liaison, assignment=lead)
    with pytest.raises(ValidationError) as exc:
        services.reply(actor=liaison, assignment=lead, result="A", text="t", signer="s")
    assert "沟通" in str(exc.value) or "Consult" in str(exc.value)
    services.record_communication(
        actor=liaison,
        assignment=lead,
        method="phone",
        occurred_on=timezone.localdate(),
        summary="x",
    )
    with pytest.raises(ValidationError):
        services.reply(actor=liaison, assignment=lead, result="Z", text="t", signer="s")
    with pytest.raises(ValidationError):
        services.record_communication(
            actor=liaison,
            assignment=lead,
            method="phone",
            occurred_on=timezone.localdate() + timedelta(days=2),
            summary="x",
        )


def test_co_unit_cannot_reply(handling, liaison2):
    co = handling.assignments.get(role="co")
    services.sign_for(actor=liaison2, assignment=co)
    with pytest.raises(ValidationError):
        services.reply(actor=liaison2, assignment=co, result="A", text="t", signer="s")


def test_return_request_and_reassign(assigned, liaison, staff, other_unit):
    lead = assigned.assignments.get(role="lead")
    req = services.request_return(actor=liaison, assignment=lead, reason="不属于本单位职责")
    assert Assignment.objects.get(pk=lead.pk).state == "return_requested"
    with pytest.raises(PermissionDenied):
        services.decide_return(actor=liaison, request=req, approve=True)
    services.decide_return(actor=staff, request=req, approve=True)
    p = fresh(assigned)
    assert p.status == S.REGISTERED
    assert not p.assignments.exclude(state="released").exists()
    services.assign(actor=staff, proposal=p, lead=other_unit)
    assert fresh(p).status == S.ASSIGNED


def test_return_refused_after_signing_or_window(assigned, liaison, staff):
    lead = assigned.assignments.get(role="lead")
    Assignment.objects.filter(pk=lead.pk).update(return_due_on=timezone.localdate() - timedelta(1))
    with pytest.raises(ValidationError):
        services.request_return(actor=liaison, assignment=lead, reason="x")
    services.sign_for(actor=liaison, assignment=lead)
    with pytest.raises(ValidationError):
        services.request_return(actor=liaison, assignment=lead, reason="x")


def test_rejected_return_back_to_active(assigned, liaison, staff):
    lead = assigned.assignments.get(role="lead")
    req = services.request_return(actor=liaison, assignment=lead, reason="x")
    services.decide_return(actor=staff, request=req, approve=False, note="请办理")
    assert Assignment.objects.get(pk=lead.pk).state == "active"
    assert ReturnRequest.objects.get().state == "rejected"


def test_extension(handling, liaison, staff):
    lead = handling.assignments.get(role="lead")
    with pytest.raises(ValidationError):
        services.request_extension(
            actor=liaison, assignment=lead, until=lead.due_on - timedelta(1), reason="复杂"
        )
    with pytest.raises(ValidationError):
        services.request_extension(
            actor=liaison, assignment=lead, until=lead.due_on + timedelta(400), reason="复杂"
        )
    until = lead.due_on + timedelta(days=30)
    req = services.request_extension(actor=liaison, assignment=lead, until=until, reason="复杂")
    with pytest.raises(ValidationError):
        services.request_extension(actor=liaison, assignment=lead, until=until, reason="再")
    services.decide_extension(actor=staff, request=req, approve=True)
    assert Assignment.objects.get(pk=lead.pk).due_on == until
    assert Deadline.objects.get(duty="proposal.extension_reply", state="open").due_on == until
    assert fresh(handling).reply_due_on == until


def test_evaluation_only_by_proposers_once(replied, member_user, cosigner_users, liaison):
    with pytest.raises(PermissionDenied):
        services.evaluate(
            actor=cosigner_users[0],
            proposal=replied,
            satisfaction="satisfied",
            score_before=5,
            score_during=5,
            score_reply=5,
        )
    with pytest.raises(ValidationError):
        services.evaluate(
            actor=member_user,
            proposal=replied,
            satisfaction="satisfied",
            score_before=9,
            score_during=5,
            score_reply=5,
        )
    assert fresh(replied).status == S.REPLIED


def test_close_not_evaluated(replied):
    assert not services.close_not_evaluated(proposal=replied)
    Proposal.objects.filter(pk=replied.pk).update(
        evaluation_due_on=timezone.localdate() - timedelta(days=1)
    )
    from proposals.tasks import close_unevaluated_proposals

    assert close_unevaluated_proposals() == 1
    p = fresh(replied)
    assert p.status == S.CLOSED and p.not_evaluated


def test_quality_rating_once(replied, liaison):
    lead = replied.assignments.get(role="lead")
    services.rate_quality(actor=liaison, assignment=lead, topic=4, analysis=4, feasibility=3)
    with pytest.raises(ValidationError):
        services.rate_quality(actor=liaison, assignment=lead, topic=4, analysis=4, feasibility=3)


def test_key_and_excellent_duty(registered, staff, leader, member_user):
    with pytest.raises(ValidationError):
        services.set_key(actor=staff, proposal=registered, is_key=True, leaders=[])
    with pytest.raises(ValidationError):
        services.set_key(actor=staff, proposal=registered, is_key=True, leaders=[member_user])
    services.set_key(actor=staff, proposal=registered, is_key=True, leaders=[leader])
    services.set_key(actor=staff, proposal=registered, is_key=True, leaders=[leader])
    assert DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_KEY).count() == 1
    with pytest.raises(ValidationError):
        services.set_excellence(actor=staff, proposal=registered, excellence="selected")
    services.set_excellence(actor=staff, proposal=registered, excellence="nominated")
    services.set_excellence(actor=staff, proposal=registered, excellence="selected")
    assert DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_EXCELLENT).count() == 1
    services.set_key(actor=staff, proposal=registered, is_key=False)
    assert not DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_KEY, voided_at=None).exists()


def test_key_on_draft_refused(draft, staff, leader):
    with pytest.raises(ValidationError):
        services.set_key(actor=staff, proposal=draft, is_key=True, leaders=[leader])


def test_supervision_and_instruction(registered, staff, leader, make_user):
    other_leader = make_user("leader")
    with pytest.raises(PermissionDenied):
        services.record_supervision(
            actor=leader,
            proposal=registered,
            kind="urging",
            occurred_on=timezone.localdate(),
            note="督促",
        )
    services.set_key(actor=staff, proposal=registered, is_key=True, leaders=[leader])
    services.record_supervision(
        actor=leader,
        proposal=registered,
        kind="urging",
        occurred_on=timezone.localdate(),
        note="督促",
    )
    with pytest.raises(PermissionDenied):
        services.record_supervision(
            actor=other_leader,
            proposal=registered,
            kind="urging",
            occurred_on=timezone.localdate(),
            note="督促",
        )
    services.record_instruction(actor=other_leader, proposal=registered, text="请抓紧办理")
    with pytest.raises(PermissionDenied):
        services.record_instruction(actor=staff, proposal=registered, text="x")


def test_withdraw(submitted, member_user, staff):
    services.withdraw(actor=member_user, proposal=submitted)
    assert fresh(submitted).status == S.WITHDRAWN


def test_create_draft_from(make_user, member_user, session):
    station = make_user("station_manager")
    outsider = make_user()
    with pytest.raises(PermissionDenied):
        services.create_draft_from(
            actor=outsider, member=member_user.member, title="t", analysis="a", suggestions="s"
        )
    p = services.create_draft_from(
        actor=station,
        member=member_user.member,
        title="居民反映停车难",
        analysis="a",
        suggestions="s",
        source=member_user.member,
    )
    assert p.status == S.DRAFT and p.first_proposer == member_user.member
    assert p.source == member_user.member


def test_bulk_register_names_refusals(session, staff, submitted, draft):
    results = services.bulk_register(actor=staff, proposals=[fresh(submitted), fresh(draft)])
    ok = [r for r in results if r[1]]
    refused = [r for r in results if not r[1]]
    assert len(ok) == 1 and len(refused) == 1 and refused[0][2]


@pytest.mark.django_db(transaction=True)
def test_concurrent_registration_gap_free(term, category):
    from tests.factories import SessionFactory, UserFactory

    from .conftest import Role  # noqa: F401

    staff = UserFactory(roles=["proposal_staff"])
    session = SessionFactory(term=term)
    ps = [ProposalFactory(session=session) for _ in range(20)]
    Proposal.objects.filter(pk__in=[p.pk for p in ps]).update(status=S.SUBMITTED)
    errors = []
    barrier = threading.Barrier(20)

    def work(pk):
        try:
            barrier.wait()
            services.register(actor=staff, proposal=Proposal.objects.get(pk=pk))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(p.pk,)) for p in ps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    numbers = sorted(Proposal.objects.filter(session=session).values_list("number", flat=True))
    assert numbers == list(range(1, 21))


def test_unit_deadlines_carry_unit_name(assigned, unit):
    d = Deadline.objects.get(duty="proposal.lead_reply")
    assert d.unit_id == unit.pk and d.unit_name == unit.name
