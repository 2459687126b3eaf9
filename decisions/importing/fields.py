"""The Decision fields an import writes: those a parsed notice carries, and those that
record its source."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from decisions.parsing import ParsedNotice


# The Decision fields an import writes, straight from the parsed notice.
NOTICE_FIELDS = (
    "title",
    "decision_date",
    "decision_maker",
    "is_key_decision",
    "key_decision_reason",
    "exemption_class",
    "special_urgency",
    "purpose",
    "decision_text",
    "reason",
    "options_considered",
    "declarations",
    "call_in_expiry",
    "signatory_name",
    "signatory_role",
    "signed_date",
    "source_url",
)


# Written on every import, whatever an admin did: the raw notice is never lost.
SOURCE_FIELDS = ("source_file", "source_sha256", "source_text", "source_format")


def notice_values(parsed: ParsedNotice) -> dict[str, Any]:
    """The Decision field values a parsed notice carries."""
    return {name: getattr(parsed, name) for name in NOTICE_FIELDS}
