"""The address a request came from, as django-axes records it for sign-in lockouts.

Behind the documented proxy (TRUSTED_PROXY=1) every request reaches the app from the proxy
(REMOTE_ADDR 127.0.0.1), so the client is the address the proxy put in X-Forwarded-For.
Only the last entry is the proxy's own: anything before it came from the client and can be
forged. Without a trusted proxy the header is ignored, since any client could send it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

from django.conf import settings
from django.http import HttpRequest


def parse_client_address(meta: Mapping[str, str], *, trusted_proxy: bool) -> str:
    """The client's address: X-Forwarded-For's last entry behind a trusted proxy, else
    REMOTE_ADDR. An entry that is not an IP address falls back to REMOTE_ADDR."""
    remote = meta.get("REMOTE_ADDR", "")
    if not trusted_proxy:
        return remote
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return remote


def client_address(request: HttpRequest) -> str:
    """django-axes' AXES_CLIENT_IP_CALLABLE: the request's client address."""
    return parse_client_address(request.META, trusted_proxy=settings.TRUSTED_PROXY)
