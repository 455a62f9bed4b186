from django.db import migrations

ROLES = [
    "member",
    "proposal_staff",
    "opinion_staff",
    "consultation_staff",
    "liaison_staff",
    "unit_liaison",
    "station_manager",
    "leader",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
