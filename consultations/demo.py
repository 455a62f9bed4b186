"""Demo data: a year's consultation plan with ~20 consultations in every state, meetings with
attendance (the latest session's five plenary half-days for every sitting member), speeches,
outcomes and feedback, a supervision plan, two inspections with rectification items,
research projects and reports. Everything is written in bulk."""

from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.calendar import add_working_days
from cppcc_portal.notifications.services import open_deadline
from members.models import DutyKind, DutyRecord, Member, MemberPost
from members.services import points_for, source_key_for

from .duties import FEEDBACK_DUTY, OUTCOME_DUTY, RECTIFICATION_DUTY
from .models import (
    Attendance,
    Consultation,
    ConsultationEvent,
    ConsultationForm,
    ConsultationPlan,
    Feedback,
    Inspection,
    Material,
    Meeting,
    PlanItem,
    Rectification,
    ResearchProject,
    ResearchReport,
    Speech,
    SupervisionItem,
    SupervisionPlan,
)
from .services import bulk_record_attendance_duty
from .workflow import ACTION_INTO
from .workflow import ConsultationState as S
from .workflow import RectificationState as R

TOPICS = [
    "推动制造业高质量发展",
    "优化营商环境",
    "加强基层医疗卫生服务体系建设",
    "推进义务教育优质均衡发展",
    "农村人居环境整治提升",
    "养老服务体系建设",
    "大运河文化保护传承利用",
    "京津冀协同发展产业承接",
    "老旧小区改造",
    "促进青年就业创业",
    "河湖长制落实情况",
    "智慧城市建设",
    "食品安全监管",
    "乡村振兴与特色产业",
    "托育服务体系建设",
    "社区治理与物业管理",
    "全民健身设施建设",
    "中小企业融资难题",
    "生活垃圾分类",
    "公共文化服务提升",
]
LEADERS = ["区政协主席", "区政协副主席", "区委副书记", "副区长"]
VENUES = ["区政协三楼会议室", "区行政中心第二会议室", "杨村街委员联络站", "区会展中心"]
# state of each demo consultation, in date order: the last ones are still ahead
STATE_CYCLE = [
    S.CLOSED,
    S.CLOSED,
    S.CLOSED,
    S.FEEDBACK_RECEIVED,
    S.FEEDBACK_RECEIVED,
    S.FEEDBACK_RECEIVED,
    S.OUTCOME_SENT,
    S.OUTCOME_SENT,
    S.OUTCOME_SENT,
    S.HELD,
    S.HELD,
    S.HELD,
    S.PREPARING,
    S.PREPARING,
    S.PREPARING,
    S.PLANNED,
    S.PLANNED,
    S.PLANNED,
    S.PLANNED,
    S.PREPARING,
]
DONE = {S.HELD, S.OUTCOME_SENT, S.FEEDBACK_RECEIVED, S.CLOSED}


def _at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class DutyWriter:
    """Ledger rows in bulk, with the same keys and points the services would write."""

    def __init__(self):
        self.rows, self.points, self.cts = [], {}, {}

    def add(self, *, member_id, kind, source, day, title, term):
        model = type(source)
        if model not in self.cts:
            self.cts[model] = ContentType.objects.get_for_model(model)
        if (kind, term.pk) not in self.points:
            self.points[(kind, term.pk)] = points_for(kind=kind, term=term)
        self.rows.append(
            DutyRecord(
                member_id=member_id,
                term=term,
                year=day.year,
                kind=kind,
                occurred_on=day,
                points=self.points[(kind, term.pk)],
                title=title[:300],
                source_type=self.cts[model],
                source_id=source.pk,
                source_key=source_key_for(source),
            )
        )

    def flush(self):
        DutyRecord.objects.bulk_create(self.rows, batch_size=2000, ignore_conflicts=True)
        n = len(self.rows)
        self.rows = []
        return n


