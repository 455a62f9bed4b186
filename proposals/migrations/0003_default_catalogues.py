from django.db import migrations

CATEGORIES = ["经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设", "其他"]
GROUNDS = [
    "涉及国家秘密",
    "属于国家明令禁止的事项",
    "涉及党的人事安排",
    "属于党派团体内部事务",
    "属于诉讼、仲裁中的案件",
    "属于学术讨论",
    "涉及个人或家庭事务",
    "为特定产品或作品宣传推介",
    "属于具名检举控告",
    "内容空泛、无具体建议",
]


def forwards(apps, schema_editor):
    Category = apps.get_model("proposals", "ProposalCategory")
    Ground = apps.get_model("proposals", "NotRegisteredGround")
    Settings = apps.get_model("proposals", "ProposalSettings")
    for i, name in enumerate(CATEGORIES):
        Category.objects.get_or_create(name=name, defaults={"order": i})
    for i, text in enumerate(GROUNDS):
        Ground.objects.get_or_create(text=text, defaults={"order": i})
    if not Settings.objects.exists():
        Settings.objects.create()


class Migration(migrations.Migration):
    dependencies = [("proposals", "0002_notregisteredground_proposalcategory_and_more")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
