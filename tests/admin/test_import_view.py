"""/admin/decisions/decision/import/: upload notices, preview them, import what was previewed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from decisions.models import Decision, SourceDocument
from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PDF = FIXTURES / "pdf" / "sample_000_8f1dfd1b4376d4cb.chromium.pdf"
TEXT = SAMPLES / "001_aabf650a3fba3ef6.txt"
URL = "/admin/decisions/decision/import/"


@pytest.fixture(autouse=True)
def staging(settings, tmp_path: Path) -> Path:
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    return tmp_path / "staging"


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def preview(client, *files: SimpleUploadedFile):
    return client.post(URL, {"files": list(files)})


def test_it_shows_the_upload_form(admin_client_logged_in) -> None:
    response = admin_client_logged_in.get(URL)

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()
    assert 'name="files"' in response.content.decode()


def test_the_changelist_links_to_it(admin_client_logged_in) -> None:
    response = admin_client_logged_in.get("/admin/decisions/decision/")

    assert f'href="{URL}">Import notices</a>' in response.content.decode()


def test_it_needs_the_decision_add_permission(client, django_user_model) -> None:
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_decision"))
    client.force_login(staff)

    assert client.get(URL).status_code == 403
    assert preview(client, upload(PDF)).status_code == 403
    assert Decision.objects.count() == 0


def test_it_sends_anonymous_visitors_to_the_login_page(client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_preview_shows_the_parsed_fields_and_saves_nothing(
    admin_client_logged_in, staging: Path
) -> None:
    response = preview(admin_client_logged_in, upload(PDF), upload(TEXT))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview: nothing has been saved yet" in page
    assert page.count("would be created") == 2
    assert "<td>Ofsted Improvement Action Plan</td>" in page
    assert "<td>I50043387</td>" in page
    assert "Title\tOfsted Improvement Action Plan" in page  # the source text beside it
    assert "Cabinet authorise the Corporate Director" in page  # a clause
    assert Decision.objects.count() == 0
    assert SourceDocument.objects.count() == 0
    (folder,) = staging.iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["0.bin", "1.bin"]


def test_import_saves_exactly_what_was_previewed(admin_client_logged_in, staging: Path) -> None:
    page = preview(admin_client_logged_in, upload(PDF)).content.decode()
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]

    response = admin_client_logged_in.post(URL, {"token": token}, follow=True)

    assert response.redirect_chain[-1][0] == "/admin/decisions/decision/"
    assert "Imported: created 1, updated 0, unchanged 0, failed 0." in response.content.decode()
    decision = Decision.objects.get()
    assert decision.reference == "I50043387"
    assert decision.title == "Ofsted Improvement Action Plan"
    assert decision.source_format == "pdf"
    assert decision.source_file == PDF.name
    assert bytes(decision.source_document.data) == PDF.read_bytes()
    assert list(staging.iterdir()) == []  # the staged files are gone


def test_it_refuses_staged_files_that_changed_after_the_preview(
    admin_client_logged_in, staging: Path
) -> None:
    page = preview(admin_client_logged_in, upload(PDF)).content.decode()
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    (staging / token / "0.bin").write_bytes(TEXT.read_bytes())

    response = admin_client_logged_in.post(URL, {"token": token}, follow=True)

    assert "That preview has expired or its files changed" in response.content.decode()
    assert Decision.objects.count() == 0


def test_it_refuses_a_token_it_did_not_give(admin_client_logged_in) -> None:
    response = admin_client_logged_in.post(URL, {"token": "../../etc"}, follow=True)

    assert "That preview has expired or its files changed" in response.content.decode()
    assert Decision.objects.count() == 0


def test_a_preview_shows_what_an_update_keeps(admin_client_logged_in) -> None:
    from decisions.models import Correction
    from tests.importing.test_import_command import import_notices

    import_notices(str(SAMPLES / "000_8f1dfd1b4376d4cb.txt"))
    decision = Decision.objects.get()
    Correction.objects.create(decision=decision, field="title", new_value="Corrected")
    Decision.objects.update(title="Corrected")

    page = preview(admin_client_logged_in, upload(PDF)).content.decode()

    assert "would be updated" in page
    assert "kept 1 corrected field" in page
    assert "Corrected fields that would be kept: title" in page
    assert Decision.objects.get().source_format == "text"  # the dry run saved nothing


def test_a_bad_pdf_is_shown_with_its_error(admin_client_logged_in, monkeypatch) -> None:
    monkeypatch.setattr("decisions.parsing.formats.ocr.tesseract_path", lambda: None)
    page = preview(admin_client_logged_in, upload(FIXTURES / "pdf" / "bad_scanned.pdf"))
    text = page.content.decode()

    assert "cannot be imported" in text
    assert "Error: no text layer: the PDF looks scanned; install Tesseract" in text
    assert 'name="token"' not in text  # nothing to import


@pytest.mark.parametrize(
    ("file", "error"),
    [
        (SimpleUploadedFile("notes.docx", b"PK\x03\x04"), "notes.docx: only .pdf and .txt"),
        (
            SimpleUploadedFile("huge.pdf", b"%PDF-1.7\n" + b"0" * 20_000_001),
            "huge.pdf: file is 20,000,010 bytes; PDFs are at most 20 MB",
        ),
        (SimpleUploadedFile("empty-notice.txt", b""), "empty-notice.txt: the file is empty"),
        (
            SimpleUploadedFile("../../secret/long.txt", b"x" * 1_000_001),
            "long.txt: file is 1,000,001 bytes; notices are at most 1 MB",
        ),
    ],
)
def test_it_refuses_a_file_it_cannot_import(
    admin_client_logged_in, staging: Path, file: SimpleUploadedFile, error: str
) -> None:
    response = preview(admin_client_logged_in, file)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not staging.exists() or list(staging.iterdir()) == []


def test_twenty_one_files_get_the_forms_own_message(admin_client_logged_in) -> None:
    files = [SimpleUploadedFile(f"{n}.txt", b"x") for n in range(21)]
    response = preview(admin_client_logged_in, *files)

    assert response.status_code == 200
    assert "Upload at most 20 files at a time." in response.content.decode()


def test_it_asks_for_a_file(admin_client_logged_in) -> None:
    response = admin_client_logged_in.post(URL, {})

    assert "Choose one or more notice files" in response.content.decode()


def test_it_is_protected_against_cross_site_posts(django_user_model) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "pw"))

    assert preview(client, upload(PDF)).status_code == 403


def test_an_update_preview_shows_what_would_change_field_by_field(admin_client_logged_in) -> None:
    from decisions.models import Correction
    from tests.importing.test_import_command import import_notices

    import_notices(str(SAMPLES / "000_8f1dfd1b4376d4cb.txt"))
    decision = Decision.objects.get()
    Decision.objects.update(purpose="An older purpose.", title="Corrected")
    Correction.objects.create(decision=decision, field="title", new_value="Corrected")
    clause = decision.clauses.get(label="b")
    clause.text = "An older clause b."
    clause.save()

    page = preview(admin_client_logged_in, upload(PDF)).content.decode()

    table = page[page.index('<table class="import-changes">') :]
    table = table[: table.index("</table>")]
    assert "What would change in I50043387, field by field" in table
    assert '<th scope="row">Purpose</th><td>An older purpose.</td>' in table
    assert '<th scope="row">Title</th><td>Corrected</td><td><strong>Kept as corrected' in table
    assert '<th scope="row">Clause b</th><td>An older clause b.</td>' in table
    assert "Date of decision" not in table  # unchanged fields are not listed


def test_it_keeps_the_file_name_as_uploaded_and_counts_in_words(admin_client_logged_in) -> None:
    from decisions.models import Correction
    from tests.importing.test_import_command import import_notices

    import_notices(str(SAMPLES / "000_8f1dfd1b4376d4cb.txt"))
    decision = Decision.objects.get()
    Correction.objects.create(decision=decision, clause_key="b", field="text", new_value="B.")

    page = preview(admin_client_logged_in, upload(PDF, "ofsted-plan.pdf")).content.decode()

    assert '<h3 id="file-1">ofsted-plan.pdf' in page
    assert "kept 1 corrected clause" in page
    assert "corrected clauses" not in page
    assert '&rsaquo; <a href="/admin/decisions/">Cabinet decisions</a>' in page


def test_a_failure_at_import_names_the_file_as_it_was_uploaded(
    admin_client_logged_in, staging: Path
) -> None:
    not_a_notice = SimpleUploadedFile("minutes.txt", b"Minutes of the meeting, nothing more.")
    page = preview(admin_client_logged_in, upload(PDF), not_a_notice).content.decode()
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]

    response = admin_client_logged_in.post(URL, {"token": token}, follow=True)
    html = response.content.decode()

    assert "Not imported: minutes.txt: " in html
    assert "Minutes.txt" not in html  # the admin capitalises a message's first letter
