"""The proposal timeline on the workflow kernel's TimelineEvent: from_status/to_status/
created_at become from_state/to_state/at (renamed columns, no data touched), lengths as the
other timelines."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0005_handlingunit_moved_to_members"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="proposalevent", name="event_proposal_time"),
        migrations.RenameField("proposalevent", "from_status", "from_state"),
        migrations.RenameField("proposalevent", "to_status", "to_state"),
        migrations.RenameField("proposalevent", "created_at", "at"),
        migrations.AlterField(
            model_name="proposalevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=20, verbose_name="from"),
        ),
        migrations.AlterField(
            model_name="proposalevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=20, verbose_name="to"),
        ),
        migrations.AlterField(
            model_name="proposalevent",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="when"
            ),
        ),
        migrations.AlterField(
            model_name="proposalevent",
            name="action",
            field=models.CharField(max_length=40, verbose_name="action"),
        ),
        migrations.AlterField(
            model_name="proposalevent",
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
        migrations.AlterModelOptions(
            name="proposalevent",
            options={
                "ordering": ["at", "id"],
                "verbose_name": "proposal event",
                "verbose_name_plural": "proposal events",
            },
        ),
        migrations.AddIndex(
            model_name="proposalevent",
            index=models.Index(fields=["proposal", "at"], name="event_proposal_time"),
        ),
    ]
