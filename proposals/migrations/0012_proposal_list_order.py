from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("proposals", "0011_disclosure")]

    operations = [
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                fields=["session", "number", "id"], include=["status"], name="proposal_list_order"
            ),
        ),
    ]
