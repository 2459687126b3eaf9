"""Councils: every decision, councillor and spelling of a councillor's name becomes one
council's (a spelling is unique within its council, no longer across the archive).

Today's records all move into the archive's first council, named by settings
(FIRST_COUNCIL: Herefordshire Council, E06000019, HEF unless set otherwise), without a row
lost; a fresh archive starts with that council. The council columns are added empty, filled,
then made required. On SQLite making them required rebuilds decisions_decision, so the
facet index of 0015 is made again.
"""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

facets = importlib.import_module("decisions.migrations.0015_sqlite_facet_index")


def into_the_first_council(apps, schema_editor):
    Council = apps.get_model("decisions", "Council")
    values = dict(settings.FIRST_COUNCIL)
    council, _ = Council.objects.get_or_create(slug=values.pop("slug"), defaults=values)
    for name in ("Decision", "Councillor"):
        apps.get_model("decisions", name).objects.filter(council=None).update(council=council)
    # Every alias is its councillor's, so today all of them are the first council's too.
    apps.get_model("decisions", "CouncillorAlias").objects.filter(council=None).update(
        council=council
    )


class Migration(migrations.Migration):
    dependencies = [("decisions", "0015_sqlite_facet_index")]

    operations = [
        migrations.CreateModel(
            name="Council",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="e.g. Herefordshire Council", max_length=200, unique=True
                    ),
                ),
                ("slug", models.SlugField(max_length=100, unique=True)),
                (
                    "gss_code",
                    models.CharField(
                        blank=True,
                        help_text="The ONS code, e.g. E06000019.",
                        max_length=9,
                        verbose_name="GSS code",
                    ),
                ),
                (
                    "register_code",
                    models.CharField(
                        blank=True,
                        help_text="The three-letter register code, e.g. HEF.",
                        max_length=3,
                    ),
                ),
                (
                    "reference_pattern",
                    models.CharField(
                        default="I[0-9]{5,12}",
                        help_text="A regular expression every decision reference of this council matches.",
                        max_length=200,
                    ),
                ),
                (
                    "moderngov_url",
                    models.URLField(
                        blank=True,
                        help_text="The council's ModernGov site.",
                        max_length=300,
                        verbose_name="ModernGov URL",
                    ),
                ),
                ("contact_url", models.URLField(blank=True, max_length=300)),
                ("contact_email", models.EmailField(blank=True, max_length=254)),
                ("accessibility_url", models.URLField(blank=True, max_length=300)),
                (
                    "start_date",
                    models.DateField(blank=True, help_text="When the council began.", null=True),
                ),
                (
                    "end_date",
                    models.DateField(blank=True, help_text="When it ended, if it has.", null=True),
                ),
            ],
            options={
                "ordering": ["name"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("gss_code", ""), _negated=True),
                        fields=("gss_code",),
                        name="council_gss_code",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="councillor",
            name="council",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="councillors",
                to="decisions.council",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="council",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="decisions",
                to="decisions.council",
            ),
        ),
        migrations.AddField(
            model_name="councilloralias",
            name="council",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="decisions.council",
            ),
        ),
        migrations.RunPython(into_the_first_council, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="councilloralias",
            name="council",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="decisions.council",
            ),
        ),
        migrations.AlterField(
            model_name="councilloralias",
            name="name",
            field=models.CharField(max_length=200),
        ),
        migrations.AddConstraint(
            model_name="councilloralias",
            constraint=models.UniqueConstraint(
                fields=("council", "name"), name="alias_name_per_council"
            ),
        ),
        migrations.AlterField(
            model_name="councillor",
            name="council",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="councillors",
                to="decisions.council",
            ),
        ),
        migrations.AlterField(
            model_name="decision",
            name="council",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="decisions",
                to="decisions.council",
            ),
        ),
        migrations.RunPython(facets.create_index, facets.drop_index, elidable=False),
    ]
