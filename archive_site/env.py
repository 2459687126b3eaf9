"""Read settings from the environment, failing loudly on values that are not clear."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


def parse_bool(name: str, environ: Mapping[str, str], *, default: bool) -> bool:
    """Read a boolean variable; anything but a clear yes or no is an error."""
    if name not in environ:
        return default
    raw = environ[name].strip().lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={environ[name]!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


# The placeholder in .env.example, and anything else too short to be secret: Django signs
# sessions, CSRF tokens and password-reset links with SECRET_KEY.
SECRET_KEY_PLACEHOLDERS = frozenset({"replace-with-a-long-random-string"})
SECRET_KEY_MIN_LENGTH = 50
DEVELOPMENT_SECRET_KEY = "django-insecure-local-development-only"


def parse_secret_key(environ: Mapping[str, str], *, debug: bool) -> str:
    """SECRET_KEY: with DEBUG off it must be set, not a placeholder, and long and varied
    enough to be secret; with DEBUG on, a fixed development key stands in when unset."""
    key = environ.get("SECRET_KEY", "")
    if debug:
        return key or DEVELOPMENT_SECRET_KEY
    if not key:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if key in SECRET_KEY_PLACEHOLDERS or key.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "SECRET_KEY is the placeholder from .env.example; set a random one, e.g. from "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < 5:
        raise ImproperlyConfigured(
            f"SECRET_KEY is {len(key)} characters long; with DEBUG off it must be at least "
            f"{SECRET_KEY_MIN_LENGTH} random characters"
        )
    return key


def parse_admin_url(environ: Mapping[str, str]) -> str:
    """Read ADMIN_URL, the admin's path prefix ('admin/' by default), e.g. 'staff-7f3a/'."""
    raw = environ.get("ADMIN_URL", "admin/").strip()
    path = raw.strip("/")
    if not path or not all(part and _is_path_word(part) for part in path.split("/")):
        raise ImproperlyConfigured(
            f"ADMIN_URL={raw!r} is not a path; use letters, digits, '-' and '_', "
            "e.g. ADMIN_URL=staff-7f3a/"
        )
    return path + "/"


def _is_path_word(part: str) -> bool:
    return all(c.isascii() and (c.isalnum() or c in "-_") for c in part)


def parse_minutes(name: str, environ: Mapping[str, str], *, default: int) -> int:
    """Read a whole number of minutes, at least 1."""
    raw = environ.get(name, str(default)).strip()
    if not raw.isdigit() or int(raw) < 1:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number of minutes (1 or more).")
    return int(raw)


def parse_int(name: str, environ: Mapping[str, str], *, default: int) -> int:
    """Read a whole number, 1 or more (a port, say)."""
    raw = environ.get(name, "").strip() or str(default)
    if not raw.isdigit() or int(raw) < 1:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number (1 or more).")
    return int(raw)


def parse_list(name: str, environ: Mapping[str, str], *, default: list[str]) -> list[str]:
    """Read a comma-separated list variable."""
    if name not in environ:
        return default
    return [item.strip() for item in environ[name].split(",") if item.strip()]


# SQLite allows one writer at a time. Writers take the lock when their transaction begins
# (IMMEDIATE), so a second import or an admin save waits up to `timeout` seconds for the
# first instead of failing with "database is locked"; WAL lets pages read meanwhile.
SQLITE_OPTIONS = {
    "timeout": 60,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def parse_database(environ: Mapping[str, str], *, sqlite_path: str) -> dict:
    """Return the default database: DATABASE_URL when set, else the embedded SQLite file."""
    import dj_database_url

    url = environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": sqlite_path,
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    scheme = url.split(":", 1)[0].lower()
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme {scheme!r} is not supported; use postgres://… or sqlite:///…"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL could not be parsed: {error}") from error
    config = dict(config)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    else:
        options = dict(config.get("OPTIONS", {}))
        work_mem = f"-c work_mem={parse_work_mem(environ)}"
        options["options"] = (
            f"{options['options']} {work_mem}" if options.get("options") else work_mem
        )
        config["OPTIONS"] = options
    return config


# PostgreSQL's memory for one sort or bitmap: at 4 MB (its default) a common word across
# 3,000,000 decisions turns lossy and rechecks ~98,000 rows; at 32 MB the search page's
# p95 went from 341-346 ms to 232-256 ms (README, "Many councils").
DEFAULT_WORK_MEM = "32MB"


def parse_work_mem(environ: Mapping[str, str]) -> str:
    """DATABASE_WORK_MEM: PostgreSQL's work_mem for the site's connections, e.g. 32MB."""
    raw = environ.get("DATABASE_WORK_MEM", DEFAULT_WORK_MEM).strip()
    if not re.fullmatch(r"[1-9][0-9]{0,6}(kB|MB|GB)", raw):
        raise ImproperlyConfigured(
            f"DATABASE_WORK_MEM={raw!r} is not a PostgreSQL memory size such as 32MB or 65536kB."
        )
    return raw


def parse_seconds(name: str, environ: Mapping[str, str], *, default: float) -> float:
    """Read a number of seconds, 0 or more (a fraction will do)."""
    raw = environ.get(name, str(default)).strip()
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number of seconds (0 or more).")
    return value
