"""Demo duty data, seeded last: study, trainings, manual records and self-reports on top of
what the other parts recorded, topped up so that every evaluation band and every gap in the
yearly minimums occurs; plus the term's earlier years in bulk (COPY) for the benchmarks.

Volumes: about 385 ledger records per member over the term (~115,000 at scale 1,
~1,150,000 at scale 10).
"""

from datetime import date, timedelta
from decimal import Decimal

import pgtrigger
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from .models import (
    DutyKind,
    DutyRecord,
    Member,
    Nomination,
    PointRule,
    ReadingGroup,
    SelfReport,
    StudyMaterial,
    StudyRead,
    StudyReflection,
    Training,
    TrainingAttendance,
)
from .points import active_minimums, total_expression

MATERIALS = [
    (
        "习近平关于加强和改进人民政协工作的重要思想学习纲要（选读）",
        "人民政协是社会主义协商民主的重要渠道和专门协商机构……",
    ),
    (
        "《中国人民政治协商会议章程》全文",
        "第一条 中国人民政治协商会议是中国人民爱国统一战线的组织……",
    ),
    (
        "政协委员履职手册：如何写好一件提案",
        "一事一案；案由应明确具体；案据要有数据支撑；建议要具体可行……",
    ),
    ("社情民意信息的选题与写作", "一事一报，篇幅一般不超过1500字，突出问题和建议……"),
    ("区政协2025年度协商计划解读", "年度协商计划经区委常委会审议通过，共安排协商议题十二项……"),
    ("基层协商民主建设的实践与思考", "委员联络站是政协履职向基层延伸的重要平台……"),
    ("民主监督工作的形式和方法", "协商式监督是人民政协民主监督的基本特点……"),
    ("委员读书活动推荐书目", "《之江新语》《习近平的七年知青岁月》《乡土中国》……"),
]
TRAININGS = [
    ("新任委员履职培训班", "区委党校"),
    ("提案撰写专题培训", "区政协会议室"),
    ("社情民意信息工作培训", "区政协会议室"),
    ("委员读书班（上半年）", "区图书馆"),
]
REFLECTION_TITLES = [
    "学习政协章程的几点体会",
    "读《乡土中国》有感",
    "学习协商民主理论的心得",
    "提案撰写培训学习体会",
    "关于基层协商的学习思考",
]
REFLECTION_BODY = (
    "通过本次学习，我对人民政协的性质定位有了更深刻的认识。作为一名政协委员，"
    "要坚持把学习作为履职的基础，围绕中心、服务大局，在调查研究上下功夫，"
    "努力提出有价值的意见建议，切实做到懂政协、会协商、善议政。"
)
# The kinds that carry volume in the term's earlier years, with weights.
PAST_MIX = [
    (DutyKind.MEETING_ATTENDED, 30),
    (DutyKind.STATION_ACTIVITY, 25),
    (DutyKind.CONSULTATION, 10),
    (DutyKind.SPEECH, 8),
    (DutyKind.TRAINING, 5),
    (DutyKind.STUDY_REFLECTION, 4),
    (DutyKind.RESEARCH, 4),
    (DutyKind.INSPECTION, 4),
    (DutyKind.LIVELIHOOD, 4),
    (DutyKind.OPINION_SUBMITTED, 3),
    (DutyKind.PROPOSAL_COSIGNER, 2),
    (DutyKind.PROPOSAL_FIRST, 1),
]
PAST_TITLES = {
    DutyKind.MEETING_ATTENDED: "参加专委会活动",
    DutyKind.STATION_ACTIVITY: "参加联络站活动",
    DutyKind.CONSULTATION: "参加专题协商会",
    DutyKind.SPEECH: "协商会议发言",
    DutyKind.TRAINING: "参加委员培训",
    DutyKind.STUDY_REFLECTION: "提交学习心得",
    DutyKind.RESEARCH: "参加专题调研",
    DutyKind.INSPECTION: "参加视察活动",
    DutyKind.LIVELIHOOD: "帮办民生实事",
    DutyKind.OPINION_SUBMITTED: "报送社情民意信息",
    DutyKind.PROPOSAL_COSIGNER: "联名提案",
    DutyKind.PROPOSAL_FIRST: "提交提案（第一提案人）",
}
# What tops up a member's current year towards their demo band, with the points it brings.
FILLERS = [DutyKind.MEETING_ATTENDED, DutyKind.SPEECH, DutyKind.STATION_ACTIVITY]

