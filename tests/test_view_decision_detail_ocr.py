"""The decision page of a notice read from a scan says so, and offers the original PDF."""

from __future__ import annotations

import pytest

from decisions.models import SourceDocument
from tests.factories import make_decision

pytestmark = pytest.mark.django_db
NOTE = "Read from a scanned document by text recognition: check the original"


def test_it_says_an_ocr_decision_was_read_by_text_recognition(client) -> None:
    decision = make_decision(reference="I50042913", source_format="ocr")
    SourceDocument.objects.create(
        decision=decision,
        file_name="scan.pdf",
        source_format="ocr",
        sha256="0" * 64,
        size=5,
        data=b"%PDF-",
    )

    html = client.get("/herefordshire/decisions/I50042913/").content.decode()

    assert NOTE in html
    assert "Download the original notice (PDF)" in html


@pytest.mark.parametrize("source_format", ["pdf", "text"])
def test_it_says_nothing_of_the_kind_for_a_born_digital_notice(client, source_format) -> None:
    make_decision(reference="I50042914", source_format=source_format)

    assert NOTE not in client.get("/herefordshire/decisions/I50042914/").content.decode()
