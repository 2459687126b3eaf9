"""Files that share a reference or their bytes in one import: a refused file claims
nothing, and a byte-identical copy gets one answer wherever the chunks fall."""

from __future__ import annotations

import pytest

from decisions.importing import pipeline
from decisions.importing.pipeline import SourceFile, import_sources
from decisions.models import Decision
from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db

GOOD = (SAMPLES / "000_8f1dfd1b4376d4cb.txt").read_bytes()  # I50043387
# The same notice with a title longer than the archive keeps: it parses, but the importer
# refuses it.
BAD = GOOD.replace(b"Ofsted Improvement Action Plan", b"Ofsted " + b"very " * 120 + b"plan")


def results_of(files: list[SourceFile], **kwargs) -> dict[str, tuple[str, str]]:
    seen = []
    import_sources(files, on_result=seen.append, jobs=0, **kwargs)
    return {r.source_path: (r.status, r.message) for r in seen}


@pytest.mark.parametrize("chunk", [500, 1])
def test_a_refused_file_does_not_claim_its_reference(monkeypatch, chunk: int) -> None:
    monkeypatch.setattr(pipeline, "CHUNK", chunk)
    results = results_of([SourceFile("a_bad.txt", BAD), SourceFile("b_good.txt", GOOD)])
    assert results["a_bad.txt"][0] == "failed"
    assert "title is" in results["a_bad.txt"][1]
    assert results["b_good.txt"] == ("created", "")
    assert Decision.objects.get(reference="I50043387").source_file == "b_good.txt"


def test_two_good_files_with_one_reference_are_still_refused() -> None:
    other = GOOD.replace(b"Ofsted Improvement Action Plan", b"Another plan entirely")
    other = other.replace(b"15 December 2022", b"16 January 2023")
    results = results_of([SourceFile("a.txt", GOOD), SourceFile("b.txt", other)])
    assert results["a.txt"][0] == "created"
    assert results["b.txt"][0] == "failed"
    assert "also given by a.txt" in results["b.txt"][1]


@pytest.mark.parametrize("chunk", [500, 2, 1])
def test_a_byte_identical_copy_is_unchanged_wherever_the_chunks_fall(
    monkeypatch, chunk: int
) -> None:
    monkeypatch.setattr(pipeline, "CHUNK", chunk)
    other = (SAMPLES / "001_aabf650a3fba3ef6.txt").read_bytes()
    results = results_of(
        [SourceFile("a.txt", GOOD), SourceFile("b.txt", other), SourceFile("copy.txt", GOOD)]
    )
    assert results["a.txt"][0] == "created"
    assert results["copy.txt"][0] == "unchanged"
    assert Decision.objects.get(reference="I50043387").source_file == "a.txt"


@pytest.mark.parametrize("chunk", [500, 1])
def test_a_copy_of_a_refused_file_is_refused_the_same_way(monkeypatch, chunk: int) -> None:
    monkeypatch.setattr(pipeline, "CHUNK", chunk)
    results = results_of([SourceFile("a_bad.txt", BAD), SourceFile("copy.txt", BAD)])
    assert results["a_bad.txt"][0] == "failed"
    assert results["copy.txt"] == results["a_bad.txt"]
