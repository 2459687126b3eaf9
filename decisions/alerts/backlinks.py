"""Where a sign-up form's "go back" link may point: a path on this site, nothing else (never
an open redirect). Pure Python: no Django."""

from __future__ import annotations

from urllib.parse import urlsplit

HOME = "/"
MAX_LENGTH = 2000


def safe_back(url: str) -> str:
    """`url` if it is a plain path on this site ("/decisions/?q=x"), else the home page."""
    if (
        not url.startswith("/")
        or url.startswith("//")
        or "\\" in url
        or len(url) > MAX_LENGTH
        or not url.isprintable()
    ):
        return HOME
    parts = urlsplit(url)
    return url if not parts.scheme and not parts.netloc else HOME
