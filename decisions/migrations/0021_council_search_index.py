"""PostgreSQL only: the search document's GIN index is led by the council.

A search within one council ANDed two bitmaps: the council's rows (3,333 of 1,000,000
decisions over 300 councils) and every decision in the archive matching the word
(142,660 for "budget"), built in full from the word's posting list, about 24 ms, twice a
page (facets, then the results), and three times that at 3,000,000. A GIN index over
(council_id, search_document) (btree_gin gives GIN the equality operator on integers)
intersects the council's posting list with the word's inside one index scan, skipping
through the longer one, so the same search reads 510 entries in about 1 ms.

A multicolumn GIN index also serves conditions on any one of its columns, unlike a
b-tree, so this index replaces decision_search_gin for searches across every council
(the planner already chose it when both existed; the same entries are read) and every
import keeps one GIN index up to date, not two. Measured in the README's benchmarks.

btree_gin is a trusted extension (PostgreSQL 13+): a database owner may create it.
SQLite: nothing (its full-text search is the FTS5 table).
"""

from django.db import migrations

OLD_INDEX = "decision_search_gin"
COUNCIL_INDEX = "decision_council_search_gin"


def council_led_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {COUNCIL_INDEX} ON decisions_decision "
        "USING gin (council_id, search_document)"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def search_document_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON decisions_decision USING gin (search_document)"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {COUNCIL_INDEX}")
    # The extension stays: other objects in the database may use it.


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0020_references_per_council"),
    ]

    operations = [migrations.RunPython(council_led_index, search_document_index, elidable=False)]
