"""Templates build site addresses with {% url %} or get_absolute_url, never literal paths."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CHECKED = sorted(
    [
        *TEMPLATES.glob("*.html"),
        *TEMPLATES.glob("decisions/**/*.html"),
        *TEMPLATES.glob("timelines/**/*.html"),
        *TEMPLATES.glob("admin/**/*.html"),
    ]
)
# href="/...", action="/..." (but not "//host" or "#fragment"); static files use {% static %}.
LITERAL_PATH = re.compile(r"""\b(?:href|action)=["']/(?!/)""")


def test_it_checks_the_public_templates() -> None:
    assert len(CHECKED) >= 10


@pytest.mark.parametrize("path", CHECKED, ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_it_uses_no_literal_paths(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()

    assert [line for line in lines if LITERAL_PATH.search(line)] == []
