"""Take over the timeline models from the archive core, keeping their tables.

Only Django's idea of the models moves (state operations): the tables, their rows, indexes
and constraints stay exactly where migrations 0004 and 0005 of ``decisions`` made them.
Content types move with the models, so admin permissions and log entries keep pointing at
the right model.
"""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ("timeline", "timelinemembership", "timelineevent", "decisionlink")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="decisions", model__in=MODELS).update(
        app_label="timelines"
    )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="timelines", model__in=MODELS).update(
        app_label="decisions"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("decisions", "0007_clause_key_and_source_format"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Timeline",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("slug", models.SlugField(max_length=100, unique=True)),
                        ("title", models.CharField(max_length=200)),
                        ("description", models.TextField(blank=True)),
                    ],
                    options={
                        "db_table": "decisions_timeline",
                        "ordering": ["title"],
                    },
                ),
                migrations.CreateModel(
                    name="DecisionLink",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("reason", models.CharField(blank=True, max_length=300)),
                        (
                            "source",
                            models.CharField(
                                choices=[("rule", "membership rules"), ("admin", "an admin")],
                                default="rule",
                                max_length=10,
                            ),
                        ),
                        (
                            "hidden",
                            models.BooleanField(default=False, verbose_name="removed by an admin"),
                        ),
                        (
                            "earlier",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="follow_ups",
                                to="decisions.decision",
                            ),
                        ),
                        (
                            "later",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="follows_up",
                                to="decisions.decision",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "decisions_decisionlink",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("earlier", "later"), name="decision_link_unique"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="TimelineEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("date", models.DateField(db_index=True)),
                        ("end_date", models.DateField(blank=True, null=True)),
                        (
                            "precision",
                            models.CharField(
                                choices=[("day", "day"), ("month", "month"), ("year", "year")],
                                default="day",
                                max_length=5,
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("inspection", "Inspection"),
                                    ("monitoring_visit", "Monitoring visit"),
                                    ("judgement", "Judgement"),
                                    ("statutory_direction", "Statutory direction"),
                                    ("report_published", "Report published"),
                                    ("plan_phase", "Plan or phase"),
                                    ("deadline", "Deadline"),
                                    ("meeting", "Meeting"),
                                    ("decision", "Decision"),
                                ],
                                max_length=30,
                            ),
                        ),
                        ("title", models.CharField(max_length=300)),
                        ("source_sentence", models.TextField(blank=True)),
                        ("added_by_admin", models.BooleanField(default=False)),
                        (
                            "edited_by_admin",
                            models.BooleanField(
                                default=False,
                                help_text="Set when an admin changes an extracted event; rules leave it be.",
                            ),
                        ),
                        (
                            "hidden",
                            models.BooleanField(
                                default=False,
                                help_text="Keeps a removed event from coming back.",
                                verbose_name="removed by an admin",
                            ),
                        ),
                        (
                            "extraction_key",
                            models.CharField(
                                blank=True,
                                editable=False,
                                help_text="Identifies what the rules found.",
                                max_length=200,
                            ),
                        ),
                        (
                            "clause",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="events",
                                to="decisions.clause",
                            ),
                        ),
                        (
                            "decision",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="decisions.decision",
                            ),
                        ),
                        (
                            "timeline",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="timelines.timeline",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "decisions_timelineevent",
                        "ordering": ["date", "end_date", "pk"],
                        "indexes": [
                            models.Index(fields=["timeline", "date"], name="event_timeline_date")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="TimelineMembership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "source",
                            models.CharField(
                                choices=[("rule", "membership rules"), ("admin", "an admin")],
                                default="rule",
                                max_length=10,
                            ),
                        ),
                        (
                            "excluded",
                            models.BooleanField(
                                default=False,
                                help_text="Keep the decision off this timeline.",
                                verbose_name="removed by an admin",
                            ),
                        ),
                        (
                            "decision",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="timeline_memberships",
                                to="decisions.decision",
                            ),
                        ),
                        (
                            "timeline",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to="timelines.timeline",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "decisions_timelinemembership",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("timeline", "decision"), name="membership_unique"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
