"""A decision change form opened before an import (or another admin's save) cannot undo it."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from decisions.admin.forms import parse_opened_version
from decisions.models import Correction, Decision
from tests.admin.test_decisions import change_form_data
from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db

NOTICE = SAMPLES / "000_8f1dfd1b4376d4cb.txt"


def import_file(path: Path) -> None:
    call_command("import_notices", str(path), stdout=StringIO(), stderr=StringIO())


def opened_then_reimported(tmp_path: Path) -> tuple[Decision, dict]:
    """The admin opens the change form; then an import changes the notice's purpose."""
    import_file(NOTICE)
    decision = Decision.objects.get()
    form = change_form_data(decision)  # what the page the admin opened would post
    text = NOTICE.read_text(encoding="utf-8")
    assert decision.purpose in text
    changed = tmp_path / "000_v2.txt"
    changed.write_text(text.replace(decision.purpose, "A purpose the import brought."), "utf-8")
    import_file(changed)
    decision.refresh_from_db()
    assert decision.purpose == "A purpose the import brought."
    return decision, form


def test_a_form_opened_before_an_import_is_refused_and_reverts_nothing(
    admin_client_logged_in, tmp_path: Path
) -> None:
    decision, form = opened_then_reimported(tmp_path)
    form["title"] = decision.title + " (corrected)"
    response = admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", form)
    assert response.status_code == 200  # the form again, not a redirect
    assert b"This decision was updated by an import at" in response.content
    assert b"after you opened it; review the changes" in response.content
    decision.refresh_from_db()
    assert decision.purpose == "A purpose the import brought."
    assert not decision.title.endswith("(corrected)")
    assert not Correction.objects.exists()


def test_a_form_opened_after_the_import_saves_only_what_the_admin_changed(
    admin_client_logged_in, tmp_path: Path
) -> None:
    decision, _ = opened_then_reimported(tmp_path)
    form = change_form_data(decision, title="Corrected title")
    response = admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", form)
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.title == "Corrected title"
    assert decision.purpose == "A purpose the import brought."
    assert list(Correction.objects.values_list("field", flat=True)) == ["title"]


def test_a_form_opened_before_another_admins_save_is_refused(admin_client_logged_in) -> None:
    import_file(NOTICE)
    decision = Decision.objects.get()
    first = change_form_data(decision, title="First admin's title")
    second = change_form_data(decision, purpose="Second admin's purpose")
    url = f"/admin/decisions/decision/{decision.pk}/change/"
    assert admin_client_logged_in.post(url, first).status_code == 302
    response = admin_client_logged_in.post(url, second)
    assert b"This decision was updated by another admin at" in response.content
    decision.refresh_from_db()
    assert decision.title == "First admin's title"
    assert decision.purpose != "Second admin's purpose"
    assert Correction.objects.count() == 1


def test_a_stale_form_cannot_change_the_clauses_either(
    admin_client_logged_in, tmp_path: Path
) -> None:
    decision, form = opened_then_reimported(tmp_path)
    form["clauses-0-text"] = "An old wording."
    admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", form)
    assert not decision.clauses.filter(text="An old wording.").exists()
    assert not Correction.objects.exists()


def test_a_form_without_its_opened_version_is_refused(admin_client_logged_in) -> None:
    import_file(NOTICE)
    decision = Decision.objects.get()
    form = change_form_data(decision, title="Corrected title")
    del form["opened_version"]
    response = admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", form)
    assert b"does not say which version" in response.content
    decision.refresh_from_db()
    assert decision.title != "Corrected title"


def test_the_change_form_carries_the_version_it_was_opened_on(admin_client_logged_in) -> None:
    import_file(NOTICE)
    decision = Decision.objects.get()
    response = admin_client_logged_in.get(f"/admin/decisions/decision/{decision.pk}/change/")
    html = response.content.decode()
    assert f'name="opened_version" value="{decision.updated_at.isoformat()}"' in html


@pytest.mark.parametrize(
    ("value", "ok"),
    [("2026-12-03T14:02:00.123456+00:00", True), ("2026-12-03T14:02:00", False), ("x", False)],
)
def test_parse_opened_version_takes_only_an_aware_time(value: str, ok: bool) -> None:
    assert (parse_opened_version(value) is not None) is ok
