from django.apps import AppConfig
from django.core import checks

BOUNCE_SECRET_MIN = 32


class AlertsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "decisions.alerts"
    label = "alerts"
    verbose_name = "Email alerts"

    def ready(self) -> None:
        from decisions.alerts import seams

        seams.plug_into_the_archive()
        checks.register(check_bounce_secret)


def check_bounce_secret(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """A bounce webhook's secret short enough to guess is refused at start-up."""
    from django.conf import settings

    secret = getattr(settings, "ALERTS_BOUNCE_SECRET", "")
    if secret and len(secret) < BOUNCE_SECRET_MIN:
        return [
            checks.Error(
                f"ALERTS_BOUNCE_SECRET is {len(secret)} characters; it must be at least "
                f"{BOUNCE_SECRET_MIN} (python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))')",
                id="alerts.E001",
            )
        ]
    return []
