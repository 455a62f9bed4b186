"""HandlingUnit left for members (same table): the keys follow in state, the model leaves proposals' state, and its content type (permissions, admin log) is relabelled."""

import django.db.models.deletion
from django.db import migrations, models


def relabel_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="members", model="handlingunit").exists():
        ContentType.objects.filter(app_label="proposals", model="handlingunit").update(
            app_label="members"
        )


def unrelabel_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="members", model="handlingunit").update(
        app_label="proposals"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0006_handlingunit_moved_here'),
        ('proposals', '0004_instruction_request'),
        ('consultations', '0002_handlingunit_in_members'),
        ('stations', '0002_handlingunit_in_members'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='communication',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.handlingunit'),
                ),
                migrations.AlterField(
                    model_name='assignment',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='members.handlingunit', verbose_name='unit'),
                ),
                migrations.AlterField(
                    model_name='qualityrating',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.handlingunit'),
                ),
                migrations.AlterField(
                    model_name='reply',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='replies', to='members.handlingunit'),
                ),
                migrations.AlterField(
                    model_name='proposal',
                    name='suggested_units',
                    field=models.ManyToManyField(blank=True, related_name='+', to='members.handlingunit', verbose_name='suggested units'),
                ),
                migrations.DeleteModel(
                    name='HandlingUnit',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_type, unrelabel_content_type),
    ]
