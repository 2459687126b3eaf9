"""The archive's settings without the apps built on the core (the timelines, ModernGov
harvesting, the API, which reads the timelines, and the email alerts): what
tests/test_core_without_timelines.py runs the core with."""

from archive_site.settings import *  # noqa: F403
from archive_site.settings import INSTALLED_APPS

APPS_BUILT_ON_THE_CORE = (
    "decisions.timelines",
    "decisions.moderngov",
    "decisions.api",
    "decisions.alerts",
)
INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in APPS_BUILT_ON_THE_CORE]
