"""The search document becomes a stored column that decisions/search_document.py writes.

A generated column could only read the decision's own row, so search missed the clauses
as corrected and the signatory's name. PostgreSQL: the column is dropped (with its GIN
index) and added back as a plain tsvector, indexed again and filled, and the long texts
move out of the heap (see NARROW_HEAP). SQLite: the FTS5 table search reads is created
and filled; the column stays empty there.
"""

import django.contrib.postgres.search
from django.db import migrations

from decisions.search.document import (
    FTS_TABLE,
    create_fts_table,
    rebuild_all_search_documents,
)

GIN_INDEX = "decision_search_gin"
# Searching a common word visits the heap row of every match, to count facets and sort by
# date. Notices are long, so a row was ~3 kB and 32% of 100,000 decisions meant visiting
# most of a 300 MB heap. Moving the long texts (the notice, purpose, reasons, options)
# into TOAST keeps the heap several times smaller; the short columns the facets and the
# list read stay inline (STORAGE MAIN), and so does the tsvector (compressed), because a
# plan that filters rows by it (a date range picked by its own index) would otherwise
# fetch every row's document from TOAST.
NARROW_HEAP = [
    "ALTER TABLE decisions_decision SET (toast_tuple_target = 128)",
    "ALTER TABLE decisions_decision ALTER COLUMN title SET STORAGE MAIN, "
    "ALTER COLUMN decision_maker SET STORAGE MAIN, "
    "ALTER COLUMN exemption_class SET STORAGE MAIN, "
    "ALTER COLUMN search_document SET STORAGE MAIN",
]
WIDE_HEAP = [
    "ALTER TABLE decisions_decision RESET (toast_tuple_target)",
    "ALTER TABLE decisions_decision ALTER COLUMN title SET STORAGE EXTENDED, "
    "ALTER COLUMN decision_maker SET STORAGE EXTENDED, "
    "ALTER COLUMN exemption_class SET STORAGE EXTENDED, "
    "ALTER COLUMN search_document SET STORAGE EXTENDED",
]


def create_search_structures(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for statement in NARROW_HEAP:
            schema_editor.execute(statement)
    elif connection.vendor == "sqlite":
        create_fts_table(connection)
    # On PostgreSQL this rewrites every row, which also moves the long texts into TOAST.
    rebuild_all_search_documents(connection)
    if connection.vendor == "postgresql":  # built once the column is filled: faster
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON decisions_decision "
            "USING gin (search_document)"
        )


def drop_search_structures(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
        for statement in WIDE_HEAP:
            schema_editor.execute(statement)
    elif connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0011_source_documents"),
    ]

    operations = [
        migrations.RemoveField(model_name="decision", name="search_document"),
        migrations.AddField(
            model_name="decision",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_search_structures, drop_search_structures),
    ]
