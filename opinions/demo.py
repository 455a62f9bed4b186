"""Demo social-opinion reports: a year of them (~200 × scale) in every state, bulletin issues,
forwarding, uses (some at city level), a few leader instructions, and their duty records."""

from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from cppcc_portal.core.models import Counter
from members.models import DutyKind, DutyRecord, Member
from members.services import points_for

from .models import (
    BulletinIssue,
    Forwarding,
    Instruction,
    Recipient,
    Report,
    ReportEvent,
    ReportUse,
)
from .services import INSTRUCTION_DUTY, USE_DUTY
from .workflow import State

RECIPIENTS = [
    ("区委", "district"),
    ("区政府", "district"),
    ("区委统战部", "district"),
    ("市政协", "city"),
    ("市委统战部", "city"),
    ("全国政协", "national"),
]
TOPICS = [
    "老旧小区加装电梯",
    "学校周边交通安全",
    "农村生活污水治理",
    "社区养老服务",
    "中小企业融资难",
    "背街小巷停车管理",
    "垃圾分类推进",
    "基层医疗服务能力",
    "菜市场升级改造",
    "新就业形态劳动者权益保障",
    "河道生态修复",
    "夜间经济发展",
    "青少年心理健康",
    "农产品品牌建设",
    "历史文化街区保护",
    "电动自行车充电安全",
    "婴幼儿托育服务",
    "营商环境优化",
    "智慧社区建设",
    "公共文化设施利用",
]
SENTENCES = [
    "近期走访中，不少群众反映{t}方面存在突出问题。",
    "据初步了解，全区相关情况涉及多个街镇，群众关注度较高。",
    "现有政策落实不到位，部门之间协调配合不够顺畅。",
    "部分基层单位资金、人员不足，工作推进缓慢。",
    "群众对此意见较大，希望有关部门尽快研究解决。",
]
SUGGESTIONS = [
    "一是加强统筹协调，明确牵头部门和责任分工。",
    "二是加大资金投入，优先解决群众反映集中的问题。",
    "三是建立长效机制，定期评估{t}工作成效。",
    "四是畅通群众反映渠道，及时回应社会关切。",
]
LEADERS = {"district": ["区委书记", "区长", "常务副区长"], "city": ["市长", "副市长"]}


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _text(rng, topic, parts, n):
    return "".join(s.format(t=topic) for s in rng.sample(parts, k=min(n, len(parts))))


