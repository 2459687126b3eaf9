"""The timeline models now belong to the ``timelines`` app: forget them here, keep the tables.

A state-only operation: no table is dropped (``timelines.0001_initial`` took them over).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0007_clause_key_and_source_format"),
        ("timelines", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="TimelineEvent"),
                migrations.DeleteModel(name="TimelineMembership"),
                migrations.DeleteModel(name="DecisionLink"),
                migrations.DeleteModel(name="Timeline"),
            ],
            database_operations=[],
        ),
    ]