COLUMNS = (
    "member_id",
    "term_id",
    "year",
    "kind",
    "occurred_on",
    "points",
    "points_fixed",
    "title",
    "source_type_id",
    "source_id",
    "source_key",
    "note",
    "recorded_by_id",
    "created_at",
    "voided_reason",
)


class Ledger:
    """Rows for the ledger, written at once with COPY (the insert-history trigger is skipped
    for the bulk: it is demo data, and history starts with the first real change)."""

    def __init__(self, term, now):
        self.term, self.now, self.rows = term, now, []
        rules = {r.kind: r.points for r in PointRule.objects.filter(term__isnull=True)}
        rules.update({r.kind: r.points for r in PointRule.objects.filter(term=term)})
        self.points = rules

    def add(self, member_id, kind, day, title, key, *, source=None, points=None, note="", by=None):
        fixed = points is not None
        value = points if fixed else self.points.get(kind, Decimal("0"))
        ct_id, src_id = source if source else (None, None)
        self.rows.append(
            (
                member_id,
                self.term.pk,
                day.year,
                str(kind),
                day,
                value,
                fixed,
                title[:300],
                ct_id,
                src_id,
                key,
                note,
                by,
                self.now,
                "",
            )
        )

    def write(self):
        if not self.rows:
            return 0
        with pgtrigger.ignore("members.DutyRecord:insert_insert"), connection.cursor() as c:
            c.execute("SELECT 1")  # sets pgtrigger.ignore for this transaction
            with c.cursor.copy(
                f"COPY members_dutyrecord ({', '.join(COLUMNS)}) FROM STDIN"
            ) as copy:
                for row in self.rows:
                    copy.write_row(row)
        n, self.rows = len(self.rows), []
        return n


def _day(rng, year, today, start=None):
    first = start or date(year, 1, 1)
    last = min(date(year, 12, 31), today)
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def set_caps():
    """Caps make the points table realistic: routine activities count up to a ceiling. Set
    before any part writes a record (members.demo calls it): a cap changed later re-reads
    every member-year holding that kind."""
    PointRule.objects.filter(term__isnull=True, kind=DutyKind.MEETING_ATTENDED).update(
        yearly_cap=Decimal("40")
    )
    PointRule.objects.filter(term__isnull=True, kind=DutyKind.STATION_ACTIVITY).update(
        yearly_cap=Decimal("30")
    )


