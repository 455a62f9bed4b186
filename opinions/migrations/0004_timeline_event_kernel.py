"""The report timeline on the workflow kernel's TimelineEvent: the columns already had the
kernel's names (from_state/to_state/at), so only their lengths, labels and the time index
change; no data is touched."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("opinions", "0003_event_time"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="reportevent",
            name="action",
            field=models.CharField(max_length=40, verbose_name="action"),
        ),
        migrations.AlterField(
            model_name="reportevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="by",
            ),
        ),
        migrations.AlterField(
            model_name="reportevent",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="when"
            ),
        ),
        migrations.AlterField(
            model_name="reportevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=20, verbose_name="from"),
        ),
        migrations.AlterField(
            model_name="reportevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=20, verbose_name="to"),
        ),
    ]
