"""A council's decisions newest first, and "moderngov" among the source formats.

- `decision_council_newest`: (council_id, decision_date DESC, reference DESC) of the
  decisions the public sees. With the council filter reading council_id from a scalar
  subquery, a common word within one council sorts and counts from it: at 3,000,000
  decisions over 300 councils, p95 107 ms without it, 39 ms with it (A, B, A).
- `source_format` names the harvested ModernGov page (decisions/moderngov/) among its
  choices; only the choices change, so SQLite rebuilds no table (the facet index stays).
"""

from django.conf import settings
from django.db import migrations, models

import decisions.parsing.model


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0021_council_search_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="decision",
            name="source_format",
            field=models.CharField(
                choices=[
                    ("text", "Text extract"),
                    ("pdf", "PDF"),
                    ("ocr", "Scanned PDF (OCR)"),
                    ("moderngov", "ModernGov decision page"),
                ],
                default=decisions.parsing.model.SourceFormat["PLAIN_TEXT"],
                help_text="The kind of document the notice was read from.",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="sourcedocument",
            name="source_format",
            field=models.CharField(
                choices=[
                    ("text", "Text extract"),
                    ("pdf", "PDF"),
                    ("ocr", "Scanned PDF (OCR)"),
                    ("moderngov", "ModernGov decision page"),
                ],
                max_length=10,
            ),
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(
                models.F("council"),
                models.OrderBy(models.F("decision_date"), descending=True),
                models.OrderBy(models.F("reference"), descending=True),
                condition=models.Q(("withdrawn_at__isnull", True)),
                name="decision_council_newest",
            ),
        ),
    ]
