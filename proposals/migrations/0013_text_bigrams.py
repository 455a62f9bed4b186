# The search's two-character index (core migration 0004) replaces the trigram indexes of
# the long texts, which a two-character term could not use.

import cppcc_portal.core.bigrams
import django.contrib.postgres.indexes
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_bigrams'),
        ('proposals', '0012_proposal_list_order'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='proposal',
            name='proposal_analysis_trgm',
        ),
        migrations.RemoveIndex(
            model_name='proposal',
            name='proposal_sugg_trgm',
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=django.contrib.postgres.indexes.GinIndex(cppcc_portal.core.bigrams.Bigrams('title', 'analysis', 'suggestions', 'number_display'), name='proposal_text_bigrams'),
        ),
    ]
