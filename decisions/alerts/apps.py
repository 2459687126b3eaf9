from django.apps import AppConfig


class AlertsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "decisions.alerts"
    label = "alerts"
    verbose_name = "Email alerts"

    def ready(self) -> None:
        from decisions.alerts import seams

        seams.plug_into_the_archive()
