"""The demo term's earlier years of social-opinion reports (issue 24 item 6), written through
the history import (opinions.services.history.import_report): their own dates, adopted in
their year's bulletin issues or kept, their uses and the duty records of their year, nobody
told — so the yearly trends have more than one point."""

from datetime import date, timedelta

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.models import Counter
from members.models import Member

PER_YEAR = 40  # × scale (capped)
MATTERS = [
    (
        "老旧小区加装电梯推进缓慢",
        "加装电梯审批环节多、居民意见难统一",
        "简化审批流程，设立专项补贴",
    ),
    ("农村生活污水直排", "部分村庄管网未覆盖，污水直排沟渠", "分批建设管网，建立运维机制"),
    ("学校周边交通拥堵", "上下学时段接送车辆占道严重", "设置临时停车区，错峰放学"),
    ("社区养老服务供给不足", "日间照料中心覆盖率低、服务单一", "盘活闲置用房，引入专业机构"),
    ("中小企业融资成本偏高", "抵押物不足，担保费率偏高", "扩大政府性融资担保规模"),
    ("背街小巷环境脏乱", "垃圾清运不及时，私搭乱建反弹", "建立街巷长制，常态化巡查"),
    ("基层医疗人才流失", "待遇偏低，职称晋升通道窄", "完善激励机制，推进县管乡用"),
    ("新就业形态劳动者保障不足", "外卖骑手等参保率低", "推动灵活就业人员参保"),
]


def seed(ctx):
    from .services.history import import_report

    staff = ctx.users.get(Role.OPINION_STAFF)
    if staff is None:
        return
    rng, today = ctx.rng, ctx.today
    members = [m for m in ctx.data["members"] if m.status == Member.Status.SITTING]
    # the years before the one the opinions demo fills (the past twelve months)
    years = [s.year for s in ctx.data.get("sessions", []) if s.year < today.year - 1]
    made = 0
    for year in years:
        issues = 0
        count = PER_YEAR * min(ctx.scale, 3)
        days = sorted(rng.randint(0, 330) for _ in range(count))  # issues follow the dates
        for i, day in enumerate(days):
            matter, problem, suggestion = rng.choice(MATTERS)
            submitted = date(year, 1, 1) + timedelta(days=day)
            adopted = rng.random() < 0.5
            if adopted and i % 3 == 0:
                issues += 1
            issue = max(1, issues)
            used = rng.random() < 0.3
            plan = {
                "member": rng.choice(members).pk,
                "title": f"关于{matter}问题的反映",
                "problem": f"{problem}，群众反映强烈。",
                "suggestion": f"建议{suggestion}。",
                "submitted_on": submitted.isoformat(),
                "adopted_on": (submitted + timedelta(days=14)).isoformat() if adopted else "",
                "year": year,
                "issue_number": issue,
                "signed_off_by": "信息科",
                "used_district_on": (submitted + timedelta(days=40)).isoformat()
                if adopted and used
                else "",
                "used_city_on": "",
                "used_national_on": "",
            }
            import_report(actor=staff, plan=plan)
            made += 1
        Counter.objects.update_or_create(key=f"bulletin:{year}", defaults={"value": issues})
    ctx.log(f"{made} reports of {len(years)} earlier year(s), imported with their dates")
