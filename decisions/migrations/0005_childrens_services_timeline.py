"""Create the first timeline: the council's children's-services improvement story."""

from django.db import migrations

SLUG = "childrens-services-improvement"


def create_timeline(apps, schema_editor):
    Timeline = apps.get_model("decisions", "Timeline")
    Timeline.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "Children's services improvement",
            "description": (
                "From the 2018 inspection of children's services (ILACS) and its action plan, "
                "through the July 2022 inspection, the judgement of inadequate and the "
                "statutory direction, to the improvement plan, its phases, and the November "
                "2025 inspection published in January 2026."
            ),
        },
    )


def remove_timeline(apps, schema_editor):
    apps.get_model("decisions", "Timeline").objects.filter(slug=SLUG).delete()


class Migration(migrations.Migration):
    dependencies = [("decisions", "0004_timelines")]

    operations = [migrations.RunPython(create_timeline, remove_timeline)]