def seed(ctx):
    rng, scale, today = ctx.rng, ctx.scale, ctx.today
    term = ctx.data["term"]
    committees = ctx.data["committees"]
    units = ctx.data.get("units") or []
    members = ctx.data["members"]
    sitting = [m for m in members if m.status == Member.Status.SITTING]
    staff = ctx.users.get("consultation_staff")
    with_accounts = [m for m in sitting if m.user_id]
    forms = list(ConsultationForm.objects.all())
    duty = DutyWriter()

    # --- the yearly plan and its consultations ------------------------------------------
    plan = ConsultationPlan.objects.create(
        year=today.year,
        title=f"{today.year}年度政协协商计划",
        approved_on=today.replace(month=1, day=1) + timedelta(days=40),
    )
    n = 20 * scale
    days = sorted(
        today + timedelta(days=offset) for offset in [-330 + i * (360 // n) for i in range(n)]
    )
    states = [STATE_CYCLE[i % len(STATE_CYCLE)] for i in range(n)]
    # the past holds what is done, the future what is not
    done = [s for s in states if s in DONE]
    ahead = [s for s in states if s not in DONE]
    done.sort(key=lambda s: -list(S.values).index(s))
    pairs = list(zip(days, done + ahead, strict=True))
    fixed = []
    for i, (day, state) in enumerate(pairs):
        if state in DONE and day > today - timedelta(days=12):
            day = today - timedelta(days=12 + i % 5)
        if state not in DONE and day <= today:
            day = today + timedelta(days=3 + i)
        fixed.append((day, state))
    items, consultations = [], []
    for i, (day, state) in enumerate(fixed):
        topic = TOPICS[i % len(TOPICS)] + (
            f"（{i // len(TOPICS) + 1}）" if i >= len(TOPICS) else ""
        )
        form = forms[i % len(forms)]
        committee = committees[i % len(committees)]
        leader = LEADERS[i % len(LEADERS)]
        unplanned = i % 10 == 9 or day.year != plan.year
        item = None
        if not unplanned:
            item = PlanItem(
                plan=plan,
                topic=topic,
                form=form,
                planned_month=day.month,
                lead_leader=leader,
                committee=committee,
                order=i,
            )
            items.append(item)
        consultations.append(
            Consultation(
                plan_item=item,
                year=day.year,
                topic=topic,
                form=form,
                committee=committee,
                lead_leader=leader,
                scheduled_on=day,
                state=state,
                venue=rng.choice(VENUES),
                created_by=staff,
            )
        )
    # plan items not yet scheduled
    for j in range(3 * scale):
        items.append(
            PlanItem(
                plan=plan,
                topic=f"{TOPICS[(j + 7) % len(TOPICS)]}（下半年专题{j + 1}）",
                form=forms[(j + 3) % len(forms)],
                planned_month=12,
                lead_leader=LEADERS[j % len(LEADERS)],
                committee=committees[j % len(committees)],
                order=100 + j,
            )
        )
    PlanItem.objects.bulk_create(items)
    for c in consultations:
        c.plan_item_id = c.plan_item.pk if c.plan_item else None
    if units:
        through_r = PlanItem.responsible_units.through
        through_p = PlanItem.participating_units.through
        through_r.objects.bulk_create(
            [through_r(planitem_id=it.pk, handlingunit_id=rng.choice(units).pk) for it in items]
        )
        through_p.objects.bulk_create(
            [
                through_p(planitem_id=it.pk, handlingunit_id=u.pk)
                for it in items
                for u in rng.sample(units, 2)
            ],
            ignore_conflicts=True,
        )
    for c in consultations:
        if c.state in DONE:
            c.held_on = c.scheduled_on
            c.officials_present = "区委副书记、副区长及相关部门负责同志"
            c.minutes = f"会议围绕“{c.topic}”开展协商，委员们踊跃发言，提出意见建议。"
            c.outcome_due_on = add_working_days(c.held_on, 7)
        if c.state in {S.OUTCOME_SENT, S.FEEDBACK_RECEIVED, S.CLOSED}:
            c.outcome_kind = Consultation.OutcomeKind.REPORT
            c.outcome_title = f"关于{c.topic}的建议报告"
            c.outcome_text = "一、基本情况……二、存在问题……三、意见建议……"
            c.outcome_sent_on = c.held_on + timedelta(days=5)
            c.outcome_recipients = "区委、区政府"
            c.feedback_due_on = add_working_days(c.outcome_sent_on, 7)
    Consultation.objects.bulk_create(consultations)
    order = list(S.values)
    ConsultationEvent.objects.bulk_create(
        [
            ConsultationEvent(
                consultation=c,
                actor=staff,
                action=ACTION_INTO[order[k]],
                from_state=order[k - 1] if k else "",
                to_state=order[k],
            )
            for c in consultations
            for k in range(order.index(c.state) + 1)
        ]
    )
    Material.objects.bulk_create(
        [
            Material(
                consultation=c,
                kind=kind,
                title=title % c.topic,
                summary=summary,
                uploaded_by=staff,
            )
            for c in consultations
            if c.state != S.PLANNED
            for kind, title, summary in [
                (
                    Material.Kind.RESEARCH,
                    "%s会前调研情况",
                    "调研组走访了相关部门和基层单位，召开座谈会三次。",
                ),
                (
                    Material.Kind.BRIEFING,
                    "%s知情明政通报",
                    "相关部门通报了工作进展、存在困难和下一步打算。",
                ),
            ]
        ]
    )

    # --- meetings and attendance ---------------------------------------------------------
    meetings = [
        Meeting(
            kind=Meeting.Kind.CONSULTATION,
            consultation=c,
            title=c.topic,
            starts_at=_at(c.scheduled_on),
            venue=c.venue,
            attendance_closed=c.state in DONE,
            sign_in_open=False,
            created_by=staff,
        )
        for c in consultations
    ]
    session = ctx.data["sessions"][-1]
    plenary = [
        Meeting(
            kind=Meeting.Kind.PLENARY,
            session=session,
            title=f"{session.name}第{k + 1}个半天",
            starts_at=_at(session.start_date + timedelta(days=k // 2), 9 if k % 2 == 0 else 14),
            venue="区会展中心",
            attendance_closed=session.start_date <= today,
            created_by=staff,
        )
        for k in range(5)
    ]
    standing_members = list(
        Member.objects.filter(
            posts__post__in_standing_committee=True, status=Member.Status.SITTING
        ).distinct()
    )
    standing = [
        Meeting(
            kind=Meeting.Kind.STANDING,
            title=f"二届常委会第{k + 10}次会议",
            starts_at=_at(today - timedelta(days=60 * (k + 1))),
            venue="区政协三楼会议室",
            attendance_closed=True,
            created_by=staff,
        )
        for k in range(2 * scale)
    ]
    Meeting.objects.bulk_create(meetings + plenary + standing)

    attendances = []
    account_pool = with_accounts[:25]
    for m, c in zip(meetings, consultations, strict=True):
        pool = account_pool + rng.sample(sitting, min(len(sitting), 15))
        seen = set()
        for member in pool:
            if member.pk in seen:
                continue
            seen.add(member.pk)
            if c.state in DONE:
                r = rng.random()
                status = (
                    Attendance.Status.ATTENDED
                    if r < 0.8
                    else Attendance.Status.LEAVE_APPROVED
                    if r < 0.93
                    else Attendance.Status.ABSENT
                )
            else:
                r = rng.random()
                status = (
                    Attendance.Status.INVITED
                    if r < 0.5
                    else Attendance.Status.CONFIRMED
                    if r < 0.9
                    else Attendance.Status.LEAVE_REQUESTED
                )
            attendances.append(_attendance(m, member, status, rng))
    for m in plenary:
        for member in sitting:
            r = rng.random()
            status = (
                Attendance.Status.ATTENDED
                if r < 0.93
                else Attendance.Status.LEAVE_APPROVED
                if r < 0.985
                else Attendance.Status.ABSENT
            )
            if not m.attendance_closed:
                status = Attendance.Status.INVITED
            attendances.append(_attendance(m, member, status, rng))
    for m in standing:
        for member in standing_members:
            r = rng.random()
            status = (
                Attendance.Status.ATTENDED
                if r < 0.88
                else Attendance.Status.LEAVE_APPROVED
                if r < 0.97
                else Attendance.Status.ABSENT
            )
            attendances.append(_attendance(m, member, status, rng))
    Attendance.objects.bulk_create(attendances, batch_size=2000)
    n_duty = bulk_record_attendance_duty(attendances)

    # --- speeches, outcomes and feedback ---------------------------------------------------
    speeches = []
    invited = {}
    for a in attendances:
        if a.meeting.kind == Meeting.Kind.CONSULTATION:
            invited.setdefault(a.meeting.pk, []).append(a.member)
    for m, c in zip(meetings, consultations, strict=True):
        if c.state == S.PLANNED:
            continue
        speakers = invited.get(m.pk, [])[:4]
        for member in speakers:
            speeches.append(
                Speech(
                    meeting=m,
                    member=member,
                    title=f"关于{c.topic}的几点建议",
                    text="一是加强统筹协调；二是完善政策措施；三是强化督促落实。",
                    delivered=c.state in DONE,
                    marked_by=staff if c.state in DONE else None,
                )
            )
    Speech.objects.bulk_create(speeches)
    for s in speeches:
        if s.delivered:
            duty.add(
                member_id=s.member_id,
                kind=DutyKind.SPEECH,
                source=s,
                day=timezone.localdate(s.meeting.starts_at),
                title=s.title,
                term=term,
            )
    feedbacks = [
        Feedback(
            consultation=c,
            result=rng.choice(list(Feedback.Result.values)),
            received_on=c.outcome_sent_on + timedelta(days=6),
            text="区政府高度重视，责成相关部门认真研究办理，已将部分建议纳入明年工作计划。",
            leader_instructions="请相关部门认真研究吸纳。" if rng.random() < 0.6 else "",
            suggestions_answered="建议一、建议三",
            recorded_by=staff,
        )
        for c in consultations
        if c.state in {S.FEEDBACK_RECEIVED, S.CLOSED}
    ]
    Feedback.objects.bulk_create(feedbacks)
    staff_list = [staff] if staff else []
    for c in consultations:
        if c.state == S.HELD:
            open_deadline(
                target=c,
                duty=OUTCOME_DUTY,
                due_on=c.outcome_due_on,
                responsible=[f"role:{Role.CONSULTATION_STAFF}"],
                title=f"协商成果报送：{c.topic}",
                url=f"/consultations/{c.pk}/",
            )
        if c.state == S.OUTCOME_SENT:
            open_deadline(
                target=c,
                duty=FEEDBACK_DUTY,
                due_on=c.feedback_due_on,
                responsible=staff_list,
                title=f"协商成果反馈：{c.topic}",
                url=f"/consultations/{c.pk}/",
            )

    # --- democratic supervision -----------------------------------------------------------
    supervisors = list(
        Member.objects.filter(
            pk__in=MemberPost.objects.filter(post__code="invited_supervisor").values("member_id")
        )
    )
    splan = SupervisionPlan.objects.create(
        year=today.year,
        title=f"{today.year}年度民主监督计划",
        approved_on=plan.approved_on,
    )
    sitems = [
        SupervisionItem(
            plan=splan,
            topic=f"{topic}专项监督",
            form=form,
            target_unit=units[k % len(units)] if units else None,
            planned_month=(k * 2) % 12 + 1,
            committee=committees[k % len(committees)],
        )
        for k, (topic, form) in enumerate(
            zip(TOPICS[10:16], SupervisionItem.Form.values, strict=False)
        )
    ]
    SupervisionItem.objects.bulk_create(sitems)
    through = SupervisionItem.supervisors.through
    through.objects.bulk_create(
        [
            through(supervisionitem_id=it.pk, member_id=s.pk)
            for it in sitems
            for s in supervisors[:3]
        ]
    )
    inspections = []
    for k in range(2):
        insp = Inspection.objects.create(
            supervision_item=sitems[2 if k == 0 else 3] if len(sitems) > 3 else None,
            title=["河湖长制落实情况视察", "食品安全监管工作视察"][k],
            committee=committees[(k + 3) % len(committees)],
            target_unit=units[10 + k] if len(units) > 11 else None,
            held_on=today - timedelta(days=90 - 40 * k),
            place=["北运河沿线", "区农贸市场及大型商超"][k],
            summary="视察组实地察看并听取汇报，发现问题如下。",
        )
        participants = rng.sample(sitting, min(len(sitting), 12)) + account_pool[:3]
        insp.participants.set(participants)
        insp.supervisors.set(supervisors[:2])
        for member in {p.pk: p for p in participants}.values():
            duty.add(
                member_id=member.pk,
                kind=DutyKind.INSPECTION,
                source=insp,
                day=insp.held_on,
                title=insp.title,
                term=term,
            )
        inspections.append(insp)
    findings = [
        "部分河段存在垃圾堆放现象",
        "巡河记录不完整",
        "个别排污口监测设备缺失",
        "部分摊点无证经营",
        "冷链食品追溯信息不全",
    ]
    rect_states = [R.VERIFIED, R.REPORTED, R.RECTIFYING, R.OPEN, R.REOPENED]
    rects = []
    for k, text in enumerate(findings):
        insp = inspections[0 if k < 3 else 1]
        state = rect_states[k]
        deadline = insp.held_on + timedelta(days=60 + 30 * k)
        rects.append(
            Rectification(
                inspection=insp,
                finding=text,
                responsible_unit=units[(k * 7) % len(units)] if units else None,
                deadline=deadline,
                state=state,
                feedback="已制定整改方案并落实。"
                if state in {R.VERIFIED, R.REPORTED, R.REOPENED}
                else "",
                reported_on=deadline - timedelta(days=10)
                if state in {R.VERIFIED, R.REPORTED, R.REOPENED}
                else None,
                verification="经核查已整改到位。"
                if state == R.VERIFIED
                else "整改不彻底，需继续整改。"
                if state == R.REOPENED
                else "",
                verified_on=deadline if state == R.VERIFIED else None,
                verified_by=staff if state == R.VERIFIED else None,
            )
        )
    if units:
        Rectification.objects.bulk_create(rects)
        for r in rects:
            if r.state != R.VERIFIED:
                open_deadline(
                    target=r,
                    duty=RECTIFICATION_DUTY,
                    due_on=r.deadline if r.state != R.REOPENED else today + timedelta(days=30),
                    responsible=staff_list,
                    title=f"视察整改：{r.finding}",
                    url=f"/consultations/rectification/{r.pk}/",
                    unit_id=r.responsible_unit_id,
                )

    # --- research ------------------------------------------------------------------------
    projects = []
    for k in range(6 * scale):
        start = today - timedelta(days=30 * (k % 10) + 20)
        projects.append(
            ResearchProject(
                committee=committees[k % len(committees)],
                topic=f"{TOPICS[(k + 4) % len(TOPICS)]}调研",
                starts_on=start,
                ends_on=start + timedelta(days=14),
                summary="“调研月”活动：走访企业、社区和相关部门。",
            )
        )
    ResearchProject.objects.bulk_create(projects)
    through = ResearchProject.members.through
    links, reports = [], []
    for k, p in enumerate(projects):
        team = {m.pk: m for m in rng.sample(sitting, min(len(sitting), 8))}
        if k < 3:
            team.update({m.pk: m for m in account_pool[:2]})
        for member in team.values():
            links.append(through(researchproject_id=p.pk, member_id=member.pk))
            duty.add(
                member_id=member.pk,
                kind=DutyKind.RESEARCH,
                source=p,
                day=p.starts_on,
                title=p.topic,
                term=term,
            )
        author = list(team.values())[0]
        reports.append(
            ResearchReport(
                project=p,
                title=f"关于{p.topic.removesuffix('调研')}的调研报告",
                text="一、调研基本情况；二、存在的主要问题；三、对策建议。",
                author_member=author,
                submitted_on=p.ends_on + timedelta(days=7),
            )
        )
        reports.append(
            ResearchReport(
                project=p,
                title=f"{p.committee.name}{p.topic}综合报告",
                text="专委会综合调研报告。",
                author_committee=p.committee,
                submitted_on=p.ends_on + timedelta(days=10),
            )
        )
    through.objects.bulk_create(links, ignore_conflicts=True)
    ResearchReport.objects.bulk_create(reports)
    for r in reports:
        if r.author_member_id:
            duty.add(
                member_id=r.author_member_id,
                kind=DutyKind.RESEARCH_REPORT,
                source=r,
                day=r.submitted_on,
                title=r.title,
                term=term,
            )
    n_duty += duty.flush()

    ctx.data.update(
        consultation_plan=plan,
        consultations=consultations,
        meetings=meetings + plenary + standing,
        inspections=inspections,
        research_projects=projects,
    )
    ctx.log(
        f"{len(consultations)} consultations, {len(meetings) + len(plenary) + len(standing)} "
        f"meetings, {len(attendances)} attendance rows, {len(speeches)} speeches, "
        f"{len(rects)} rectification items, {len(projects)} research projects, "
        f"{n_duty} duty records"
    )


def _attendance(meeting, member, status, rng):
    leave = status in (Attendance.Status.LEAVE_APPROVED, Attendance.Status.LEAVE_REQUESTED)
    return Attendance(
        meeting=meeting,
        member=member,
        status=status,
        leave_reason=rng.choice(["因公出差", "身体不适", "单位重要会议"]) if leave else "",
        signed_in_at=meeting.starts_at if status == Attendance.Status.ATTENDED else None,
        signed_in_by_code=status == Attendance.Status.ATTENDED and rng.random() < 0.6,
    )


STEPS = [(40, seed)]  # seed_demo runs the steps of every app in this order
