"""Demo district: a term with its sessions, ~27 sectors, 8 committees, ~300 members per scale."""

from datetime import date, timedelta

from django.contrib.auth.models import Group, User

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.demodata import DEMO_PASSWORD

from .models import (
    CommitteeMembership,
    Member,
    MemberPost,
    Post,
    Sector,
    Session,
    SpecialCommittee,
    Street,
    Term,
)

SECTORS = [
    "中共",
    "民革",
    "民盟",
    "民建",
    "民进",
    "农工党",
    "致公党",
    "九三学社",
    "无党派人士",
    "工商联",
    "共青团",
    "妇联",
    "总工会",
    "科协",
    "侨联",
    "文艺界",
    "科技界",
    "社会科学界",
    "经济界",
    "农业界",
    "教育界",
    "体育界",
    "新闻出版界",
    "医药卫生界",
    "社会福利和社会保障界",
    "少数民族界",
    "宗教界",
    "特邀",
]
COMMITTEES = [
    ("提案委员会", "提案委"),
    ("经济委员会", "经济委"),
    ("科技教育委员会", "科教委"),
    ("人口资源环境和城市建设委员会", "人资环建委"),
    ("医卫文体委员会", "医卫文体委"),
    ("社会和法制委员会", "社法委"),
    ("民族和宗教委员会", "民宗委"),
    ("文史资料委员会", "文史委"),
]
STREETS = [
    "杨村街",
    "下朱庄街",
    "东蒲洼街",
    "黄庄街",
    "徐官屯街",
    "运河西街",
    "河西务镇",
    "城关镇",
    "白古屯镇",
    "大孟庄镇",
    "泗村店镇",
    "梅厂镇",
    "大碱厂镇",
    "崔黄口镇",
    "大良镇",
    "下伍旗镇",
    "南蔡村镇",
    "大黄堡镇",
    "曹子里镇",
    "上马台镇",
    "大王古庄镇",
    "陈咀镇",
    "豆张庄镇",
    "高村镇",
    "河北屯镇",
    "汊沽港镇",
    "黄花店镇",
    "石各庄镇",
    "王庆坨镇",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强永红海燕春梅晓东立新宏伟玉兰凤英振华国庆德明文博思源子涵雨泽一鸣嘉怡欣然浩宇"
UNITS = [
    "区人民医院",
    "区第一中学",
    "区实验小学",
    "区农业农村委",
    "区科技局",
    "区市场监管局",
    "天津某科技有限公司",
    "区中医医院",
    "区律师协会",
    "区文化馆",
    "区工商联",
    "某建设集团有限公司",
    "区妇幼保健院",
    "区职业技术学校",
    "某农业合作社",
    "区融媒体中心",
    "某物流有限公司",
    "区社会福利院",
    "区档案馆",
    "区税务局",
]
JOBS = [
    "院长",
    "校长",
    "主任",
    "总经理",
    "副局长",
    "教师",
    "医师",
    "工程师",
    "律师",
    "董事长",
    "副主任",
    "研究员",
]
TITLES = [
    "",
    "高级工程师",
    "主任医师",
    "副主任医师",
    "高级教师",
    "研究员",
    "副教授",
    "经济师",
    "律师",
]


def _name(rng):
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given[:2]


def _user(username, first_name, role, *, is_staff=False, is_superuser=False):

    user = User.objects.create_user(
        username=username,
        password=DEMO_PASSWORD,
        first_name=first_name,
        email=f"{username}@demo.cppcc.local",
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def seed(ctx):
    from .demo_duty import set_caps

    rng, scale = ctx.rng, ctx.scale
    year = ctx.today.year
    set_caps()
    term = Term.objects.create(
        number=2,
        name="第二届",
        start_date=date(year - 4, 1, 1),
        end_date=date(year, 12, 31),
        is_current=True,
    )
    Term.objects.create(
        number=1, name="第一届", start_date=date(year - 9, 1, 1), end_date=date(year - 5, 12, 31)
    )
    sessions = []
    for n in range(1, 6):
        y = year - 5 + n
        opens = date(y, 1, 8)
        sessions.append(
            Session.objects.create(
                term=term,
                number=n,
                name=f"二届{'一二三四五'[n - 1]}次会议",
                year=y,
                start_date=opens,
                end_date=opens + timedelta(days=4),
                proposal_window_start=opens - timedelta(days=30),
                proposal_window_end=opens + timedelta(days=3),
            )
        )
    sectors = [Sector.objects.create(name=n, order=i) for i, n in enumerate(SECTORS)]
    committees = [
        SpecialCommittee.objects.create(name=n, short_name=s, order=i)
        for i, (n, s) in enumerate(COMMITTEES)
    ]
    streets = [
        Street.objects.create(
            name=n, kind=Street.Kind.STREET if n.endswith("街") else Street.Kind.TOWN, order=i
        )
        for i, n in enumerate(STREETS)
    ]
    streets.append(
        Street.objects.create(name="京津科技谷开发区", kind=Street.Kind.ZONE, order=len(streets))
    )

    affiliations = [c for c, _ in Member.Affiliation.choices]
    members = []
    total = 300 * scale
    for i in range(total):
        sector = sectors[i % len(sectors)] if i < len(sectors) * 3 else rng.choice(sectors)
        members.append(
            Member(
                number=f"2{i + 1:05d}",
                name=_name(rng),
                gender=rng.choice("MMF"),
                ethnicity="汉族"
                if rng.random() < 0.92
                else rng.choice(["回族", "满族", "蒙古族", "朝鲜族"]),
                birth_date=date(rng.randint(1960, 1990), rng.randint(1, 12), rng.randint(1, 28)),
                native_place=rng.choice(
                    ["天津武清", "天津宝坻", "河北廊坊", "山东德州", "北京通州"]
                ),
                education=rng.choice(["doctorate", "master", "bachelor", "bachelor", "college"]),
                affiliation="cpc" if sector.name == "中共" else rng.choice(affiliations),
                sector=sector,
                work_unit=rng.choice(UNITS),
                job_title=rng.choice(JOBS),
                professional_title=rng.choice(TITLES),
                in_system=rng.random() < 0.55,
                phone=f"13{rng.randint(100000000, 999999999)}",
                id_number=f"120222{rng.randint(1960, 1990)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}{rng.choice('0123456789X')}",
                street=rng.choice(streets),
                status=Member.Status.SITTING
                if rng.random() < 0.95
                else rng.choice(["left", "resigned"]),
                is_demo=True,
            )
        )
    Member.objects.bulk_create(members, batch_size=1000)
    members = list(Member.objects.filter(is_demo=True).order_by("id"))
    Through = Member.terms.through
    first_term = Term.objects.get(number=1)
    links = [Through(member_id=m.id, term_id=term.id) for m in members]
    links += [
        Through(member_id=m.id, term_id=first_term.id) for m in members if rng.random() < 0.35
    ]
    Through.objects.bulk_create(links, batch_size=2000)
    memberships = []
    for m in members:
        for c in rng.sample(committees, rng.choice([1, 1, 1, 2])):
            memberships.append(CommitteeMembership(member=m, committee=c))
    for i, c in enumerate(committees):
        memberships.append(
            CommitteeMembership(
                member=members[i], committee=c, duty=CommitteeMembership.Duty.DIRECTOR
            )
        )
    CommitteeMembership.objects.bulk_create(memberships, batch_size=2000, ignore_conflicts=True)

    posts = {p.code: p for p in Post.objects.all()}
    leaders = members[:9]
    MemberPost.objects.bulk_create(
        [MemberPost(member=leaders[0], post=posts["chairman"], term=term)]
        + [MemberPost(member=m, post=posts["vice_chairman"], term=term) for m in leaders[1:7]]
        + [MemberPost(member=leaders[7], post=posts["secretary_general"], term=term)]
        + [
            MemberPost(member=m, post=posts["standing_member"], term=term)
            for m in members[9 : 9 + 40 * scale]
        ]
        + [
            MemberPost(member=m, post=posts["invited_supervisor"], term=term)
            for m in members[60:70]
        ]
    )

    # One account per role; the member account is linked to a sitting member.
    users = ctx.users
    users["administrator"] = _user("admin", "系统管理员", None, is_staff=True, is_superuser=True)
    member_user = _user("member", members[20].name, Role.MEMBER)
    members[20].user = member_user
    members[20].status = Member.Status.SITTING
    members[20].save(update_fields=["user", "status"])
    users[Role.MEMBER] = member_user
    for role, username, name in [
        (Role.PROPOSAL_STAFF, "proposal_staff", "提案委 刘晓东"),
        (Role.OPINION_STAFF, "opinion_staff", "信息科 张敏"),
        (Role.CONSULTATION_STAFF, "consultation_staff", "研究室 陈静"),
        (Role.LIAISON_STAFF, "liaison_staff", "委员工作室 王磊"),
    ]:
        users[role] = _user(username, name, role, is_staff=True)
    users[Role.UNIT_LIAISON] = _user("unit_liaison", "区教育局 联络员 赵芳", Role.UNIT_LIAISON)
    users[Role.STATION_MANAGER] = _user(
        "station_manager", "杨村街 指导员 孙伟", Role.STATION_MANAGER
    )
    leader_user = _user("leader", leaders[0].name, Role.LEADER)
    leaders[0].user = leader_user
    leaders[0].save(update_fields=["user"])
    users[Role.LEADER] = leader_user
    # 三员分立: the security administrator and the security auditor, apart from business staff
    users[Role.SECURITY_ADMIN] = _user(
        "security_admin", "信息中心 周安", Role.SECURITY_ADMIN, is_staff=True
    )
    users[Role.SECURITY_AUDITOR] = _user(
        "security_auditor", "纪检组 吴审", Role.SECURITY_AUDITOR, is_staff=True
    )
    # More members with accounts, for co-signing and attendance demos.
    for m in members[21 : 21 + 20]:
        m.user = _user(f"m{m.number}", m.name, Role.MEMBER)
        m.status = Member.Status.SITTING
        m.save(update_fields=["user", "status"])

    ctx.data.update(
        term=term,
        sessions=sessions,
        sectors=sectors,
        committees=committees,
        streets=streets,
        members=members,
    )
    ctx.log(
        f"{len(members)} members, {len(sectors)} sectors, {len(committees)} committees, {len(streets)} streets"
    )


def _seed_duty(ctx):
    from . import demo_duty

    demo_duty.seed(ctx)


# first: the organisation every other part builds on; last: study, manual records and checks
# over the ledger the others filled
STEPS = [(10, seed), (95, _seed_duty)]
