"""Every event says how its date was found: stated in the text, inferred, or tied.

Existing rows the rules placed on their own decision's date because the notice gives the
fact no date (a judgement, a statutory direction, an endorsed "Phase N ... plan") become
``inferred``, known by that date. They are recognised by kind, by sitting on the decision's
day, and for plan phases by the title the rules give an endorsed phase. Ties need the
notice's text, so they appear on the next refresh (any import, or
``reapply_timeline_rules()``), which also re-marks anything this step could not recognise.
"""

import re

from django.db import migrations, models

KIND_CHOICES = [
    ("inspection", "Inspection"),
    ("monitoring_visit", "Monitoring visit"),
    ("judgement", "Judgement"),
    ("statutory_direction", "Statutory direction"),
    ("report_published", "Report published"),
    ("plan_phase", "Plan or phase"),
    ("deadline", "Deadline"),
    ("meeting", "Meeting"),
    ("decision", "Decision"),
]
UNDATED_FACTS = ("judgement", "statutory_direction")
# The title rules/events.py gives an endorsed phase: "Phase 3 Improvement Plan endorsed".
ENDORSED_PHASE = re.compile(r"^Phase \d+ .+ (?:endorsed|approved|adopted|agreed|launched)$")


def mark_inferred_dates(apps, schema_editor):
    TimelineEvent = apps.get_model("timelines", "TimelineEvent")
    on_their_decision_day = TimelineEvent.objects.filter(
        origin="rule",
        decision__isnull=False,
        date=models.F("decision__decision_date"),
        precision="day",
        end_date__isnull=True,
    )
    inferred = [
        event
        for event in on_their_decision_day.filter(kind__in=(*UNDATED_FACTS, "plan_phase")).only(
            "pk", "kind", "title", "date"
        )
        if event.kind in UNDATED_FACTS or ENDORSED_PHASE.match(event.title)
    ]
    for event in inferred:
        event.date_basis = "inferred"
        event.known_by = event.date
    TimelineEvent.objects.bulk_update(inferred, ["date_basis", "known_by"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("timelines", "0002_origin_hidden_and_link_timeline")]

    operations = [
        migrations.AddField(
            model_name="timelineevent",
            name="date_basis",
            field=models.CharField(
                choices=[
                    ("stated", "stated in the text"),
                    ("inferred", "known by the notice's date"),
                    ("tied", "tied to a dated event"),
                ],
                default="stated",
                help_text="Stated in the text; inferred (only known by a notice's date); or "
                "tied to a dated event the text names.",
                max_length=10,
                verbose_name="how the date was found",
            ),
        ),
        migrations.AddField(
            model_name="timelineevent",
            name="known_by",
            field=models.DateField(
                blank=True,
                help_text="For an inferred or tied date: the date of the notice that proves it "
                "by then.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="timelineevent",
            name="tied_to",
            field=models.CharField(
                blank=True,
                choices=KIND_CHOICES,
                help_text="For a tied date: the kind of dated event this one follows.",
                max_length=30,
            ),
        ),
        migrations.RunPython(mark_inferred_dates, migrations.RunPython.noop),
    ]
