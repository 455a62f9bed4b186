"""Demo handling units (~40) and a session's worth of proposals in every state."""

from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.models import Counter
from members.models import HandlingUnit

from .demo_topics import VERBS, pick_topic, title_for, units_for

UNITS = [
    ("区发展改革委", "government"),
    ("区教育局", "government"),
    ("区科技局", "government"),
    ("区工业和信息化局", "government"),
    ("区公安局", "government"),
    ("区民政局", "government"),
    ("区司法局", "government"),
    ("区财政局", "government"),
    ("区人力资源和社会保障局", "government"),
    ("区规划和自然资源局", "government"),
    ("区生态环境局", "government"),
    ("区住房和城乡建设委", "government"),
    ("区城市管理委", "government"),
    ("区交通运输局", "government"),
    ("区水务局", "government"),
    ("区农业农村委", "government"),
    ("区商务局", "government"),
    ("区文化和旅游局", "government"),
    ("区卫生健康委", "government"),
    ("区退役军人事务局", "government"),
    ("区应急管理局", "government"),
    ("区审计局", "government"),
    ("区国资委", "government"),
    ("区市场监管局", "government"),
    ("区体育局", "government"),
    ("区统计局", "government"),
    ("区医疗保障局", "government"),
    ("区信访办", "government"),
    ("区政务服务办", "government"),
    ("区数据局", "government"),
    ("区委组织部", "party"),
    ("区委宣传部", "party"),
    ("区委统战部", "party"),
    ("区委政法委", "party"),
    ("区人民法院", "judicial"),
    ("区人民检察院", "judicial"),
    ("区总工会", "group"),
    ("团区委", "group"),
    ("区妇联", "group"),
    ("区残联", "group"),
    ("区供电公司", "enterprise"),
]


def seed(ctx):
    units = [
        HandlingUnit(
            name=name,
            kind=kind,
            head_name=ctx.rng.choice("王李张刘陈") + "局长",
            order=i,
            phone=f"022-2{i:03d}0000",
        )
        for i, (name, kind) in enumerate(UNITS)
    ]
    HandlingUnit.objects.bulk_create(units)
    units = list(HandlingUnit.objects.order_by("order"))
    liaison = ctx.users.get(Role.UNIT_LIAISON)
    if liaison:
        units[1].liaisons.add(liaison)
    ctx.data["units"] = units
    ctx.log(f"{len(units)} handling units")
    seed_proposals(ctx)


STATE_MIX = [  # (status, weight) for the current session
    ("draft", 3),
    ("submitted", 5),
    ("returned", 2),
    ("withdrawn", 2),
    ("registered", 4),
    ("not_registered", 5),
    ("merged", 3),
    ("assigned", 6),
    ("handling", 12),
    ("replied", 10),
    ("rehandling", 3),
    ("closed", 45),
]
PAST_MIX = [("closed", 80), ("not_registered", 8), ("merged", 5), ("withdrawn", 3), ("replied", 0)]
UNSATISFIED_REASONS = [
    "答复未回应建议中的具体措施，缺少时间表。",
    "办前未与提案人沟通，答复内容与实际不符。",
    "问题仍未解决，答复过于笼统。",
]
REGISTERED = {"registered", "assigned", "handling", "replied", "rehandling", "closed"}
ORDER = ["draft", "submitted", "registered", "assigned", "handling", "replied"]


