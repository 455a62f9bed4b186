# The search's two-character index (core migration 0004) replaces the trigram index of the
# problem text, which a two-character term could not use.

import cppcc_portal.core.bigrams
import django.contrib.postgres.indexes
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_bigrams'),
        ('opinions', '0005_office2_paper_entry'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='report',
            name='report_problem_trgm',
        ),
        migrations.AddIndex(
            model_name='report',
            index=django.contrib.postgres.indexes.GinIndex(cppcc_portal.core.bigrams.Bigrams('title', 'problem', 'suggestion', 'original_title', 'organisation'), name='report_text_bigrams'),
        ),
    ]
