"""A decision read from a scan keeps each field's OCR confidence; "ocr" is a source format.

Adding the column makes SQLite rebuild decisions_decision, which drops the facet index that
0015 made outside the model's Meta, so it is made again here (SQLite only, as in 0015).
"""

from django.db import migrations, models

import decisions.parsing.model

FACET_INDEX = "decisions_decision_sqlite_facets"


def create_facet_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {FACET_INDEX} ON decisions_decision "
            "(decision_date, decision_maker, exemption_class, is_key_decision)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0018_council_admins"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="field_confidence",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="For a notice read from a scan: how sure the text recognition was of each field.",
            ),
        ),
        migrations.AlterField(
            model_name="decision",
            name="source_format",
            field=models.CharField(
                choices=[("text", "Text extract"), ("pdf", "PDF"), ("ocr", "Scanned PDF (OCR)")],
                default=decisions.parsing.model.SourceFormat["PLAIN_TEXT"],
                help_text="The kind of document the notice was read from.",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="sourcedocument",
            name="source_format",
            field=models.CharField(
                choices=[("text", "Text extract"), ("pdf", "PDF"), ("ocr", "Scanned PDF (OCR)")],
                max_length=10,
            ),
        ),
        migrations.RunPython(create_facet_index, migrations.RunPython.noop, elidable=False),
    ]
