"""How to cite a decision: a reference in the Harvard style a library would accept, built
from plain values (no Django), so the wording is unit-tested on its own."""

from __future__ import annotations

from datetime import date

from decisions.records import long_date

ARCHIVE_NAME = "Cabinet decisions archive"


def citation_text(
    *,
    council: str,
    reference: str,
    title: str,
    decision_maker: str,
    decision_date: date,
    url: str,
    accessed: date,
) -> str:
    """'Herefordshire Council, Cabinet (2022) Title. Decision I50042913, 29 September
    2022. … (Accessed: …).': the council is the author, with the part that decided."""
    maker = decision_maker.strip() or "executive"
    author = f"{council.strip()}, {maker}" if council.strip() else maker
    return (
        f"{author} ({decision_date.year}) {title.strip().rstrip('.')}. "
        f"Decision {reference}, {long_date(decision_date)}. {ARCHIVE_NAME}. "
        f"Available at: {url} (Accessed: {long_date(accessed)})."
    )
