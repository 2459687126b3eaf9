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
        checks.register(check_site_url)


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


def check_site_url(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """With DEBUG off, SITE_URL must be the site's https:// address: every email's links and
    its List-Unsubscribe header are built on it, and RFC 8058 wants those on HTTPS."""
    from django.conf import settings

    site_url = getattr(settings, "SITE_URL", "")
    if settings.DEBUG or site_url.startswith("https://"):
        return []
    return [
        checks.Warning(
            f"SITE_URL is {site_url!r}: set it to the site's https:// address "
            "(https://decisions.example.gov.uk); the alerts' emails build their links and "
            "one-click List-Unsubscribe on it, which RFC 8058 requires over HTTPS",
            id="alerts.W001",
        )
    ]
