from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0006_clause_keys_in_corrections"),
    ]

    operations = [
        migrations.RenameField(
            model_name="correction", old_name="clause_label", new_name="clause_key"
        ),
        migrations.AddField(
            model_name="decision",
            name="source_format",
            field=models.CharField(
                choices=[("text", "Text extract"), ("pdf", "PDF")],
                default="text",
                help_text="The kind of document the notice was read from.",
                max_length=10,
            ),
        ),
    ]
