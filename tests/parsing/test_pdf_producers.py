"""PDFs from more producers and table styles parse to the same fields as their text twins.

Made by `python -m decisions.bench.pdf_fixtures` (decisions/bench/pdf_producers.py):
reportlab tables with no rules, with rules between rows only, with wrapped labels and with a
header band and page footer; Chromium printing a borderless HTML table; and monospace
`Label: value` listings through enscript and groff with Ghostscript. Each is compared field
by field with its text twin's expected JSON; a listing printer's character changes (its
`'` is a right quote, it has no en dash) are the only difference allowed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decisions.bench.pdf_producers import LISTING_CHARACTERS, STYLES
from decisions.parsing import SourceFormat, parse_notice
from tests.conftest import SAMPLES
from tests.parsing.test_notices import as_json, describe_differences

PRODUCERS = Path(__file__).resolve().parent.parent / "fixtures" / "pdf" / "producers"
PDFS = sorted(PRODUCERS.glob("*.pdf"))


def _translated(value: object) -> object:
    if isinstance(value, str):
        return value.translate(LISTING_CHARACTERS)
    if isinstance(value, list):
        return [_translated(item) for item in value]
    if isinstance(value, dict):
        return {key: _translated(item) for key, item in value.items()}
    return value


def expected_for(pdf: Path) -> dict:
    """The text twin's expected JSON, with the layout and characters the style prints."""
    stem, style = pdf.name.split(".")[:2]
    if stem.startswith("sample_"):
        path = SAMPLES / f"{stem.removeprefix('sample_')}.expected.json"
    else:
        path = PRODUCERS.parent / f"{stem}.expected.json"
    expected = json.loads(path.read_text(encoding="utf-8"))
    _, layout, changes_characters = STYLES[style]
    if changes_characters:
        expected = _translated(expected)
    expected["layout"] = layout
    return expected


def test_it_has_every_style_for_every_sample_and_the_long_decision() -> None:
    names = {p.name for p in PDFS}
    stems = [f"sample_{text.stem}" for text in SAMPLES.glob("*.txt")]
    for stem in [*stems, "variant_decision_over_page_break"]:
        assert {f"{stem}.{style}.pdf" for style in STYLES} <= names


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_it_parses_each_producer_as_its_text_twin(path: Path) -> None:
    expected = expected_for(path)

    notice = as_json(parse_notice(path.read_bytes(), source_format=SourceFormat.PDF))

    if not expected["layout"]:  # a listing is read by the line reader: colon or tab rows
        assert notice["layout"] in {"colon", "tabbed"}
        expected["layout"] = notice["layout"]
    differences = describe_differences(expected, notice)
    assert not differences, f"{path.name} differs from its text twin:\n{differences}"


@pytest.mark.parametrize("style", ["band-footer", "band-footer-borderless"])
def test_it_leaves_out_the_running_header_and_footer(style: str) -> None:
    path = PRODUCERS / f"variant_decision_over_page_break.{style}.pdf"

    notice = parse_notice(path.read_bytes(), source_format=SourceFormat.PDF)

    lines = notice.source_text.split("\n")
    assert not [line for line in lines if line.startswith("Page ")]
    assert "Herefordshire Council" not in lines  # the band's text, on both pages
    assert lines[0] == "Written statement of a key decision"
