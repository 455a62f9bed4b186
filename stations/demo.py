"""Demo stations: 30 street/town stations (29 streets and towns + the development zone),
14 sector studios, every sitting member assigned, a year of activities with their duty
records, quarterly visiting rounds and ~500 residents' opinions in every state."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pgtrigger
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from members.models import DutyKind, DutyRecord, Member
from members.services import points_for

from .models import (
    Activity,
    Assignment,
    Opinion,
    OpinionEvent,
    Station,
    StationKind,
    VisitRound,
)
from .services import RECEIPT_ALPHABET, quarter_end
from .workflow import TRANSITIONS, OpinionState

TITLES = {
    "forum": ["委员进站座谈会", "“有事好商量”议事会", "民情恳谈会"],
    "visit": ["季度入户走访", "走访困难群众", "走访社区老党员"],
    "inspection": ["老旧小区改造视察", "农村人居环境调研", "背街小巷治理调研"],
    "consultation": ["停车难问题协商议事", "加装电梯协商议事", "社区养老协商议事"],
    "medical": ["委员送医进社区义诊", "健康讲座与义诊"],
    "culture": ["送文化进村", "书画进社区"],
    "legal": ["法律咨询进社区", "普法宣传"],
    "lecture": ["委员讲堂", "学习贯彻专题讲座"],
    "donation": ["爱心捐助", "助学捐赠"],
    "other": ["委员接待日", "志愿服务"],
}
OPINIONS = [
    ("urban", "小区路灯坏了很久没人修，晚上出行不安全。"),
    ("urban", "老旧小区楼道堆物多，希望组织清理。"),
    ("transport", "学校门口上下学时段拥堵严重，建议增设临时停车位。"),
    ("transport", "公交线路调整后换乘不便，希望恢复原站点。"),
    ("environment", "河道有异味，希望加强治理。"),
    ("environment", "垃圾分类投放点太远，老人不方便。"),
    ("education", "希望增加课后托管服务名额。"),
    ("health", "社区卫生服务站周末不开门，看病不方便。"),
    ("elderly", "希望社区食堂增加老年助餐点。"),
    ("social", "灵活就业人员参保手续复杂，希望简化。"),
    ("safety", "小区监控有盲区，电动车充电存在隐患。"),
    ("rural", "村里农田灌溉渠年久失修，影响春耕。"),
    ("other", "希望多组织文化活动，丰富居民生活。"),
]
STATE_SHARES = [
    (OpinionState.RECEIVED, 0.12),
    (OpinionState.IN_PROGRESS, 0.13),
    (OpinionState.RESOLVED, 0.25),
    (OpinionState.REFERRED, 0.12),
    (OpinionState.REPORTED, 0.08),
    (OpinionState.PROPOSED, 0.07),
    (OpinionState.CLOSED, 0.23),
]


MAX_CONVERTED = 60
ACTION_INTO = {t.target: name for name, t in TRANSITIONS.items() if t.target}  # its timeline


def _code(rng, used):
    while True:
        code = "".join(rng.choice(RECEIPT_ALPHABET) for _i in range(10))
        if code not in used:
            used.add(code)
            return code


def _aware(day, rng):
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 18), rng.randint(0, 59))))


def seed(ctx):
    rng, scale, today = ctx.rng, ctx.scale, ctx.today
    kinds = {k.code: k for k in StationKind.objects.all()}
    home, studio_kind = kinds["street_station"], kinds["sector_studio"]
    streets = ctx.data["streets"]
    members = list(Member.objects.filter(is_demo=True).order_by("id"))
    sitting = [m for m in members if m.status == Member.Status.SITTING]
    by_street: dict[int, list[Member]] = {}
    for m in sitting:
        by_street.setdefault(m.street_id or rng.choice(streets).pk, []).append(m)
    leaders = members[:8]  # the chairman meeting (主席, 副主席, 秘书长)
    manager = ctx.users.get(Role.STATION_MANAGER)

    stations = []
    for i, street in enumerate(streets):
        local = by_street.get(street.pk, [])
        stations.append(
            Station(
                name=f"{street.name}委员联络站",
                kind=home,
                street=street,
                address=f"天津市武清区{street.name}党群服务中心{rng.randint(1, 3)}楼",
                opening_hours="周一至周五 9:00–17:00；每月第一个周六上午委员接待日",
                description=f"{street.name}委员联络站是政协委员联系群众、协商议事的平台。",
                head=rng.choice(local) if local else None,
                instructor=manager if street.name == "杨村街" else None,
                order=i,
            )
        )
    sectors = ctx.data["sectors"][:14]
    for i, sector in enumerate(sectors):
        stations.append(
            Station(
                name=f"{sector.name}界别协商工作室",
                kind=studio_kind,
                sector=sector,
                address="武清区政协机关",
                opening_hours="每月第二周周三下午",
                order=i,
            )
        )
    Station.objects.bulk_create(stations)
    street_stations = stations[: len(streets)]
    studios = stations[len(streets) :]
    Through = Station.leaders_in_charge.through
    Through.objects.bulk_create(
        [
            Through(station_id=s.pk, member_id=leaders[i % len(leaders)].pk)
            for i, s in enumerate(street_stations)
        ]
    )

    since = ctx.data["term"].start_date
    station_of_street = {s.street_id: s for s in street_stations}
    assignments, station_members = [], {s.pk: [] for s in stations}
    for street_id, local in by_street.items():
        station = station_of_street[street_id]
        for m in local:
            assignments.append(
                Assignment(station=station, station_kind=home, member=m, since=since)
            )
            station_members[station.pk].append(m)
    studio_of_sector = {s.sector_id: s for s in studios}
    for m in sitting:
        studio = studio_of_sector.get(m.sector_id)
        if studio is not None:
            assignments.append(
                Assignment(station=studio, station_kind=studio_kind, member=m, since=since)
            )
            station_members[studio.pk].append(m)
    Assignment.objects.bulk_create(assignments, batch_size=2000)

    # Quarterly visiting rounds of this year, up to the current quarter.
    current_q = (today.month - 1) // 3 + 1
    rounds = [
        VisitRound(
            station=s,
            year=today.year,
            quarter=q,
            theme="入户走访听民意",
            due_on=quarter_end(today.year, q),
        )
        for s in street_stations
        for q in range(1, current_q + 1)
    ]
    VisitRound.objects.bulk_create(rounds)
    round_of = {(r.station_id, r.quarter): r for r in rounds}

    # A year of activities (and a few upcoming ones) with their participants.
    activities, planned = [], []
    kinds_cycle = list(Activity.Kind.values)
    for station in stations:
        count = (20 if station.kind_id == home.pk else 6) * scale
        pool = station_members[station.pk]
        for _n in range(count):
            kind = rng.choice(kinds_cycle)
            day = today - timedelta(days=rng.randint(1, 364))
            visit_round = None
            if kind == "visit" and day.year == today.year:
                visit_round = round_of.get((station.pk, (day.month - 1) // 3 + 1))
            a = Activity(
                station=station,
                kind=kind,
                date=day,
                title=rng.choice(TITLES[kind]),
                summary=f"{station.name}组织委员开展{rng.choice(TITLES[kind])}，听取群众意见建议。",
                residents_reached=rng.randint(10, 200),
                services_given=rng.randint(0, 80) if kind in ("medical", "culture", "legal") else 0,
                donation_amount=Decimal(rng.randint(1, 50) * 1000) if kind == "donation" else 0,
                visit_round=visit_round,
                created_by=manager,
            )
            activities.append(a)
            planned.append(rng.sample(pool, min(len(pool), rng.randint(3, 8))) if pool else [])
        for _n in range(2):
            activities.append(
                Activity(
                    station=station,
                    kind="forum",
                    date=today + timedelta(days=rng.randint(3, 40)),
                    title="委员接待日",
                    summary="",
                )
            )
            planned.append([])
    Activity.objects.bulk_create(activities, batch_size=2000)
    PThrough = Activity.participants.through
    PThrough.objects.bulk_create(
        [
            PThrough(activity_id=a.pk, member_id=m.pk)
            for a, people in zip(activities, planned, strict=True)
            for m in people
        ],
        batch_size=5000,
    )
    # Participation duty records, in bulk (the same key record_duty would use).
    term = ctx.data["term"]
    ct = ContentType.objects.get_for_model(Activity)
    points = points_for(kind=DutyKind.STATION_ACTIVITY, term=term)
    names = {s.pk: s.name for s in stations}
    # Demo rows need no field history: skipping pghistory's insert trigger makes this
    # bulk insert about three times faster (the ledger's own rows are the same).
    with pgtrigger.ignore("members.DutyRecord:insert_insert"):
        _bulk_duty(
            DutyRecord(
                member_id=m.pk,
                term=term,
                year=a.date.year,
                kind=DutyKind.STATION_ACTIVITY,
                occurred_on=a.date,
                points=points,
                title=f"{names[a.station_id]}：{a.title}"[:300],
                source_type=ct,
                source_id=a.pk,
                source_key=f"stations.activity:{a.pk}",
                recorded_by=manager,
            )
            for a, people in zip(activities, planned, strict=True)
            if a.date <= today
            for m in people
        )

    # Residents' opinions in every state.
    units = list(ctx.data.get("units") or [])
    if not units:
        from members.models import HandlingUnit

        units = list(HandlingUnit.objects.all()[:40])
    total = 500 * scale
    used: set[str] = set()
    opinions, states = [], []
    for state, share in STATE_SHARES:
        n = round(total * share)
        if state == OpinionState.REPORTED:  # each needs a real report: keep seeding fast
            states += [OpinionState.CLOSED] * max(0, n - MAX_CONVERTED)
            n = min(n, MAX_CONVERTED)
        states += [state] * n
    now = timezone.now()
    for state in states:
        station = rng.choice(street_stations if rng.random() < 0.9 else studios)
        category, content = rng.choice(OPINIONS)
        day = today - timedelta(days=rng.randint(0, 364))
        received = _aware(day, rng)
        source = rng.choice(list(Opinion.Source.values))
        if state == OpinionState.REFERRED and not units:
            state = OpinionState.IN_PROGRESS
        o = Opinion(
            station=station,
            source=source,
            category=category,
            content=content,
            resident_name=rng.choice(["", "王女士", "李先生", "张大爷", "刘阿姨"]),
            resident_contact=f"13{rng.randint(100000000, 999999999)}" if rng.random() < 0.7 else "",
            receipt_code=_code(rng, used),
            state=state,
            received_at=received,
            recorded_by=None if source == "public" else manager,
        )
        if state in (OpinionState.RESOLVED, OpinionState.CLOSED):
            o.resolved_at = min(received + timedelta(days=rng.randint(0, 30)), now)
            o.result = "已协调相关部门处理，问题已解决，已电话告知居民。"
        if state == OpinionState.CLOSED:
            o.closed_at = o.resolved_at
        if state == OpinionState.REFERRED and units:
            o.department = rng.choice(units)
            o.referral_due_on = day + timedelta(days=21)
            if rng.random() < 0.5:
                o.department_answer = "已列入今年工作计划，近期组织实施。"
        if state in (OpinionState.REPORTED, OpinionState.PROPOSED):
            pool = station_members.get(station.pk) or sitting
            o.taken_up_by = rng.choice(pool)
        opinions.append(o)
    Opinion.objects.bulk_create(opinions, batch_size=2000)
    events = []
    for o in opinions:
        events.append(OpinionEvent(opinion=o, action="receive", to_state=OpinionState.RECEIVED))
        if o.state != OpinionState.RECEIVED:
            events.append(
                OpinionEvent(
                    opinion=o,
                    actor=manager,
                    action=ACTION_INTO[o.state],
                    from_state=OpinionState.RECEIVED,
                    to_state=o.state,
                )
            )
    OpinionEvent.objects.bulk_create(events, batch_size=5000)

    _convert_reported(ctx, [o for o in opinions if o.state == OpinionState.REPORTED])
    ctx.data["stations"] = stations
    ctx.log(
        f"{len(stations)} stations, {len(assignments)} assignments, {len(activities)} activities, "
        f"{len(opinions)} residents' opinions"
    )


def _convert_reported(ctx, opinions):
    """The opinions converted to social-opinion reports get their report (through the
    opinions part's service); about half of them are adopted in one bulletin issue."""
    try:
        from opinions import services as report_services
    except ImportError:
        return
    from django.contrib.contenttypes.models import ContentType

    manager, staff = ctx.users.get(Role.STATION_MANAGER), ctx.users.get(Role.OPINION_STAFF)
    if manager is None or staff is None:
        return
    ct = ContentType.objects.get_for_model(Opinion)
    issue = None
    for opinion in opinions:
        report = report_services.create_report_from_conversion(
            actor=manager,
            member=opinion.taken_up_by,
            title=f"关于{opinion.station.street.name if opinion.station.street_id else ''}"
            f"{opinion.get_category_display()}问题的建议",
            content=opinion.content + "建议有关部门尽快研究解决。",
            source=opinion,
        )
        Opinion.objects.filter(pk=opinion.pk).update(conversion_type=ct, conversion_id=report.pk)
        if ctx.rng.random() < 0.5:
            report_services.start_editing(actor=staff, report=report)
            report = report_services.adopt_report(
                actor=staff, report=report, issue=issue, signed_off_by="王秘书长"
            )
            issue = report.issue


def _bulk_duty(records):
    DutyRecord.objects.bulk_create(records, batch_size=5000)


STEPS = [(50, seed)]  # seed_demo runs the steps of every app in this order
