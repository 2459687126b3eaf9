"""PDF benchmark: synthetic PDF notices parsed and imported per second, and peak memory.

The PDFs are rendered first (reportlab, from decisions.bench.synthetic's notices, every
layout and signature form), and are not timed. Then, pinned to one CPU core (the worker
process that runs PDFium inherits the pin, so the two share that core), it times:
- parsing: parse_notice on each PDF (extraction in the worker, rows, assembler);
- importing: the whole import pipeline, as import_notices runs it, into the database.
Only rows this benchmark made (source_file starting "bench-pdf:") are deleted.
"""

from __future__ import annotations

import os
import resource
import statistics
import time

from decisions.bench.pdf_producers import render_reportlab_styled
from decisions.bench.pdf_render import document_from_text, render_reportlab
from decisions.bench.synthetic import generate_notices
from decisions.importing.pipeline import SourceFile, import_sources
from decisions.models import Councillor, Decision
from decisions.parsing import SourceFormat, parse_notice
from decisions.parsing.formats.pdf_worker import WORKER

PREFIX = "bench-pdf:"
_CHECKED = (
    "reference",
    "title",
    "decision_date",
    "decision_maker",
    "is_key_decision",
    "signatory_name",
    "signatory_role",
    "signed_date",
    "call_in_expiry",
    "purpose",
    "source_url",
)


def _peak_mb(pid: int | None = None) -> float:
    """Peak resident memory (VmHWM) of a process, in MB; this one by default."""
    try:
        with open(f"/proc/{pid or 'self'}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def render_pdfs(count: int, style: str = "grid") -> list[tuple[str, bytes, dict]]:
    """count synthetic notices as PDFs: (name, bytes, expected values).

    style "grid" draws the table's ruling lines (read from its cells); "borderless" draws
    none, so every PDF goes through the positional reader.
    """
    render = render_reportlab if style == "grid" else render_reportlab_styled
    return [
        (
            notice.name.replace(".txt", ".pdf"),
            render(document_from_text(notice.data)),
            notice.expected,
        )
        for notice in generate_notices(count, seed=11)
    ]


def _parses_as_expected(data: bytes, expected: dict) -> bool:
    """True when the PDF gives the synthetic notice's values (those the generator knows)."""
    notice = parse_notice(data, source_format=SourceFormat.PDF)
    got = {
        **{name: getattr(notice, name) for name in _CHECKED},
        "clause_labels": tuple(c.label for c in notice.clauses),
        "clause_parents": tuple(c.parent for c in notice.clauses),
    }
    return all(got[name] == expected[name] for name in got)


def _clear(councillors_before: set[int]) -> None:
    Decision.objects.filter(source_file__startswith=PREFIX).delete()
    Councillor.objects.filter(decisions__isnull=True).exclude(pk__in=councillors_before).delete()


def run_pdf_bench(*, count: int, rounds: int, one_core: bool = True, style: str = "grid") -> None:
    """Render count PDFs, then time parsing and importing them rounds times; print figures."""
    started = time.perf_counter()
    pdfs = render_pdfs(count, style)
    print(
        f"rendered {count} {style} PDFs in {time.perf_counter() - started:.1f} s "
        f"(median {statistics.median(len(d) for _, d, _ in pdfs) / 1024:.1f} KB)"
    )
    if one_core and hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        WORKER.stop()  # the next worker starts on the same core
        print(f"pinned to CPU core {core} (this process and the PDF worker)")
    wrong = [name for name, data, expected in pdfs if not _parses_as_expected(data, expected)]
    if wrong:
        raise SystemExit(f"{len(wrong)} PDFs parsed wrongly, e.g. {wrong[0]}")
    councillors_before = set(Councillor.objects.values_list("pk", flat=True))
    parse_rates, import_rates = [], []
    for round_number in range(1, rounds + 1):
        started = time.perf_counter()
        for _, data, _ in pdfs:
            parse_notice(data, source_format=SourceFormat.PDF)
        parsed = time.perf_counter() - started
        _clear(councillors_before)
        started = time.perf_counter()
        summary = import_sources(SourceFile(PREFIX + name, data) for name, data, _ in pdfs)
        imported = time.perf_counter() - started
        if summary.counts["created"] != count:
            raise SystemExit(f"expected {count} created, got {summary.line()}")
        parse_rates.append(count / parsed)
        import_rates.append(count / imported)
        print(
            f"round {round_number}: parse {count / parsed:,.1f} PDFs/s, "
            f"import {count / imported:,.1f} PDFs/s ({imported:.2f} s)"
        )
    worker_pid = WORKER._process.pid if WORKER._process else None
    print(
        f"median of {rounds}: parse {statistics.median(parse_rates):,.1f} PDF notices/s, "
        f"import (parse + save) {statistics.median(import_rates):,.1f} PDF notices/s "
        f"(target 50/s on one core); peak RSS {_peak_mb():.0f} MB in this process, "
        f"{_peak_mb(worker_pid) if worker_pid else 0:.0f} MB in the PDF worker"
    )
    _clear(councillors_before)
