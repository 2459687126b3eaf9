import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("archive_site")

STATIC_NOT_COLLECTED = (
    "DEBUG is off but the static files were never collected (no staticfiles/staticfiles.json), "
    "so they are served from their source folders, uncompressed. For production run "
    "`python manage.py collectstatic --noinput` (the Docker image does) and restart."
)


class DecisionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "decisions"
    verbose_name = "Cabinet decisions"

    def ready(self) -> None:
        if getattr(settings, "STATIC_FROM_FINDERS", False):
            logger.warning(STATIC_NOT_COLLECTED)
