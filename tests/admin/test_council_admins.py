"""Admins per council: a clerk given one council sees and changes only its records; posting
to another council's record is refused (403) and changes nothing; imports go only into
the clerk's councils. A superuser sees every council and chooses one when importing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from decisions.councils import first_council, save_council
from decisions.models import Correction, Decision
from tests.admin.test_decisions import change_form_data
from tests.conftest import SAMPLES
from tests.factories import make_councillor, make_decision

pytestmark = pytest.mark.django_db

IMPORT = "/admin/decisions/decision/import/"
TEXT = SAMPLES / "001_aabf650a3fba3ef6.txt"


@pytest.fixture(autouse=True)
def staging(settings, tmp_path: Path) -> Path:
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    return tmp_path / "staging"


@pytest.fixture
def two_councils():
    anyshire, _ = save_council("anyshire", name="Anyshire Council")
    return first_council(), anyshire


@pytest.fixture
def clerk_of_herefordshire(client, django_user_model, two_councils):
    herefordshire, _ = two_councils
    clerk = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="decisions",
            codename__in=[
                "view_decision",
                "change_decision",
                "add_decision",
                "view_councillor",
                "change_councillor",
                "view_correction",
            ],
        )
    )
    herefordshire.admins.add(clerk)
    client.force_login(clerk)
    return client


def test_a_clerk_lists_only_their_councils_records(clerk_of_herefordshire, two_councils) -> None:
    herefordshire, anyshire = two_councils
    ours = make_decision(title="Our bins", council=herefordshire)
    make_decision(title="Their bins", council=anyshire)
    make_councillor("Jo Ours", slug="jo-ours")
    make_councillor("Jo Theirs", slug="jo-theirs", council=anyshire)

    decisions = clerk_of_herefordshire.get("/admin/decisions/decision/").content.decode()
    assert "Our bins" in decisions and "Their bins" not in decisions
    councillors = clerk_of_herefordshire.get("/admin/decisions/councillor/").content.decode()
    assert "Jo Ours" in councillors and "Jo Theirs" not in councillors
    page = clerk_of_herefordshire.get(f"/admin/decisions/decision/{ours.pk}/change/")
    assert page.status_code == 200


def test_a_clerk_cannot_open_or_change_another_councils_decision(
    clerk_of_herefordshire, two_councils
) -> None:
    _, anyshire = two_councils
    theirs = make_decision(title="Their bins", council=anyshire)
    url = f"/admin/decisions/decision/{theirs.pk}/change/"

    assert clerk_of_herefordshire.get(url).status_code == 403
    response = clerk_of_herefordshire.post(url, change_form_data(theirs, title="Changed"))
    assert response.status_code == 403
    assert Decision.objects.get(pk=theirs.pk).title == "Their bins"
    assert not Correction.objects.exists()


def test_a_clerk_cannot_rename_another_councils_councillor(
    clerk_of_herefordshire, two_councils
) -> None:
    _, anyshire = two_councils
    theirs = make_councillor("Jo Theirs", slug="jo-theirs", council=anyshire)
    response = clerk_of_herefordshire.post(
        f"/admin/decisions/councillor/{theirs.pk}/change/",
        {"name": "Jo Changed", "slug": "jo-theirs", "correction_reason": "Typo."},
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.name == "Jo Theirs"


def test_a_clerk_adds_decisions_only_to_their_council(clerk_of_herefordshire, two_councils) -> None:
    from tests.admin.test_add_decision import add_form

    herefordshire, anyshire = two_councils
    refused = clerk_of_herefordshire.post(
        "/admin/decisions/decision/add/", add_form(reference="I50000001", council=anyshire.pk)
    )
    assert refused.status_code == 200  # a form error: not one of the choices
    assert not Decision.objects.exists()
    added = clerk_of_herefordshire.post(
        "/admin/decisions/decision/add/", add_form(reference="I50000001")
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    assert Decision.objects.get().council == herefordshire


def test_a_clerks_import_goes_into_their_council(clerk_of_herefordshire, two_councils) -> None:
    herefordshire, _ = two_councils
    upload = SimpleUploadedFile(TEXT.name, TEXT.read_bytes())
    page = clerk_of_herefordshire.post(IMPORT, {"files": [upload]}).content.decode()
    assert "Into <strong>Herefordshire Council</strong>." in page  # nothing to choose
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    clerk_of_herefordshire.post(IMPORT, {"token": token})
    assert Decision.objects.get().council == herefordshire


def test_a_superuser_chooses_the_council_to_import_into(
    admin_client_logged_in, two_councils
) -> None:
    _, anyshire = two_councils
    upload = SimpleUploadedFile(TEXT.name, TEXT.read_bytes())
    unchosen = admin_client_logged_in.post(IMPORT, {"files": [upload]}).content.decode()
    assert "Choose the council whose notices these are." in unchosen
    upload = SimpleUploadedFile(TEXT.name, TEXT.read_bytes())
    page = admin_client_logged_in.post(
        IMPORT, {"files": [upload], "council": anyshire.pk}
    ).content.decode()
    assert "Into <strong>Anyshire Council</strong>." in page
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    admin_client_logged_in.post(IMPORT, {"token": token})
    assert Decision.objects.get().council == anyshire
