"""HandlingUnit moves from proposals to the organisation layer: the model joins members' state; its table (proposals_handlingunit) stays as it is, so nothing happens in the database."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0005_study_material_random_file_name'),
        ('proposals', '0004_instruction_request'),  # the table is created there
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HandlingUnit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=80, unique=True, verbose_name='name')),
                        ('short_name', models.CharField(blank=True, max_length=30, verbose_name='short name')),
                        ('kind', models.CharField(choices=[('government', 'Government department'), ('party', 'Party organ'), ('judicial', 'Court or procuratorate'), ('group', "People's organisation"), ('street', 'Town or street'), ('enterprise', 'State enterprise or institution'), ('other', 'Other')], default='government', max_length=12, verbose_name='kind')),
                        ('head_name', models.CharField(blank=True, max_length=40, verbose_name='head')),
                        ('phone', models.CharField(blank=True, max_length=30, verbose_name='office phone')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('head_user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='headed_units', to=settings.AUTH_USER_MODEL, verbose_name="head's account")),
                        ('liaisons', models.ManyToManyField(blank=True, related_name='handling_units', to=settings.AUTH_USER_MODEL, verbose_name='liaison users')),
                    ],
                    options={
                        'verbose_name': 'handling unit',
                        'verbose_name_plural': 'handling units',
                        'db_table': 'proposals_handlingunit',
                        'ordering': ['order', 'id'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
