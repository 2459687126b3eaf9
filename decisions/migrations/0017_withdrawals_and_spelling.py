"""Withdrawn decisions, and the spelling suggestions' trigrams.

- `withdrawn_at`, `withdrawn_reason`, `withdrawn_by`: an admin withdraws a decision with a
  reason instead of deleting it (decisions/withdrawals.py); its page answers 410.
- SQLite: the facet index (0015) gains `withdrawn_at`, so facets still count from the index
  alone now that every public list leaves withdrawn decisions out.
- PostgreSQL: pg_trgm, which "Did you mean …?" uses (decisions/search/suggest.py).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FACET_INDEX = "decisions_decision_sqlite_facets"
FACET_COLUMNS = "decision_date, decision_maker, exemption_class, is_key_decision"


def facet_index_with_withdrawals(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {FACET_INDEX}")
        schema_editor.execute(
            f"CREATE INDEX {FACET_INDEX} ON decisions_decision ({FACET_COLUMNS}, withdrawn_at)"
        )


def facet_index_without_withdrawals(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {FACET_INDEX}")
        schema_editor.execute(f"CREATE INDEX {FACET_INDEX} ON decisions_decision ({FACET_COLUMNS})")


def trigram_extension(apps, schema_editor):
    # Not TrigramExtension: unapplied on SQLite it asks pg_extension whether it exists.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0016_councils"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, default=None, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="decision",
            name="withdrawn_by",
            field=models.ForeignKey(
                blank=True,
                default=None,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="withdrawn_reason",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(
            facet_index_with_withdrawals, facet_index_without_withdrawals, elidable=False
        ),
        # Kept when unapplied: another part of the database may use the extension.
        migrations.RunPython(trigram_extension, migrations.RunPython.noop, elidable=False),
    ]
