"""/decisions/<reference>/original/: the notice's original file, as a download."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.importing.test_import_command import import_notices

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PDF = FIXTURES / "pdf" / "sample_000_8f1dfd1b4376d4cb.chromium.pdf"
TEXT = SAMPLES / "001_aabf650a3fba3ef6.txt"


def test_it_serves_the_pdf_as_an_attachment(client) -> None:
    import_notices(str(PDF))

    response = client.get("/herefordshire/decisions/I50043387/original/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="I50043387.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == PDF.read_bytes()


def test_it_serves_a_text_notice_as_a_txt_attachment(client) -> None:
    import_notices(str(TEXT))

    response = client.get("/herefordshire/decisions/I50052101/original/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="I50052101.txt"'
    assert response.content == TEXT.read_bytes()


def test_it_is_404_when_no_original_is_kept(client) -> None:
    from tests.factories import make_decision

    make_decision(reference="I50000001")

    assert client.get("/herefordshire/decisions/I50000001/original/").status_code == 404
    assert client.get("/herefordshire/decisions/I99999999/original/").status_code == 404


def test_the_decision_page_links_to_the_download(client) -> None:
    import_notices(str(PDF))

    page = client.get("/herefordshire/decisions/I50043387/").content.decode()

    assert 'href="/herefordshire/decisions/I50043387/original/" download>' in page
    assert "Download the original notice (PDF)" in page
    assert "sample_000_8f1dfd1b4376d4cb.chromium.pdf" in page


def test_the_decision_page_has_no_download_without_an_original(client) -> None:
    from tests.factories import make_decision

    make_decision(reference="I50000001")

    page = client.get("/herefordshire/decisions/I50000001/").content.decode()

    assert "Download the original notice" not in page


def test_it_shows_a_pdf_in_the_browser_as_a_pdf(client) -> None:
    import_notices(str(PDF))

    response = client.get("/herefordshire/decisions/I50043387/original/?view=1")
    page = client.get("/herefordshire/decisions/I50043387/").content.decode()

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="I50043387.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        'href="/herefordshire/decisions/I50043387/original/?view=1" type="application/pdf">' in page
    )


def test_it_never_shows_a_text_notice_inline(client) -> None:
    import_notices(str(TEXT))

    response = client.get("/herefordshire/decisions/I50052101/original/?view=1")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "view the PDF" not in client.get("/herefordshire/decisions/I50052101/").content.decode()
