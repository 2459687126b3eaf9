from django.apps import AppConfig


class ModernGovConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "decisions.moderngov"
    label = "moderngov"
    verbose_name = "ModernGov harvesting"

    def ready(self) -> None:
        from decisions.moderngov import seams

        seams.plug_into_the_archive()
