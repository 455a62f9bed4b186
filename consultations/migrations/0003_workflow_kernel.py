"""Consultations on the workflow kernel: the consultation and the rectification item get the
`version` guard (every write bumps it, a stale page is refused) in place of django-fsm's
ConcurrentTransitionMixin; the consultation's timeline inherits the kernel's TimelineEvent —
the columns keep their names (from_state, to_state, at), the comment becomes a text, and
`action` is added, filled in for the events already written from the state each one led to.
(0001 names the state columns CharField: django-fsm's FSMField was one, the column is the same.)"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# the step that led into each state (consultations.workflow as it stands here)
ACTION_INTO = {
    "planned": "schedule",
    "preparing": "start_preparing",
    "held": "hold",
    "outcome_sent": "send_outcome",
    "feedback_received": "receive_feedback",
    "closed": "close",
}


def fill_actions(apps, schema_editor):
    ConsultationEvent = apps.get_model("consultations", "ConsultationEvent")
    for state, action in ACTION_INTO.items():
        ConsultationEvent.objects.filter(action="", to_state=state).update(action=action)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0002_handlingunit_in_members"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="consultationevent",
            options={
                "ordering": ["at", "id"],
                "verbose_name": "consultation event",
                "verbose_name_plural": "consultation events",
            },
        ),
        migrations.AddField(
            model_name="consultation",
            name="version",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="rectification",
            name="version",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="consultationevent",
            name="action",
            field=models.CharField(default="", max_length=40, verbose_name="action"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="consultationevent",
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
            model_name="consultationevent",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="when"
            ),
        ),
        migrations.AlterField(
            model_name="consultationevent",
            name="comment",
            field=models.TextField(blank=True, verbose_name="comment"),
        ),
        migrations.AlterField(
            model_name="consultationevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=20, verbose_name="from"),
        ),
        migrations.AlterField(
            model_name="consultationevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=20, verbose_name="to"),
        ),
        migrations.RunPython(fill_actions, migrations.RunPython.noop, elidable=True),
    ]
