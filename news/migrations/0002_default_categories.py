from django.db import migrations

DEFAULTS = ["会议", "协商", "视察调研", "联络站", "委员风采", "提案工作", "学习培训", "综合"]


def seed(apps, schema_editor):
    Category = apps.get_model("news", "Category")
    for order, name in enumerate(DEFAULTS):
        Category.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
