"""Bounces and complaints that a mail relay reports after it took the email: what the
webhook (views.bounces) and `manage.py alerts_bounce` take, checked before anything is
saved. A hard bounce or a complaint pauses the address (services.pause_addresses).

The webhook's body is JSON: one report, or a list of up to MAX_REPORTS,

    {"email": "someone@example.org", "kind": "bounce", "reason": "550 5.1.1 no such user"}

where kind is "bounce" (a permanent failure: soft bounces are the relay's to retry) or
"complaint" (the recipient marked it as spam), and reason is optional text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

KINDS = ("bounce", "complaint")
MAX_REPORTS = 100
MAX_REASON = 250
MAX_BODY = 64 * 1024  # bytes: a hundred reports fit many times over


class BounceError(ValueError):
    """A report that cannot be taken, with a message naming the field and the problem."""


@dataclass(frozen=True)
class BounceReport:
    email: str  # lower-cased, as subscribers are stored
    kind: str
    reason: str

    @property
    def pause_reason(self) -> str:
        return f"{self.kind} reported by the mail relay" + (
            f": {self.reason}" if self.reason else ""
        )


def parse_reports(data: Any) -> list[BounceReport]:
    """The reports in a decoded JSON body; raises BounceError for anything else."""
    items = data if isinstance(data, list) else [data]
    if not items:
        raise BounceError("the body is an empty list: send at least one report")
    if len(items) > MAX_REPORTS:
        raise BounceError(f"at most {MAX_REPORTS} reports in one request, not {len(items)}")
    return [
        _report(item, where=f"report {n}" if len(items) > 1 else "the report")
        for n, item in enumerate(items)
    ]


def parse_report(*, email: Any, kind: Any, reason: Any = "") -> BounceReport:
    """One report from its fields (the command's arguments)."""
    return _report({"email": email, "kind": kind, "reason": reason}, where="the report")


def _report(item: Any, *, where: str) -> BounceReport:
    if not isinstance(item, dict):
        raise BounceError(f"{where} must be an object with email and kind")
    unknown = sorted(set(item) - {"email", "kind", "reason"})
    if unknown:
        raise BounceError(f"{where} has unknown fields: {', '.join(map(str, unknown))}")
    email, kind, reason = item.get("email"), item.get("kind"), item.get("reason", "")
    if not isinstance(email, str) or not email.strip():
        raise BounceError(f"{where}: email is missing")
    try:
        validate_email(email.strip())
    except ValidationError:
        raise BounceError(f"{where}: email {email[:100]!r} is not an email address") from None
    if kind not in KINDS:
        raise BounceError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}"[:300])
    if not isinstance(reason, str):
        raise BounceError(f"{where}: reason must be text")
    return BounceReport(
        email=email.strip().lower(), kind=kind, reason=" ".join(reason.split())[:MAX_REASON]
    )
