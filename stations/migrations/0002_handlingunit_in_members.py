"""The foreign keys to HandlingUnit now point at members.HandlingUnit (same table): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0006_handlingunit_moved_here'),
        ('stations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='opinion',
                    name='department',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='station_opinions', to='members.handlingunit', verbose_name='department'),
                ),
            ],
            database_operations=[],
        ),
    ]
