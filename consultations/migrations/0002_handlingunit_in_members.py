"""The foreign keys to HandlingUnit now point at members.HandlingUnit (same table): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('consultations', '0001_initial'),
        ('members', '0006_handlingunit_moved_here'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='inspection',
                    name='target_unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='members.handlingunit', verbose_name='target department'),
                ),
                migrations.AlterField(
                    model_name='planitem',
                    name='participating_units',
                    field=models.ManyToManyField(blank=True, related_name='+', to='members.handlingunit', verbose_name='participating departments'),
                ),
                migrations.AlterField(
                    model_name='planitem',
                    name='responsible_units',
                    field=models.ManyToManyField(blank=True, related_name='+', to='members.handlingunit', verbose_name='responsible departments'),
                ),
                migrations.AlterField(
                    model_name='rectification',
                    name='responsible_unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.handlingunit', verbose_name='responsible department'),
                ),
                migrations.AlterField(
                    model_name='supervisionitem',
                    name='target_unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='members.handlingunit', verbose_name='target department'),
                ),
            ],
            database_operations=[],
        ),
    ]
