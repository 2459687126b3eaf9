"""decisions.models.stored_file_name: the one rule for the file name the archive keeps."""

from __future__ import annotations

import pytest

from decisions.importing.pipeline import SourceFile, import_sources
from decisions.models import MAX_FILE_NAME, Decision, SourceDocument, stored_file_name
from tests.conftest import SAMPLES


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/srv/notices/2022/a.txt", "a.txt"),
        ("C:\\Users\\clerk\\notices\\a.pdf", "a.pdf"),
        ("mixed\\folders/and\\b.txt", "b.txt"),
        ("plain.txt", "plain.txt"),
        ("folder/", ""),
    ],
)
def test_it_keeps_the_name_without_any_folder(path: str, name: str) -> None:
    assert stored_file_name(path) == name


def test_a_long_name_keeps_its_start_and_its_suffix() -> None:
    name = stored_file_name("/x/" + "n" * 400 + ".pdf")

    assert len(name) == MAX_FILE_NAME
    assert name == "n" * (MAX_FILE_NAME - 4) + ".pdf"


def test_a_long_name_without_a_short_suffix_is_cut_at_the_limit() -> None:
    assert stored_file_name("m" * 300) == "m" * MAX_FILE_NAME
    assert stored_file_name("a." + "z" * 300) == ("a." + "z" * 300)[:MAX_FILE_NAME]


@pytest.mark.django_db
def test_the_decision_and_its_original_keep_the_same_name() -> None:
    data = (SAMPLES / "000_8f1dfd1b4376d4cb.txt").read_bytes()

    import_sources([SourceFile("C:\\Users\\clerk\\notices\\000.txt", data)], jobs=0)

    decision = Decision.objects.get()
    assert decision.source_file == "000.txt"
    assert SourceDocument.objects.get(decision=decision).file_name == "000.txt"
