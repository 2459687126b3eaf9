"""Whatever it is given, parse_notice returns a sound ParsedNotice or raises NoticeParseError.

Set HYPOTHESIS_EXAMPLES=10000 for a long run; CI uses the default of 200.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions.parsing import NoticeParseError, ParsedNotice, parse_notice
from tests.conftest import SAMPLES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "notices"
NOTICES = [
    path.read_bytes() for path in [*sorted(SAMPLES.glob("*.txt")), *sorted(FIXTURES.glob("*.txt"))]
]
EXAMPLES = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Pieces of notice text that make junk look enough like a notice to go deep into the parser.
NOTICE_WORDS = [
    "Written statement of a key decision",
    "Written statement of a non-key decision Cabinet",
    "Issue reference: I5004",
    "Title\t",
    "Decision maker\t",
    "Date of decision\t",
    "Decision\t",
    "That: ",
    "a) ",
    "(ii) ",
    "1. ",
    "i. ",
    "h) ",
    "; and ",
    "Councillor:\t",
    "(Councillor ",
    "Date\t",
    "31 February 2022",
    "12th January 2026",
    "23/02/2023",
    "<p>",
    "</p>",
    "<li>",
    "<ol type='a'>",
    '<a href="x">',
    "</a>",
    "**",
    "http://councillors.herefordshire.gov.uk/mglssueHistoryHome.aspx?lld=5",
    "â€“",
    "\u00a0",
    "\r\n",
    "\t",
    "\n",
    "(",
    ")",
]
junk = st.one_of(
    st.text(max_size=40), st.sampled_from(NOTICE_WORDS), st.binary(max_size=20).map(repr)
)


def check(data: bytes | str) -> None:
    """Parse, accepting only a sound result or the parser's own error."""
    try:
        notice = parse_notice(data)
    except NoticeParseError as error:
        assert str(error), "an error must say what is wrong"
        return
    assert_sound(notice)


def assert_sound(notice: ParsedNotice) -> None:
    """What every parsed notice promises, whatever the input."""
    assert notice.title
    assert notice.decision_text
    assert notice.reference.startswith("I")
    assert notice.reference[1:].isdigit()
    for index, clause in enumerate(notice.clauses):
        assert clause.parent is None or 0 <= clause.parent < index
        assert clause.label == "" or clause.label.isalnum()
        assert clause.text == " ".join(clause.text.split())
    for text in (notice.title, notice.decision_maker, notice.purpose, notice.decision_text):
        assert text == text.strip()
        assert "\n" not in text and "\t" not in text


@st.composite
def mutated_notices(draw: st.DrawFn) -> str:
    """A real or hand-made notice with lines deleted, moved, repeated, flattened or spoiled."""
    data = draw(st.sampled_from(NOTICES))
    lines = data.decode("utf-8-sig", errors="replace").split("\n")
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        action = draw(
            st.sampled_from(["delete", "duplicate", "shuffle", "untab", "junk", "cut", "swap"])
        )
        at = draw(st.integers(min_value=0, max_value=max(len(lines) - 1, 0)))
        if action == "delete" and lines:
            del lines[at]
        elif action == "duplicate" and lines:
            lines.insert(at, lines[at])
        elif action == "shuffle":
            lines = draw(st.permutations(lines))
        elif action == "untab" and lines:
            lines[at] = lines[at].replace("\t", draw(st.sampled_from(["", " ", "  "])))
        elif action == "junk":
            lines.insert(at, "".join(draw(st.lists(junk, max_size=6))))
        elif action == "cut" and lines:
            line = lines[at]
            split = draw(st.integers(min_value=0, max_value=len(line)))
            lines[at : at + 1] = [line[:split], line[split:]]
        elif action == "swap" and lines:
            line = lines[at]
            start = draw(st.integers(min_value=0, max_value=len(line)))
            lines[at] = line[:start] + "".join(draw(st.lists(junk, max_size=3))) + line[start:]
    return "\n".join(lines)


@EXAMPLES
@given(st.text())
def test_it_raises_only_its_own_error_on_any_text(text: str) -> None:
    check(text)


@EXAMPLES
@given(st.binary())
def test_it_raises_only_its_own_error_on_any_bytes(data: bytes) -> None:
    check(data)


@EXAMPLES
@given(st.lists(junk, max_size=60).map("".join))
def test_it_raises_only_its_own_error_on_notice_like_junk(text: str) -> None:
    check(text)


@EXAMPLES
@given(mutated_notices())
def test_it_raises_only_its_own_error_on_mutated_notices(text: str) -> None:
    check(text)


@EXAMPLES
@given(mutated_notices(), st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1"]))
def test_it_raises_only_its_own_error_on_mutated_notices_in_any_encoding(
    text: str, encoding: str
) -> None:
    check(text.encode(encoding, errors="replace"))


@EXAMPLES
@given(st.sampled_from(NOTICES), st.data())
def test_it_raises_only_its_own_error_on_truncated_notices(
    data: bytes, draw: st.DataObject
) -> None:
    check(data[: draw.draw(st.integers(min_value=0, max_value=len(data)))])


def test_it_finishes_a_megabyte_built_to_make_regexes_backtrack() -> None:
    # A guard against catastrophic backtracking (which takes hours), not a speed target: the
    # four inputs take about 6 s on a quiet machine and shared CI machines are noisy.
    base = NOTICES[0].decode("utf-8")
    filler = 900_000
    nasty = [
        base + "\nDecision\t</a>" + "<a href=x>" * (filler // 10),
        base.replace(
            "That:", "That: a) x; " + " ".join(f"{c})" for c in "bcdefgh" * (filler // 21)), 1
        ),
        base + "\nCouncillor: " + "(Councillor " * (filler // 12),
        "\t\t\t\n".join(["x"] * (filler // 5)) + base,
    ]
    started = time.perf_counter()

    for text in nasty:
        check(text)

    assert time.perf_counter() - started < 60


# Words where a scan or a borderless PDF might put them: labels, values, junk, anywhere.
SCAN_WORDS = st.builds(
    lambda text, x, y, width, confidence: (text, x, y, width, confidence),
    st.sampled_from(
        [
            "Title",
            "Decision",
            "maker",
            "Date",
            "of",
            "decision",
            "Purpose",
            "Call-in",
            "expiry",
            "15",
            "December",
            "2022",
            "That:",
            "a)",
            "|)",
            "k)",
            "Councillor:",
            "Page",
            "1",
            "of",
            "2",
            "Issue",
            "reference:",
            "150042913",
            "l50042913",
            "http://x.gov.uk/mglssueHistoryHome.aspx?!ld=50042913",
            "multi-",
            "—",
            "",
        ]
    )
    | st.text(max_size=12),
    st.floats(0, 1600),
    st.floats(0, 2300),
    st.floats(0, 400),
    st.floats(-1, 100),
)


@EXAMPLES
@given(pages=st.lists(st.lists(SCAN_WORDS, max_size=60), min_size=1, max_size=3))
def test_words_anywhere_give_a_notice_or_a_notice_parse_error(pages) -> None:
    from decisions.parsing.assemble import assemble_notice
    from decisions.parsing.formats.ocr import rows_from_words
    from decisions.parsing.formats.positional import PageWords, Word

    scanned = [
        PageWords(1654, 2339, tuple(Word(t, x, y, x + w, y + 25, c) for t, x, y, w, c in words))
        for words in pages
    ]
    try:
        notice = assemble_notice(rows_from_words(scanned))
    except NoticeParseError:
        return
    assert isinstance(notice, ParsedNotice)
    assert all(-1 <= value <= 100 for _, value in notice.field_confidence)
