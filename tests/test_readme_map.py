"""The README's map of packages matches the code: every path it names exists, and every
package of the core is on it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_path_the_readme_names_exists() -> None:
    named = set(re.findall(r"`((?:decisions|archive_site|tests)/[\w/.-]*)`", README))
    missing = sorted(path for path in named if not (ROOT / path.rstrip("/")).exists())
    assert missing == []


def test_every_package_of_the_core_is_on_the_map() -> None:
    packages = {
        f"decisions/{path.parent.name}/"
        for path in (ROOT / "decisions").glob("*/__init__.py")
        if path.parent.name not in {"migrations", "management", "templatetags", "bench"}
    }
    assert {p for p in packages if f"`{p}`" not in README} == set()
