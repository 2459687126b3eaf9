"""Parsing beside the writer: worker processes give the same results as parsing in place."""

from __future__ import annotations

from concurrent.futures import Future

import pytest

from decisions.importing import parse_pool, pipeline
from decisions.importing.parse_pool import ParseJob, ParsePool
from decisions.importing.pipeline import SourceFile, import_sources
from decisions.models import Clause, Decision
from decisions.parsing import NoticeParseError, ParsedNotice, SourceFormat
from decisions.parsing.batch import parse_each
from tests.conftest import SAMPLES

TEXTS = sorted(SAMPLES.glob("*.txt"))


def sources() -> list[SourceFile]:
    bad = SourceFile("bad.txt", b"This is not a written statement of a decision.")
    return [SourceFile(path.name, path.read_bytes()) for path in TEXTS] + [bad]


def stored() -> list[tuple]:
    return [
        (d.reference, d.title, d.decision_date, d.signatory_name, d.source_file)
        for d in Decision.objects.order_by("reference")
    ] + list(Clause.objects.order_by("decision__reference", "position").values_list("text"))


def test_parse_each_gives_each_result_or_its_error_in_order() -> None:
    results = parse_each([(TEXTS[0].read_bytes(), SourceFormat.PLAIN_TEXT), (b"junk", "text")])
    assert isinstance(results[0], ParsedNotice)
    assert isinstance(results[1], NoticeParseError)


def test_a_parse_error_survives_pickling_whole() -> None:
    import pickle

    error = pickle.loads(pickle.dumps(NoticeParseError("no date", field="date", line=3)))
    assert (error.problem, error.field, error.line, str(error)) == (
        "no date",
        "date",
        3,
        "line 3: no date",
    )


@pytest.mark.django_db(transaction=True)
def test_workers_import_what_this_process_imports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_pool, "POOL_MIN", 2)
    monkeypatch.setattr(parse_pool, "BATCH", 2)
    monkeypatch.setattr(pipeline, "CHUNK", 3)  # several chunks: parsing runs ahead
    started: list[int] = []
    real = ParsePool._ensure_started

    def spy(self: ParsePool):  # type: ignore[no-untyped-def]
        started.append(self.jobs)
        return real(self)

    monkeypatch.setattr(ParsePool, "_ensure_started", spy)
    with_workers = import_sources(sources(), jobs=1)
    assert started and started[0] == 1  # the workers really ran
    in_workers = stored()
    Decision.objects.all().delete()
    in_place = import_sources(sources(), jobs=0)
    assert stored() == in_workers
    assert with_workers.counts == in_place.counts
    assert with_workers.counts["created"] == len(TEXTS)
    assert [f.source_path for f in with_workers.failures] == ["bad.txt"]


@pytest.mark.django_db
def test_a_file_repeated_across_chunks_is_unchanged_not_a_second_reference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The second chunk is planned before the first is written: the repeat must still be
    # found as already stored, as it is when chunks run one after another.
    monkeypatch.setattr(pipeline, "CHUNK", 1)
    data = TEXTS[0].read_bytes()
    summary = import_sources([SourceFile("one.txt", data), SourceFile("copy.txt", data)], jobs=0)
    assert (summary.counts["created"], summary.counts["unchanged"]) == (1, 1)


def test_a_failed_worker_batch_is_parsed_here() -> None:
    broken: Future = Future()
    broken.set_exception(RuntimeError("worker died"))
    items = {0: (TEXTS[0].read_bytes(), SourceFormat.PLAIN_TEXT), 1: (b"junk", "text")}
    job = ParseJob(items, [([0, 1], broken)])
    assert isinstance(job.result(0), ParsedNotice)
    assert isinstance(job.result(1), NoticeParseError)


def test_a_small_chunk_starts_no_workers() -> None:
    pool = ParsePool(jobs=2)
    job = pool.start({0: (TEXTS[0].read_bytes(), SourceFormat.PLAIN_TEXT)})
    assert pool._executor is None
    assert isinstance(job.result(0), ParsedNotice)


ORPHANED_POOL = """
import multiprocessing.resource_tracker as tracker, sys, time
from decisions.importing.parse_pool import ParsePool
from decisions.parsing import SourceFormat
from decisions.parsing.formats.pdf_worker import WORKER

pool = ParsePool(1)
job = pool.start({i: (b"not a notice", SourceFormat.PLAIN_TEXT) for i in range(100)})
job.result(0)
WORKER._started()  # the PDF worker too
pids = [p.pid for p in pool._executor._processes.values()]
pids += [WORKER._process.pid, tracker._resource_tracker._pid]
print(" ".join(map(str, pids)), flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def test_workers_and_the_resource_tracker_exit_after_a_kill_9_of_the_import() -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    parent = subprocess.Popen(
        [sys.executable, "-c", ORPHANED_POOL],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    pids = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(pids) == 3 and all(_alive(pid) for pid in pids)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
            time.sleep(0.2)
        assert [pid for pid in pids if _alive(pid)] == []
    finally:
        for pid in pids:  # what this test started, should it have outlived its parent
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
