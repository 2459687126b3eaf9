"""SQLite only: an index holding what facets count, so a common word counts without rows.

Counting facets for a word that matches thousands of decisions used to read each match's
row (about one 4 kB page each, the notice being inline). With this index SQLite reads the
date, maker, exemption class and key flag from the index and checks each id against the
full-text matches instead (see `count_facets`). PostgreSQL keeps its narrow heap (0012) and
gets nothing here.

The index is not in the model's Meta (that would add it on PostgreSQL too): a later
migration that makes SQLite rebuild decisions_decision must create it again.
"""

from django.db import migrations

FACET_INDEX = "decisions_decision_sqlite_facets"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {FACET_INDEX} ON decisions_decision "
            "(decision_date, decision_maker, exemption_class, is_key_decision)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {FACET_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0014_lean_decision_indexes"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
