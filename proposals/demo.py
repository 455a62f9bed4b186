"""Demo handling units (~40); the proposal pipeline adds its demo data here."""

from cppcc_portal.accounts.roles import Role

from .models import HandlingUnit

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
