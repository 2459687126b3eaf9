"""One vocabulary across the three timeline models, and follow-up links that know their timeline.

- ``origin`` (rule or admin) says who made a row: it replaces ``source`` on memberships and
  links, and ``added_by_admin`` on events.
- ``hidden`` says an admin removed a row: memberships called it ``excluded``.
- A follow-up link belongs to one timeline, so each timeline's rules find links among its own
  decisions. Existing links go to the timeline both decisions are on (there was one).
"""

import django.db.models.deletion
from django.db import migrations, models

ORIGIN = models.CharField(
    choices=[("rule", "timeline rules"), ("admin", "an admin")], default="rule", max_length=10
)


def events_added_by_admins(apps, schema_editor):
    TimelineEvent = apps.get_model("timelines", "TimelineEvent")
    TimelineEvent.objects.filter(added_by_admin=True).update(origin="admin")


def events_added_by_admins_back(apps, schema_editor):
    TimelineEvent = apps.get_model("timelines", "TimelineEvent")
    TimelineEvent.objects.filter(origin="admin").update(added_by_admin=True)


def links_to_their_timeline(apps, schema_editor):
    DecisionLink = apps.get_model("timelines", "DecisionLink")
    TimelineMembership = apps.get_model("timelines", "TimelineMembership")
    Timeline = apps.get_model("timelines", "Timeline")
    fallback = Timeline.objects.order_by("pk").values_list("pk", flat=True).first()
    on: dict[int, set[int]] = {}
    for decision_id, timeline_id in TimelineMembership.objects.values_list(
        "decision_id", "timeline_id"
    ):
        on.setdefault(decision_id, set()).add(timeline_id)
    for link in DecisionLink.objects.all():
        shared = on.get(link.earlier_id, set()) & on.get(link.later_id, set())
        either = on.get(link.earlier_id, set()) | on.get(link.later_id, set())
        timeline_id = min(shared or either or {fallback} - {None}, default=None)
        if timeline_id is None:  # no timeline exists, so neither can the link
            link.delete()
        else:
            link.timeline_id = timeline_id
            link.save(update_fields=["timeline"])


class Migration(migrations.Migration):
    dependencies = [("timelines", "0001_initial")]

    operations = [
        migrations.RenameField("timelinemembership", "source", "origin"),
        migrations.AlterField("timelinemembership", "origin", ORIGIN),
        migrations.RenameField("timelinemembership", "excluded", "hidden"),
        migrations.AddField("timelineevent", "origin", ORIGIN),
        migrations.RunPython(events_added_by_admins, events_added_by_admins_back),
        migrations.RemoveField("timelineevent", "added_by_admin"),
        migrations.RenameField("decisionlink", "source", "origin"),
        migrations.AlterField("decisionlink", "origin", ORIGIN),
        migrations.AddField(
            "decisionlink",
            "timeline",
            models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="links",
                to="timelines.timeline",
            ),
        ),
        migrations.RunPython(links_to_their_timeline, migrations.RunPython.noop),
        migrations.AlterField(
            "decisionlink",
            "timeline",
            models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="links",
                to="timelines.timeline",
            ),
        ),
        migrations.RemoveConstraint("decisionlink", "decision_link_unique"),
        migrations.AddConstraint(
            "decisionlink",
            models.UniqueConstraint(
                fields=("timeline", "earlier", "later"), name="decision_link_unique"
            ),
        ),
    ]
