"""Timelines belong to a council: each existing timeline goes to its decisions' council.

A timeline goes to the council of its member decisions (the one most of them are of; in
today's archives there is one council), or, with no members, to the first council. No row is
added or removed, and every row keeps its id and values. The slug becomes unique per council,
so each council can have its own children's-services improvement timeline.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count


def into_their_decisions_council(apps, schema_editor):
    Council = apps.get_model("decisions", "Council")
    Timeline = apps.get_model("timelines", "Timeline")
    Membership = apps.get_model("timelines", "TimelineMembership")
    fallback = Council.objects.order_by("pk").first()
    for timeline in Timeline.objects.filter(council__isnull=True):
        most = (
            Membership.objects.filter(timeline=timeline)
            .values("decision__council_id")
            .annotate(members=Count("pk"))
            .order_by("-members", "decision__council_id")
            .first()
        )
        council_id = most["decision__council_id"] if most else None
        if council_id is None:
            if fallback is None:  # an archive with no council yet: its first, from settings
                values = dict(settings.FIRST_COUNCIL)
                fallback, _ = Council.objects.get_or_create(
                    slug=values.pop("slug"), defaults=values
                )
            council_id = fallback.pk
        Timeline.objects.filter(pk=timeline.pk).update(council_id=council_id)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0016_councils"),
        ("timelines", "0003_event_date_basis"),
    ]

    operations = [
        migrations.AddField(
            model_name="timeline",
            name="council",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="timelines",
                to="decisions.council",
            ),
        ),
        migrations.RunPython(into_their_decisions_council, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="timeline",
            name="council",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="timelines",
                to="decisions.council",
            ),
        ),
        migrations.AlterField(
            model_name="timeline",
            name="slug",
            field=models.SlugField(max_length=100),
        ),
        migrations.AddConstraint(
            model_name="timeline",
            constraint=models.UniqueConstraint(
                fields=("council", "slug"), name="timeline_slug_per_council"
            ),
        ),
    ]
