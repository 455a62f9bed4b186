from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="Counter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=120, unique=True, verbose_name="key")),
                ("value", models.PositiveIntegerField(default=0, verbose_name="last number issued")),
            ],
            options={"verbose_name": "number counter", "verbose_name_plural": "number counters"},
        ),
        migrations.CreateModel(
            name="Heartbeat",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=60, unique=True, verbose_name="name")),
                ("at", models.DateTimeField(verbose_name="last seen")),
            ],
            options={"verbose_name": "heartbeat", "verbose_name_plural": "heartbeats"},
        ),
    ]