def seed(ctx):
    rng, scale, today = ctx.rng, ctx.scale, ctx.today
    term = ctx.data["term"]
    year = today.year
    now = timezone.now()
    staff = ctx.users.get("liaison_staff")
    members = list(Member.objects.filter(status=Member.Status.SITTING).order_by("id"))

    ledger = Ledger(term, now)

    # --- Study: groups, materials, read receipts --------------------------------------------
    groups = [
        ReadingGroup.objects.create(name=n, description=d)
        for n, d in [
            ("委员读书群·经济", "经济界、工商联委员读书交流"),
            ("委员读书群·教科文卫", "教育、科技、文艺、医卫界委员"),
            ("委员读书群·综合", "全体委员自愿参加"),
        ]
    ]
    for i, g in enumerate(groups):
        g.members.add(*members[i::3][: 60 * scale])
    materials = StudyMaterial.objects.bulk_create(
        [
            StudyMaterial(
                title=t,
                body=(b + "\n\n") * 6,
                group=groups[i % 3] if i >= 5 else None,
                published_on=today - timedelta(days=12 * (len(MATERIALS) - i)),
                created_by=staff,
            )
            for i, (t, b) in enumerate(MATERIALS)
        ]
    )
    reads = []
    for m in members:
        for material in rng.sample(materials[:5], rng.randint(0, 5)):
            reads.append(StudyRead(material=material, member=m))
    StudyRead.objects.bulk_create(reads, batch_size=5000, ignore_conflicts=True)

    # --- Trainings with attendance (→ TRAINING duty, linked to the training) -----------------
    training_ct = ContentType.objects.get_for_model(Training).pk
    trainings = []
    for i, (title, place) in enumerate(TRAININGS):
        held = date(year, 1 + 2 * i, 15) if date(year, 1 + 2 * i, 15) <= today else today
        trainings.append(Training.objects.create(title=title, held_on=held, place=place))
    attendance = []
    for t in trainings:
        for m in rng.sample(members, int(len(members) * 0.4)):
            attendance.append(TrainingAttendance(training=t, member=m))
            ledger.add(
                m.pk,
                DutyKind.TRAINING,
                t.held_on,
                t.title,
                f"members.training:{t.pk}",
                source=(training_ct, t.pk),
                by=staff.pk if staff else None,
            )
    TrainingAttendance.objects.bulk_create(attendance, batch_size=5000)
    ledger.write()

    # --- Current year: bands and five-ones gaps over what the other parts recorded -----------
    minimums = active_minimums()
    present = {}
    for member_id, kind in (
        DutyRecord.objects.filter(year=year, voided_at__isnull=True)
        .order_by()
        .values_list("member_id", "kind")
        .distinct()
    ):
        present.setdefault(member_id, set()).add(kind)
    totals = dict(
        Member.objects.filter(pk__in=[m.pk for m in members])
        .annotate(total=total_expression(year))
        .values_list("pk", "total")
    )
    reflection_ct = ContentType.objects.get_for_model(StudyReflection).pk
    reflections_accepted, reflections_other = [], []
    profile_of = {}
    demo_member = ctx.users.get("member")
    for i, m in enumerate(members):
        r = i % 20
        if r >= 18 and not present.get(m.pk):
            profile = "inactive"
        elif r < 6:
            profile = "excellent"
        elif r < 15:
            profile = "competent"
        else:
            profile = "talk"
        if demo_member is not None and m.user_id == demo_member.pk:
            profile = "competent"  # the demo member has something to do: one gap, a draft report
        profile_of[m.pk] = profile
        if profile == "inactive":
            continue
        # Which minimums this member meets: excellent all, competent all but one (cycling, so
        # each gap occurs), talk two or three of five.
        n = len(minimums)
        if profile == "excellent":
            skip = set()
        elif profile == "competent":
            skip = {i % n} if n else set()
        else:
            skip = set(rng.sample(range(n), min(n, rng.choice([2, 3])))) if n else set()
        kinds = present.get(m.pk, set())
        added = Decimal("0")
        for j, minimum in enumerate(minimums):
            if j in skip or kinds & set(minimum.kinds):
                continue
            kind = minimum.kinds[0]
            day = _day(rng, year, today)
            if kind == DutyKind.STUDY_REFLECTION:
                reflections_accepted.append((m, day))
                continue
            ledger.add(m.pk, kind, day, PAST_TITLES.get(kind, str(kind)), f"demo:{kind}:{m.pk}")
            added += ledger.points.get(kind, Decimal("0"))
        if profile == "excellent":
            target = Decimal(rng.randint(92, 135))
        elif profile == "competent":
            target = Decimal(rng.randint(62, 88))
        else:
            target = Decimal(rng.randint(12, 55))
        have = Decimal(totals.get(m.pk) or 0) + added
        if profile == "talk" and rng.random() < 0.3:
            ledger.add(
                m.pk,
                DutyKind.PLENARY_ABSENT,
                date(year, 1, 9) if date(year, 1, 9) <= today else today,
                "全体会议无故缺席",
                f"demo:absent:{m.pk}",
            )
            have += ledger.points.get(DutyKind.PLENARY_ABSENT, Decimal("0"))
        k = 0
        while have + 3 <= target and k < 60:
            kind = FILLERS[k % len(FILLERS)]
            step = ledger.points.get(kind, Decimal("0"))
            if step <= 0 or (kind != DutyKind.SPEECH and k > 20):
                kind, step = DutyKind.SPEECH, ledger.points.get(DutyKind.SPEECH, Decimal("5"))
            ledger.add(
                m.pk,
                kind,
                _day(rng, year, today),
                PAST_TITLES.get(kind, str(kind)),
                f"demo:{year}:{m.pk}:{k}",
            )
            have += step
            k += 1
        if rng.random() < 0.15:
            reflections_other.append((m, _day(rng, year, today)))
    # Reflections: accepted ones count as duty and link to the reflection.
    rows = [
        StudyReflection(
            member=m,
            material=rng.choice(materials),
            title=rng.choice(REFLECTION_TITLES),
            body=REFLECTION_BODY,
            state=StudyReflection.State.ACCEPTED,
            submitted_on=day,
            reviewed_by=staff,
        )
        for m, day in reflections_accepted
    ]
    rows += [
        StudyReflection(
            member=m,
            material=rng.choice(materials),
            title=rng.choice(REFLECTION_TITLES),
            body=REFLECTION_BODY,
            state=rng.choice([StudyReflection.State.SUBMITTED, StudyReflection.State.RETURNED]),
            submitted_on=day,
            review_comment="请结合履职实际进一步充实内容。",
        )
        for m, day in reflections_other
    ]
    # Bulk rows skip the per-row history trigger: its exception block opens a subtransaction
    # per row, and thousands of them in one transaction slow every later statement badly.
    with pgtrigger.ignore("members.StudyReflection:insert_insert"):
        created = StudyReflection.objects.bulk_create(rows, batch_size=2000)
    for reflection in created:
        if reflection.state == StudyReflection.State.ACCEPTED:
            ledger.add(
                reflection.member_id,
                DutyKind.STUDY_REFLECTION,
                reflection.submitted_on,
                reflection.title,
                f"members.studyreflection:{reflection.pk}",
                source=(reflection_ct, reflection.pk),
                by=staff.pk if staff else None,
            )

    # Manual entries by staff, with reasons: honours, and deductions as corrections.
    for m in rng.sample(members, max(3, len(members) // 30)):
        if profile_of[m.pk] == "inactive":
            continue
        ledger.add(
            m.pk,
            DutyKind.HONOUR,
            _day(rng, year, today),
            "获评区级“优秀政协委员联络站工作者”",
            f"manual:demo-honour-{m.pk}",
            points=Decimal("5"),
            note="区政协办公室表彰文件",
            by=staff.pk if staff else None,
        )
    for m in rng.sample(members, max(2, len(members) // 60)):
        if profile_of[m.pk] == "inactive":
            continue
        ledger.add(
            m.pk,
            DutyKind.MANUAL,
            _day(rng, year, today),
            "更正：重复登记的活动",
            f"manual:demo-correction-{m.pk}",
            points=Decimal("-3"),
            note="同一活动重复登记，扣回分值",
            by=staff.pk if staff else None,
        )
    current = ledger.write()

    # --- The term's earlier years, in bulk ---------------------------------------------------
    kinds = [k for k, _w in PAST_MIX]
    weights = [w for _k, w in PAST_MIX]
    past = 0
    for y in range(max(term.start_date.year, year - 4), year):
        for m in members:
            ledger.add(
                m.pk, DutyKind.PLENARY_ATTENDED, date(y, 1, 9), "出席全体会议", f"demo:p:{y}:{m.pk}"
            )
            for n, kind in enumerate(rng.choices(kinds, weights, k=rng.randint(50, 110))):
                ledger.add(
                    m.pk,
                    kind,
                    date(y, rng.randint(1, 12), rng.randint(1, 28)),
                    PAST_TITLES[kind],
                    f"demo:{y}:{m.pk}:{n}",
                )
            if len(ledger.rows) > 50000:
                past += ledger.write()
        past += ledger.write()

    # --- Self-reports and nominations ---------------------------------------------------------
    reports = []
    for m in members:
        if profile_of[m.pk] == "inactive":
            continue
        for y in range(max(term.start_date.year, year - 4), year):
            if rng.random() < 0.85:
                reports.append(
                    SelfReport(
                        member=m,
                        year=y,
                        body=f"{y}年，本人认真履行政协委员职责，积极参加全体会议和专委会活动，"
                        "提交提案和社情民意信息，深入联络站开展调研，帮助群众解决实际困难。",
                        state=SelfReport.State.SUBMITTED,
                        submitted_at=now,
                    )
                )
        if (demo_member is None or m.user_id != demo_member.pk) and rng.random() < 0.2:
            reports.append(
                SelfReport(
                    member=m,
                    year=year,
                    body="（草稿）今年以来，本人围绕区委中心工作……",
                    state=SelfReport.State.DRAFT,
                )
            )
    with pgtrigger.ignore("members.SelfReport:insert_insert"):
        SelfReport.objects.bulk_create(reports, batch_size=5000)
    last_year = year - 1
    top = (
        Member.objects.filter(pk__in=[m.pk for m in members])
        .annotate(total=total_expression(last_year))
        .order_by("-total")[: 5 * scale]
    )
    Nomination.objects.bulk_create(
        [
            Nomination(
                member=m,
                year=last_year,
                points=m.total,
                reason="履职积分位居前列",
                nominated_by=staff,
            )
            for m in top
        ]
    )
    bands = {}
    for p in profile_of.values():
        bands[p] = bands.get(p, 0) + 1
    ctx.data.update(study_materials=materials, trainings=trainings, reading_groups=groups)
    ctx.log(
        f"{current} ledger records this year, {past} in earlier years; "
        f"{len(created)} reflections, {len(attendance)} training attendances; profiles {bands}"
    )