def _aware(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _pick(rng, mix):
    total = sum(w for _, w in mix)
    x = rng.uniform(0, total)
    for state, w in mix:
        x -= w
        if x <= 0:
            return state
    return mix[-1][0]


def seed_proposals(ctx):
    """~300 × scale proposals per session (the current one; earlier ones too at larger
    scales), every state, with units, replies, evaluations, events and duty records."""
    from cppcc_portal.notifications.models import Deadline
    from members.models import DutyKind, Member, PointRule

    from .models import (
        Assignment,
        Communication,
        CoSigner,
        Evaluation,
        NotRegisteredGround,
        Proposal,
        ProposalCategory,
        ProposalEvent,
        ProposalSettings,
        QualityRating,
        Reply,
        Supervision,
    )

    rng, scale, today = ctx.rng, ctx.scale, ctx.today
    from .defaults import ensure_catalogues

    ensure_catalogues()
    config = ProposalSettings.get()
    categories = list(ProposalCategory.objects.all())
    grounds = list(NotRegisteredGround.objects.all())
    units = ctx.data["units"]
    sessions = sorted(ctx.data["sessions"], key=lambda s: s.year)
    current = [s for s in sessions if s.start_date <= today] or sessions[:1]
    n_sessions = 1 if scale == 1 else min(3, len(current))
    chosen = current[-n_sessions:]
    members = [m for m in ctx.data["members"] if m.status == Member.Status.SITTING]
    member_user = ctx.users.get(Role.MEMBER)
    demo_member = Member.objects.filter(user=member_user).first() if member_user else None
    staff_user = ctx.users.get(Role.PROPOSAL_STAFF)
    leader_user = ctx.users.get(Role.LEADER)
    liaison_unit = units[1]
    points = dict(PointRule.objects.filter(term__isnull=True).values_list("kind", "points"))

    categories_by_name = {c.name: c for c in categories}
    units_by_name = {u.name: u for u in units}
    proposals, plan, topic_units = [], [], {}
    for session in chosen:
        is_current = session is chosen[-1]
        count = 300 * scale
        for i in range(count):
            state = _pick(rng, STATE_MIX if is_current else PAST_MIX)
            first = rng.choice(members)
            if is_current and demo_member and i < 8:
                state = [
                    "draft",
                    "submitted",
                    "returned",
                    "registered",
                    "handling",
                    "replied",
                    "closed",
                    "not_registered",
                ][i]
                first = demo_member
            category, topic, lead_name, co_names = pick_topic(rng, categories_by_name)
            title = title_for(rng, topic)
            topic_units[len(proposals)] = (lead_name, co_names)
            window = (session.proposal_window_end - session.proposal_window_start).days
            plenary = rng.random() < 0.75
            if plenary:
                submitted_day = session.proposal_window_start + timedelta(rng.randint(0, window))
            else:
                last = min(today, session.start_date + timedelta(days=300))
                span = max(1, (last - session.proposal_window_end).days)
                submitted_day = session.proposal_window_end + timedelta(rng.randint(1, span))
            submitted_day = min(submitted_day, today)
            kind = (
                "joint"
                if rng.random() < 0.3
                else rng.choice(["individual"] * 8 + ["party_group", "sector", "committee"])
            )
            proposals.append(
                Proposal(
                    session=session,
                    kind=kind,
                    is_plenary=plenary,
                    category=category or rng.choice(categories),
                    title=title[:100],
                    analysis=f"近年来，我区{topic}工作取得一定成效，但仍存在投入不足、机制不健全、"
                    f"群众获得感不强等问题。据调研，相关问题在{rng.randint(3, 19)}个镇街普遍存在。",
                    suggestions=f"一是{rng.choice(VERBS)}统筹规划；二是加大财政投入；"
                    f"三是建立{topic}长效机制；四是强化督查考核。",
                    first_proposer=first,
                    organisation="" if kind in {"individual", "joint"} else first.sector.name,
                    status=state,
                    created_by=first.user,
                    submitted_at=None if state == "draft" else _aware(submitted_day),
                )
            )
            plan.append((session, state, submitted_day))

    # Numbers: registration order within each session, gap-free, counter set after.
    numbered = sorted(
        [
            (i, p, s, st, d)
            for i, (p, (s, st, d)) in enumerate(zip(proposals, plan, strict=True))
            if st in REGISTERED
        ],
        key=lambda x: (x[2].pk, x[4], x[0]),
    )
    last_number = {}
    for _i, p, session, _state, day in numbered:
        n = last_number.get(session.pk, 0) + 1
        last_number[session.pk] = n
        p.number = n
        p.number_display = config.format_number(session=session.name, year=session.year, number=n)
        p.registered_at = _aware(day + timedelta(days=rng.randint(2, 12)))
    for key, value in last_number.items():
        Counter.objects.update_or_create(key=f"proposal:{key}", defaults={"value": value})

    events, assignments, comms, replies, evals, ratings, cosigners = [], [], [], [], [], [], []
    _seed_disclosure(numbered, events, staff_user)
    duty, deadlines, supervisions = [], [], []
    registered_by_session = {}
    key_leaders = []
    lead_for_liaison = 0
    for index, (p, (session, state, day)) in enumerate(zip(proposals, plan, strict=True)):
        t = _aware(day, 9)
        events.append(
            ProposalEvent(
                proposal=p,
                actor=p.created_by,
                action="create",
                to_state="draft",
                at=t - timedelta(days=2),
            )
        )
        mine_cos = []
        if p.kind == "joint":
            for m in rng.sample(members, rng.randint(1, 3)):
                if m.pk != p.first_proposer_id:
                    mine_cos.append(m)
                    cosigners.append(
                        CoSigner(
                            proposal=p,
                            member=m,
                            state="confirmed",
                            due_on=day,
                            responded_at=t - timedelta(days=1),
                        )
                    )
        if state == "draft":
            continue
        events.append(
            ProposalEvent(
                proposal=p,
                actor=p.created_by,
                action="submit",
                from_state="draft",
                to_state="submitted",
                at=t,
            )
        )
        if state in {"submitted"}:
            continue
        if state == "returned":
            p.staff_comment = "请按照“一事一案”要求修改，补充具体建议。"
            events.append(
                ProposalEvent(
                    proposal=p,
                    actor=staff_user,
                    action="return",
                    from_state="submitted",
                    to_state="returned",
                    comment=p.staff_comment,
                    at=t + timedelta(days=3),
                )
            )
            continue
        if state == "withdrawn":
            events.append(
                ProposalEvent(
                    proposal=p,
                    actor=p.created_by,
                    action="withdraw",
                    from_state="submitted",
                    to_state="withdrawn",
                    at=t + timedelta(days=1),
                )
            )
            continue
        if state == "not_registered":
            p.not_registered_ground = rng.choice(grounds)
            events.append(
                ProposalEvent(
                    proposal=p,
                    actor=staff_user,
                    action="not_register",
                    from_state="submitted",
                    to_state="not_registered",
                    comment=p.not_registered_ground.text,
                    at=t + timedelta(days=5),
                )
            )
            continue
        if state == "merged":
            continue  # linked below, once the registered ones are known
        reg_t = p.registered_at
        events.append(
            ProposalEvent(
                proposal=p,
                actor=staff_user,
                action="register",
                from_state="submitted",
                to_state="registered",
                comment=p.number_display,
                at=reg_t,
            )
        )
        registered_by_session.setdefault(session.pk, []).append(p)
        occurred = reg_t.date()
        for m in [p.first_proposer] + mine_cos:
            kind = (
                DutyKind.PROPOSAL_FIRST
                if m.pk == p.first_proposer_id
                else DutyKind.PROPOSAL_COSIGNER
            )
            duty.append((m, kind, p, occurred))
        if state == "registered":
            continue
        assigned_day = min(today, occurred + timedelta(days=rng.randint(5, 20)))
        p.assigned_at = _aware(assigned_day)
        p.reply_due_on = assigned_day + timedelta(days=91)
        if state in {"assigned", "handling"} and rng.random() < 0.6:
            # many still in hand are recent between-session proposals, not all overdue
            assigned_day = today - timedelta(days=rng.randint(3, 80))
            p.assigned_at = _aware(assigned_day)
            p.reply_due_on = assigned_day + timedelta(days=91)
        lead, co = units_for(rng, units_by_name, liaison_unit, *topic_units[index])
        mine = p.first_proposer_id == getattr(demo_member, "pk", None)
        if lead_for_liaison < 12 * scale and (lead is liaison_unit or mine or rng.random() < 0.03):
            lead = liaison_unit
            co = [u for u in co if u.pk != lead.pk]
            lead_for_liaison += 1
        signed = state != "assigned"
        done = state == "closed"
        a_lead = Assignment(
            proposal=p,
            unit=lead,
            role="lead",
            state="done" if done else "active",
            return_due_on=assigned_day + timedelta(days=14),
            due_on=p.reply_due_on,
            signed_at=_aware(assigned_day + timedelta(days=2)) if signed else None,
        )
        assignments.append(a_lead)
        for u in co:
            assignments.append(
                Assignment(
                    proposal=p,
                    unit=u,
                    role="co",
                    state="done" if done else "active",
                    return_due_on=assigned_day + timedelta(days=14),
                    due_on=assigned_day + timedelta(days=30),
                    signed_at=_aware(assigned_day + timedelta(days=3)) if signed else None,
                    views="同意主办单位意见，配合做好相关工作。" if signed else "",
                    views_at=_aware(assigned_day + timedelta(days=20)) if signed else None,
                )
            )
        events.append(
            ProposalEvent(
                proposal=p,
                actor=staff_user,
                action="assign",
                from_state="registered",
                to_state="assigned",
                comment="、".join([lead.name, *[u.name for u in co]]),
                at=p.assigned_at,
            )
        )
        if state == "assigned":
            deadlines.append(("proposal.unit_signfor", a_lead, a_lead.return_due_on, lead, p))
            continue
        events.append(
            ProposalEvent(
                proposal=p,
                actor=None,
                action="sign_for",
                from_state="assigned",
                to_state="handling",
                comment=lead.name,
                at=a_lead.signed_at,
            )
        )
        talk_day = min(today, assigned_day + timedelta(days=rng.randint(5, 30)))
        comms.append(
            Communication(
                proposal=p,
                unit=lead,
                method=rng.choice(["visit", "phone", "meeting", "written"]),
                occurred_on=talk_day,
                summary="与提案人就办理思路进行沟通，提案人表示认可。",
            )
        )
        events.append(
            ProposalEvent(
                proposal=p,
                actor=None,
                action="communicate",
                comment=lead.name,
                at=_aware(talk_day, 15),
            )
        )
        if state == "handling":
            deadlines.append(("proposal.lead_reply", a_lead, p.reply_due_on, lead, p))
            continue
        reply_day = min(today, talk_day + timedelta(days=rng.randint(10, 60)))
        result = rng.choice("AAABBC")
        replies.append(
            Reply(
                proposal=p,
                unit=lead,
                round=1,
                result=result,
                text=f"经研究，{config.result_label(result)}。我单位将持续跟进。",
                signer=lead.head_name or "局长",
                is_public=True,
                status=Reply.Status.RELEASED,
                released_at=_aware(reply_day, 16),
            )
        )
        events.append(
            ProposalEvent(
                proposal=p,
                actor=None,
                action="reply",
                from_state="handling",
                to_state="replied",
                comment=f"{lead.name}: {result}",
                at=_aware(reply_day),
            )
        )
        ratings.append(
            QualityRating(
                proposal=p,
                unit=lead,
                topic=rng.randint(3, 5),
                analysis=rng.randint(3, 5),
                feasibility=rng.randint(2, 5),
            )
        )
        if state == "replied":
            p.evaluation_due_on = reply_day + timedelta(days=21)
            if p.evaluation_due_on < today:
                p.evaluation_due_on = today + timedelta(days=rng.randint(1, 14))
            if p.first_proposer.user_id:
                deadlines.append(("proposal.evaluation", p, p.evaluation_due_on, None, p))
            continue
        eval_day = min(today, reply_day + timedelta(days=rng.randint(3, 15)))
        sat = (
            "unsatisfied"
            if state == "rehandling"
            else rng.choice(["satisfied"] * 6 + ["basic"] * 3 + ["unsatisfied"])
        )
        evals.append(
            Evaluation(
                proposal=p,
                member=p.first_proposer,
                round=1,
                satisfaction=sat,
                score_before=rng.randint(3, 5),
                score_during=rng.randint(3, 5),
                score_reply=rng.randint(2, 5) if sat != "unsatisfied" else 2,
                comment=rng.choice(UNSATISFIED_REASONS) if sat == "unsatisfied" else "",
            )
        )
        if state == "rehandling" or (state == "closed" and sat == "unsatisfied"):
            p.rehandling_rounds = 1
            events.append(
                ProposalEvent(
                    proposal=p,
                    actor=p.created_by,
                    action="rehandle",
                    from_state="replied",
                    to_state="rehandling",
                    comment="不满意",
                    at=_aware(eval_day),
                )
            )
            if state == "rehandling":
                p.reply_due_on = eval_day + timedelta(days=30)
                deadlines.append(("proposal.rehandling_reply", a_lead, p.reply_due_on, lead, p))
                continue
            second = min(today, eval_day + timedelta(days=20))
            replies.append(
                Reply(
                    proposal=p,
                    unit=lead,
                    round=2,
                    result="A",
                    text="经重新办理，问题已基本解决。",
                    signer=lead.head_name or "局长",
                    status=Reply.Status.RELEASED,
                    released_at=_aware(second, 16),
                )
            )
            events.append(
                ProposalEvent(
                    proposal=p,
                    actor=None,
                    action="reply",
                    from_state="rehandling",
                    to_state="replied",
                    at=_aware(second),
                )
            )
            evals.append(
                Evaluation(
                    proposal=p,
                    member=p.first_proposer,
                    round=2,
                    satisfaction="basic",
                    score_before=4,
                    score_during=4,
                    score_reply=4,
                )
            )
            eval_day = min(today, second + timedelta(days=5))
        p.closed_at = _aware(eval_day, 16)
        not_eval = rng.random() < 0.05
        p.not_evaluated = not_eval
        events.append(
            ProposalEvent(
                proposal=p,
                actor=None if not_eval else p.created_by,
                action="close_not_evaluated" if not_eval else "close",
                from_state="replied",
                to_state="closed",
                at=p.closed_at,
            )
        )

    # Merged proposals follow a registered one of the same session (linked once saved).
    merges = []
    for p, (session, state, day) in zip(proposals, plan, strict=True):
        if state == "merged" and registered_by_session.get(session.pk):
            primary = rng.choice(registered_by_session[session.pk])
            merges.append((p, primary))
            events.append(
                ProposalEvent(
                    proposal=p,
                    actor=staff_user,
                    action="merge",
                    from_state="submitted",
                    to_state="merged",
                    comment=str(primary),
                    at=_aware(day + timedelta(days=6)),
                )
            )
    # Key proposals (~3%) with the leader supervising some; excellent (~3%).
    current_registered = registered_by_session.get(chosen[-1].pk, [])
    keys = rng.sample(current_registered, min(len(current_registered), max(5, 9 * scale)))
    for i, p in enumerate(keys):
        p.is_key = True
        if i < 5 and leader_user:
            key_leaders.append(p)
        duty.append((p.first_proposer, DutyKind.PROPOSAL_KEY, p, p.registered_at.date()))
    closed = [p for p in current_registered if p.status == "closed"]
    for p in rng.sample(closed, min(len(closed), max(3, 6 * scale))):
        p.excellence = "selected"
        duty.append((p.first_proposer, DutyKind.PROPOSAL_EXCELLENT, p, p.closed_at.date()))

    Proposal.objects.bulk_create(proposals, batch_size=1000)
    for p, primary in merges:
        p.merged_into = primary
    Proposal.objects.bulk_update([p for p, _ in merges], ["merged_into"], batch_size=1000)
    CoSigner.objects.bulk_create(cosigners, batch_size=2000, ignore_conflicts=True)
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    Communication.objects.bulk_create(comms, batch_size=2000)
    Reply.objects.bulk_create(replies, batch_size=2000)
    Evaluation.objects.bulk_create(evals, batch_size=2000)
    QualityRating.objects.bulk_create(ratings, batch_size=2000)
    ProposalEvent.objects.bulk_create(events, batch_size=5000)

    if leader_user:
        Through = Proposal.supervising_leaders.through
        Through.objects.bulk_create(
            [Through(proposal_id=p.pk, user_id=leader_user.pk) for p in key_leaders]
        )
        for p in key_leaders[:3]:
            supervisions.append(
                Supervision(
                    proposal=p,
                    leader=leader_user,
                    kind="urging",
                    occurred_on=today - timedelta(days=10),
                    note="赴承办单位督促办理进度。",
                )
            )
        Supervision.objects.bulk_create(supervisions)
        if staff_user:
            _seed_instruction_requests(current_registered, leader_user, staff_user, today)

    # A couple of open co-signing invitations for the demo member.
    if demo_member:
        hosts = [
            p for p in proposals if p.status == "draft" and p.first_proposer_id != demo_member.pk
        ]
        CoSigner.objects.bulk_create(
            [
                CoSigner(
                    proposal=p,
                    member=demo_member,
                    state="invited",
                    due_on=today + timedelta(days=3),
                )
                for p in hosts[:2]
            ],
            ignore_conflicts=True,
        )

    _seed_duty(duty, points)
    _seed_deadlines(deadlines, Deadline, ContentType, staff_user)
    ctx.data["proposals"] = proposals
    ctx.log(
        f"{len(proposals)} proposals in {len(chosen)} session(s), {len(assignments)} assignments, "
        f"{len(replies)} replies, {len(events)} events"
    )


INSTRUCTION_ASKS = [
    ("该提案涉及多个部门职责，请领导批示办理意见。", None),
    ("承办单位反映经费缺口较大，请领导阅示。", None),
    ("提案人多次反映办理进度较慢，请领导督促。", None),
    ("拟列为下一批重点督办提案，请领导批示。", "同意列为重点督办，请提案委抓好跟踪。"),
    ("涉及跨部门协调，请领导批示牵头单位。", "请区发展改革委牵头，相关部门配合办理。"),
]


def _seed_disclosure(numbered, events, staff_user):
    """Public disclosure (docs/DISCLOSURE.md): about six in ten registered proposals agreed
    by their proposers; staff approved most of those and refused a few with a reason. Chosen
    by the number (not the seeder's random stream, which the rest of the demo follows)."""
    from .models import ProposalEvent

    for _i, p, _session, _state, _day in numbered:
        pick = (p.number * 7919 + p.session_id) % 20
        if pick >= 12:
            continue
        p.is_public = True
        at = p.registered_at + timedelta(days=1)
        if pick == 0:
            p.disclosure, p.disclosure_reason = "refused", "涉及正在研究的具体项目，暂不公开。"
        else:
            p.disclosure, p.disclosed_at = "approved", at
        events.append(
            ProposalEvent(
                proposal=p,
                actor=staff_user,
                action=f"disclosure_{p.disclosure}",
                comment=p.disclosure_reason,
                at=at,
            )
        )


def _seed_instruction_requests(registered, leader_user, staff_user, today):
    """呈请批示 for the demo leader: three still open (their home-page queue), two answered."""
    from .models import Instruction, InstructionRequest, ProposalEvent

    hosts = sorted((p for p in registered if p.status != "closed"), key=lambda p: p.number or 0)
    name = leader_user.get_full_name() or leader_user.username
    for i, (p, (note, answer)) in enumerate(zip(hosts, INSTRUCTION_ASKS, strict=False)):
        asked_at = _aware(today - timedelta(days=12 - 2 * i))
        req = InstructionRequest.objects.create(
            proposal=p, leader=leader_user, asked_by=staff_user, asked_at=asked_at, note=note
        )
        events = [(staff_user, "instruction_asked", f"{name}: {note}", asked_at)]
        if answer:
            answered_at = asked_at + timedelta(days=1)
            ins = Instruction.objects.create(proposal=p, leader=leader_user, text=answer)
            Instruction.objects.filter(pk=ins.pk).update(created_at=answered_at)
            req.answered_at, req.instruction = answered_at, ins
            req.save(update_fields=["answered_at", "instruction"])
            events.append((leader_user, "instruction", answer, answered_at))
        for actor, action, comment, at in events:
            e = ProposalEvent.objects.create(
                proposal=p, actor=actor, action=action, comment=comment
            )
            ProposalEvent.objects.filter(pk=e.pk).update(at=at)


def _seed_duty(duty, points):
    from django.contrib.contenttypes.models import ContentType as CT

    from members.models import DutyRecord, Term

    terms = list(Term.objects.all())
    ct = CT.objects.get(app_label="proposals", model="proposal")
    seen, rows = set(), []
    for member, kind, p, day in duty:
        key = (member.pk, kind, p.pk)
        if key in seen:
            continue
        seen.add(key)
        term = next((t for t in terms if t.start_date <= day <= t.end_date), terms[0])
        rows.append(
            DutyRecord(
                member=member,
                term=term,
                year=day.year,
                kind=kind,
                occurred_on=day,
                points=points.get(kind, 0),
                title=str(p)[:300],
                source_type=ct,
                source_id=p.pk,
                source_key=f"proposals.proposal:{p.pk}",
            )
        )
    DutyRecord.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


def _seed_deadlines(deadlines, Deadline, ContentType, staff_user):
    """Live deadlines for proposals still in hand, so reminders and overdue lists have data."""
    from .duties import DUTIES  # the title names the duty as a person would

    cts, liaisons = {}, {}
    rows, responsible = [], []
    for duty, target, due, unit, p in deadlines:
        model = type(target)
        ct = cts.setdefault(model, ContentType.objects.get_for_model(model))
        rows.append(
            Deadline(
                target_type=ct,
                target_id=target.pk,
                duty=duty,
                due_on=due,
                title=f"{p.number_display} {DUTIES[duty]}"[:200],
                url=f"/proposals/{p.pk}/",
                state="overdue" if due < timezone.localdate() else "open",
                unit_id=unit.pk if unit else None,
                unit_name=unit.name if unit else "",
                escalation=[
                    [u.pk for u in unit.liaisons.all()] if unit else [],
                    [],
                    [staff_user.pk] if staff_user else [],
                ],
            )
        )
        responsible.append(_liaisons(liaisons, unit) if unit else [p.first_proposer.user])
    Deadline.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    Through = Deadline.responsible.through
    links = [
        Through(deadline_id=d.pk, user_id=u.pk)
        for d, users in zip(rows, responsible, strict=True)
        if d.pk
        for u in users
        if u is not None
    ]
    Through.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)


def _liaisons(cache, unit):
    if unit.pk not in cache:
        cache[unit.pk] = list(unit.liaisons.all())
    return cache[unit.pk]


def _seed_history(ctx):
    from . import demo_history

    demo_history.seed(ctx)


def _seed_suggestion(ctx):
    """The unit suggestion's model, learned from the history just written."""
    from .tasks import retrain_suggestion

    ctx.log(f"unit suggestion learned from {retrain_suggestion()} assigned proposals")


STEPS = [
    (20, seed),
    (21, _seed_history),
    (22, _seed_suggestion),
]  # seed_demo runs the steps of every app in this order
