from django.apps import AppConfig


class TimelinesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "decisions.timelines"
    label = "timelines"
    verbose_name = "Timelines"

    def ready(self) -> None:
        from decisions.timelines import seams

        seams.plug_into_the_archive()
