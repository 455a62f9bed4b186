"""Residents' opinions on the workflow kernel: the opinion gets the `version` guard (every write
bumps it, a stale page is refused); the opinion's timeline inherits the kernel's TimelineEvent —
the columns keep their names (from_state, to_state, at), their lengths become the kernel's, the
state choices go from `to_state`, and `action` is added, filled in for the events already
written from the state each one led to."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# the step that led into each state (stations.workflow.TRANSITIONS as it stands here)
ACTION_INTO = {
    "received": "receive",
    "in_progress": "start",
    "resolved": "resolve",
    "referred": "refer",
    "reported": "convert_report",
    "proposed": "convert_proposal",
    "closed": "close",
}


def fill_actions(apps, schema_editor):
    OpinionEvent = apps.get_model("stations", "OpinionEvent")
    # the department's answer kept the state: from and to are both "referred"
    OpinionEvent.objects.filter(from_state="referred", to_state="referred").update(action="answer")
    for state, action in ACTION_INTO.items():
        OpinionEvent.objects.filter(action="", to_state=state).update(action=action)


class Migration(migrations.Migration):
    dependencies = [
        ("stations", "0002_handlingunit_in_members"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="opinion",
            name="version",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="opinionevent",
            name="action",
            field=models.CharField(default="", max_length=40, verbose_name="action"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="opinionevent",
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
            model_name="opinionevent",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="when"
            ),
        ),
        migrations.AlterField(
            model_name="opinionevent",
            name="comment",
            field=models.TextField(blank=True, verbose_name="comment"),
        ),
        migrations.AlterField(
            model_name="opinionevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=20, verbose_name="from"),
        ),
        migrations.AlterField(
            model_name="opinionevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=20, verbose_name="to"),
        ),
        migrations.RunPython(fill_actions, migrations.RunPython.noop, elidable=True),
    ]
