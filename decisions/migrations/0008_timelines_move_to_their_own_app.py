"""The timeline models now belong to the ``timelines`` app: forget them here, keep the tables.

A state-only operation: no table is dropped (``timelines.0001_initial`` took them over).
"""

from django.apps import apps as global_apps
from django.db import migrations

# The core runs without the timelines app too (tests/test_core_without_timelines.py); then
# there is no app to hand the tables to, and they are only forgotten.
TIMELINES = (
    [("timelines", "0001_initial")] if global_apps.is_installed("decisions.timelines") else []
)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0007_clause_key_and_source_format"), *TIMELINES]

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
