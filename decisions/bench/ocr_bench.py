"""OCR benchmark: scanned notices read per page on one core, and how many fields are right.

Every good PDF fixture (the samples and variants from reportlab and Chromium, and the
producer styles in tests/fixtures/pdf/producers) is scanned (decisions/bench/scans.py:
200 dpi, grey, a degree of skew alternating in direction, noise), not timed. Then, pinned to
one core (the PDF worker, which runs Tesseract, inherits the pin), each scan is parsed and
compared field by field with its text twin's expected JSON. It prints the seconds per page,
the share of fields right (strict: exactly the twin's value; and allowing the twin's own
extraction misreadings that the OCR repairs turn back into what was printed), and whether
the reference was right in every scan.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

from decisions.bench.scans import scan_pdf
from decisions.parsing import NoticeParseError, SourceFormat, parse_notice
from decisions.parsing.formats.ocr_engine import page_count
from decisions.parsing.formats.ocr_repair import repair_line
from decisions.parsing.formats.pdf_worker import WORKER

ROOT = Path(__file__).resolve().parents[2]
PDFS = ROOT / "tests" / "fixtures" / "pdf"
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
LISTINGS = ("enscript", "groff")  # their characters differ from the twin's; left out
FIELDS = (
    "reference",
    "title",
    "decision_maker",
    "decision_date",
    "is_key_decision",
    "key_decision_reason",
    "exemption_class",
    "special_urgency",
    "purpose",
    "decision_text",
    "clauses",
    "reason",
    "options_considered",
    "declarations",
    "call_in_expiry",
    "signatory_name",
    "signatory_role",
    "signed_date",
    "source_url",
)


def _expected(pdf: Path) -> dict[str, Any]:
    stem = pdf.name.split(".")[0]
    if stem.startswith("sample_"):
        path = SAMPLES / f"{stem.removeprefix('sample_')}.expected.json"
    else:
        path = PDFS / f"{stem}.expected.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _fixtures() -> list[Path]:
    good = [p for p in PDFS.glob("*.pdf") if not p.name.startswith(("bad_", "borderless_"))]
    producers = [
        p for p in (PDFS / "producers").glob("*.pdf") if p.name.split(".")[1] not in LISTINGS
    ]
    return sorted(good) + sorted(producers)


def _value(notice: Any, name: str) -> Any:
    value = getattr(notice, name)
    if name == "clauses":
        return [{"label": c.label, "text": c.text, "parent": c.parent} for c in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def same_after_repair(want: Any, got: Any) -> bool:
    """`got` is `want`, or `want` with the repairs OCR makes (the text twins carry the
    misreadings of the tools that extracted them); lists and dicts field by field."""
    if isinstance(want, str) and isinstance(got, str):
        return got in (want, repair_line(want))
    if isinstance(want, list) and isinstance(got, list):
        return len(want) == len(got) and all(map(same_after_repair, want, got))
    if isinstance(want, dict) and isinstance(got, dict):
        return want.keys() == got.keys() and all(same_after_repair(want[k], got[k]) for k in want)
    return want == got


def run_ocr_bench(*, limit: int | None = None, one_core: bool = True) -> None:
    """Scan the fixtures, then time reading them by OCR and count the fields right."""
    fixtures = _fixtures()[:limit]
    started = time.perf_counter()
    scans = [
        (path, scan_pdf(path.read_bytes(), skew=1.0 + (n % 3) * 0.25, seed=n))
        for n, path in enumerate(fixtures)
    ]
    print(f"scanned {len(scans)} PDF fixtures in {time.perf_counter() - started:.1f} s")
    if one_core and hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        WORKER.stop()
        print(f"pinned to CPU core {core} (this process and the PDF worker running Tesseract)")
    strict = lenient = total = pages = 0
    references_right = 0
    per_page: list[float] = []
    failed: list[str] = []
    wrong: dict[str, int] = {}
    for path, data in scans:
        expected = _expected(path)
        count = page_count(data)
        started = time.perf_counter()
        try:
            notice = parse_notice(data, source_format=SourceFormat.PDF)
        except NoticeParseError as error:
            failed.append(f"{path.name}: {error}")
            total += len(FIELDS)
            continue
        seconds = time.perf_counter() - started
        pages += count
        per_page.append(seconds / count)
        for name in FIELDS:
            got = _value(notice, name)
            strict += got == expected[name]
            right = same_after_repair(expected[name], got)
            lenient += right
            if not right:
                wrong[name] = wrong.get(name, 0) + 1
        total += len(FIELDS)
        references_right += notice.reference == expected["reference"]
        if notice.reference != expected["reference"]:
            failed.append(f"{path.name}: reference {notice.reference}, not {expected['reference']}")
    print(
        f"{len(scans)} scans, {pages} pages: median {statistics.median(per_page):.2f} s a page "
        f"(mean {statistics.mean(per_page):.2f}, worst {max(per_page):.2f}) on one core"
    )
    print(
        f"fields right: {lenient / total:.1%} ({lenient} of {total}; strict {strict / total:.1%}); "
        f"reference right in {references_right} of {len(scans)} (target: 95% and all)"
    )
    print(
        "fields most often wrong:",
        ", ".join(f"{k} {v}" for k, v in sorted(wrong.items(), key=lambda kv: -kv[1])),
    )
    for line in failed:
        print("failed:", line)
