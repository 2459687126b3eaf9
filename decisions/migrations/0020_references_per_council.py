"""References are unique per council, not across the archive.

ModernGov numbers its issues per installation, so two councils' references collide: the
unique index on `reference` becomes one on (council, reference), and `reference` keeps a
plain index for the old council-less URLs (/decisions/<reference>/), which redirect.

A council's slug may not be one of the archive's own top-level paths (its home is
/<slug>/).

SQLite: altering `reference` rebuilds decisions_decision, which drops the facet index made
outside the model's Meta (0015). It is made again with `council_id`, which the council
facet counts, and with `withdrawn_at` (0017 added it; 0019's rebuild had made it again
without it).
"""

from django.db import migrations, models

import decisions.models

FACET_INDEX = "decisions_decision_sqlite_facets"
FACET_COLUMNS = "decision_date, decision_maker, exemption_class, is_key_decision"


def facet_index_with_councils(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {FACET_INDEX}")
        schema_editor.execute(
            f"CREATE INDEX {FACET_INDEX} ON decisions_decision "
            f"({FACET_COLUMNS}, withdrawn_at, council_id)"
        )


def facet_index_before(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {FACET_INDEX}")
        schema_editor.execute(f"CREATE INDEX {FACET_INDEX} ON decisions_decision ({FACET_COLUMNS})")


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0019_ocr_field_confidence"),
    ]

    operations = [
        migrations.AlterField(
            model_name="council",
            name="slug",
            field=models.SlugField(
                max_length=100, unique=True, validators=[decisions.models.validate_council_slug]
            ),
        ),
        migrations.AlterField(
            model_name="decision",
            name="reference",
            field=models.CharField(
                db_index=True,
                help_text="The council's issue reference, e.g. I50042913.",
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(
                fields=("council", "reference"), name="decision_reference_unique_per_council"
            ),
        ),
        migrations.RunPython(facet_index_with_councils, facet_index_before, elidable=False),
    ]