def seed(ctx):
    rng, today, scale = ctx.rng, ctx.today, ctx.scale
    term = ctx.data["term"]
    staff = ctx.users.get("opinion_staff")
    members = [m for m in ctx.data["members"] if m.status == Member.Status.SITTING]
    demo_member = ctx.users["member"].member

    recipients = Recipient.objects.bulk_create(
        [Recipient(name=n, level=lvl, order=i) for i, (n, lvl) in enumerate(RECIPIENTS)]
    )
    by_level = {
        lvl: [r for r in recipients if r.level == lvl] for lvl in ("district", "city", "national")
    }

    # 1. the reports, spread over the past year
    states = (
        [State.DRAFT] * 8
        + [State.SUBMITTED] * 10
        + [State.EDITING] * 7
        + [State.ARCHIVED] * 25
        + [State.ADOPTED] * 50
    )
    reports = []
    for i in range(200 * scale):
        day = today - timedelta(days=rng.randint(0, 364))
        state = rng.choice(states)
        if state in (State.SUBMITTED, State.EDITING):
            day = today - timedelta(days=rng.randint(0, 20))  # the desk holds recent ones
        member = demo_member if i % 12 == 0 else rng.choice(members)
        topic = rng.choice(TOPICS)
        title = f"关于{topic}的建议"
        problem = _text(rng, topic, SENTENCES, rng.randint(3, 5)) * rng.randint(1, 6)
        suggestion = _text(rng, topic, SUGGESTIONS, rng.randint(2, 4))
        submitted = state != State.DRAFT
        at = timezone.make_aware(datetime.combine(day, time(9 + i % 8, (i * 7) % 60)))
        report = Report(
            member=member,
            state=state,
            title=title,
            problem=problem,
            suggestion=suggestion,
            original_title=title if submitted else "",
            original_problem=problem if submitted else "",
            original_suggestion=suggestion if submitted else "",
            submitted_at=at if submitted else None,
            year=day.year if submitted else None,
            created_by=member.user,
            is_demo=True,
        )
        if state in (State.EDITING, State.ADOPTED, State.ARCHIVED):
            report.editor = staff
            if rng.random() < 0.6:  # staff tightened the wording
                report.title = f"{topic}问题亟待解决"
                report.problem = problem[: max(40, len(problem) * 2 // 3)]
        if state == State.ARCHIVED:
            report.archived_on = day + timedelta(days=rng.randint(2, 10))
            report.note_to_member = rng.choice(
                ["同类信息已有报送，留存备用。", "内容需进一步调研充实，暂不录用。"]
            )
        reports.append(report)

    # 2. adopted reports go into issues, in date order, gap-free numbers per year
    adopted = sorted((r for r in reports if r.state == State.ADOPTED), key=lambda r: r.submitted_at)
    issues, counters = [], {}
    chunk = max(3, 4 * scale // 2)
    for start in range(0, len(adopted), chunk):
        group = adopted[start : start + chunk]
        published = min(timezone.localdate(group[-1].submitted_at) + timedelta(days=5), today)
        counters[published.year] = counters.get(published.year, 0) + 1
        issue = BulletinIssue(
            year=published.year,
            number=counters[published.year],
            published_on=published,
            signed_off_by="李秘书长",
            created_by=staff,
        )
        issues.append((issue, group))
    BulletinIssue.objects.bulk_create([issue for issue, _ in issues])
    for issue, group in issues:
        for position, r in enumerate(group, start=1):
            r.issue, r.position, r.adopted_on = issue, position, issue.published_on
    for year, value in counters.items():
        Counter.objects.update_or_create(key=f"bulletin:{year}", defaults={"value": value})
    Report.objects.bulk_create(reports, batch_size=1000)
    Report.contributors.through.objects.bulk_create(
        [
            Report.contributors.through(report_id=r.pk, member_id=r.member_id)
            for r in reports
            if r.state != State.DRAFT
        ],
        batch_size=2000,
    )

    # 3. a few combined reports (综合) from pairs of waiting reports
    waiting = [r for r in reports if r.state == State.SUBMITTED]
    combined_pairs = [waiting[i : i + 2] for i in range(0, min(len(waiting) - 1, 6 * scale), 2)]
    for pair in combined_pairs:
        if len(pair) < 2:
            continue
        combined = Report.objects.create(
            submitter_kind=Report.SubmitterKind.COMBINED,
            state=State.EDITING,
            title="关于" + "、".join(r.title[2:-3] for r in pair) + "的综合建议",
            problem="\n".join(r.problem for r in pair),
            suggestion="\n".join(r.suggestion for r in pair),
            submitted_at=max(r.submitted_at for r in pair),
            year=pair[0].year,
            editor=staff,
            created_by=staff,
            is_demo=True,
        )
        combined.contributors.set([r.member_id for r in pair])
        Report.objects.filter(pk__in=[r.pk for r in pair]).update(
            state=State.MERGED, merged_into=combined
        )
        for r in pair:
            r.state = State.MERGED

    # 4. timeline: one event per decisive step
    events = []
    for r in reports:
        if r.state == State.DRAFT:
            continue
        events.append(
            ReportEvent(report=r, actor=r.created_by, action="submit", to_state="submitted")
        )
        if r.state == State.ADOPTED:  # adopted only after editing (核稿)
            events.append(
                ReportEvent(
                    report=r,
                    actor=staff,
                    action="start_editing",
                    from_state="submitted",
                    to_state="editing",
                )
            )
        if r.state in (State.ADOPTED, State.ARCHIVED, State.MERGED):
            action = {"adopted": "adopt", "archived": "archive", "merged": "merge"}[r.state]
            with translation.override("zh-hans"):  # the timeline keeps the words of the day
                comment = str(r.issue) if r.issue else r.note_to_member
            events.append(
                ReportEvent(report=r, actor=staff, action=action, to_state=r.state, comment=comment)
            )

    # 5. forwarding, uses, instructions
    forwardings, uses, instructions = [], [], []
    for r in adopted:
        day = r.adopted_on
        for rec in by_level["district"][:2]:
            forwardings.append(
                Forwarding(report=r, recipient=rec, forwarded_on=day, forwarded_by=staff)
            )
        roll = rng.random()
        later = min(day + timedelta(days=rng.randint(5, 40)), today)
        if roll < 0.35:
            uses.append(
                ReportUse(
                    report=r,
                    level="district",
                    kind="single",
                    used_by="区委办公室",
                    used_on=later,
                    recorded_by=staff,
                )
            )
        if roll < 0.18:
            forwardings.append(
                Forwarding(
                    report=r, recipient=by_level["city"][0], forwarded_on=day, forwarded_by=staff
                )
            )
            uses.append(
                ReportUse(
                    report=r,
                    level="city",
                    kind=rng.choice(["single", "combined"]),
                    used_by="市政协",
                    used_on=later,
                    recorded_by=staff,
                )
            )
        if roll < 0.02:
            uses.append(
                ReportUse(
                    report=r,
                    level="national",
                    kind="forwarded",
                    used_by="全国政协",
                    used_on=later,
                    recorded_by=staff,
                )
            )
        if roll < 0.06:
            level = "city" if roll < 0.02 else "district"
            instructions.append(
                Instruction(
                    report=r,
                    leader_name=rng.choice(LEADERS[level]),
                    level=level,
                    instructed_on=later,
                    text="请有关部门认真研究，提出切实可行的解决办法。",
                    recorded_by=staff,
                )
            )
    Forwarding.objects.bulk_create(forwardings, batch_size=2000)
    ReportUse.objects.bulk_create(uses, batch_size=2000)
    Instruction.objects.bulk_create(instructions, batch_size=2000)
    for u in uses:
        events.append(
            ReportEvent(report=u.report, actor=staff, action="use", at=_at(u.used_on, 10))
        )
    for ins in instructions:
        events.append(
            ReportEvent(
                report=ins.report, actor=staff, action="instruction", at=_at(ins.instructed_on, 11)
            )
        )
    ReportEvent.objects.bulk_create(events, batch_size=2000)

    # 6. the duty ledger, as the services would have written it
    ct = {
        model: ContentType.objects.get_for_model(model)
        for model in (Report, ReportUse, Instruction)
    }
    points = {kind: points_for(kind=kind, term=term) for kind in DutyKind.values}

    def duty(member_id, kind, source, day, title):
        model = type(source)
        return DutyRecord(
            member_id=member_id,
            term=term,
            year=day.year,
            kind=kind,
            occurred_on=day,
            points=points[kind],
            title=title[:300],
            source_type=ct[model],
            source_id=source.pk,
            source_key=f"{model._meta.label_lower}:{source.pk}",
            recorded_by=staff,
        )

    records = []
    for r in reports:
        if r.state == State.DRAFT:
            continue
        records.append(
            duty(
                r.member_id,
                DutyKind.OPINION_SUBMITTED,
                r,
                timezone.localdate(r.submitted_at),
                r.original_title,
            )
        )
        if r.state == State.ADOPTED:
            records.append(duty(r.member_id, DutyKind.OPINION_ADOPTED, r, r.adopted_on, r.title))
    for u in uses:
        records.append(duty(u.report.member_id, USE_DUTY[u.level], u, u.used_on, u.report.title))
    for ins in instructions:
        records.append(
            duty(
                ins.report.member_id,
                INSTRUCTION_DUTY[ins.level],
                ins,
                ins.instructed_on,
                ins.report.title,
            )
        )
    DutyRecord.objects.bulk_create(records, batch_size=2000)

    ctx.data.update(opinion_recipients=recipients, bulletin_issues=[i for i, _ in issues])
    ctx.log(
        f"{len(reports)} reports ({len(adopted)} adopted in {len(issues)} issues), "
        f"{len(uses)} uses, {len(instructions)} instructions, {len(records)} duty records"
    )


def _seed_history(ctx):
    from . import demo_history

    demo_history.seed(ctx)


STEPS = [(30, seed), (31, _seed_history)]  # seed_demo runs the steps of every app in this order
