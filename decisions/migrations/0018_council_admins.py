"""Admins per council: Council.admins, the staff who may see and correct a council's records.

Staff who could correct records before stay able to: every staff member who is not a
superuser becomes an admin of every council there is (today, the first one). Superusers
see every council without being listed.
"""

from django.conf import settings
from django.db import migrations, models


def staff_keep_their_councils(apps, schema_editor):
    Council = apps.get_model("decisions", "Council")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    staff = list(User.objects.filter(is_staff=True, is_superuser=False))
    for council in Council.objects.all():
        council.admins.add(*staff)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0017_withdrawals_and_spelling"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="council",
            name="admins",
            field=models.ManyToManyField(
                blank=True,
                help_text="Staff who may see and correct this council's records (superusers see all).",
                related_name="administered_councils",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(staff_keep_their_councils, migrations.RunPython.noop, elidable=False),
    ]
