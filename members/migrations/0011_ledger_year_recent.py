# The ledger has millions of rows in a district's second term: the index is built without
# blocking the writes of a running portal (CREATE INDEX CONCURRENTLY, outside a transaction).
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("members", "0010_duty_totals_refresh_plan")]

    operations = [
        AddIndexConcurrently(
            model_name="dutyrecord",
            index=models.Index(fields=["year", "occurred_on", "id"], name="duty_year_recent"),
        ),
    ]
