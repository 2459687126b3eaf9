"""The admin's "Needs checking" list of OCR'd decisions, and checking a field beside its scan."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from decisions.models import Correction, Decision, SourceDocument
from tests.admin.test_council_admins import clerk_of_herefordshire, two_councils  # noqa: F401
from tests.factories import make_decision

pytestmark = pytest.mark.django_db
SCAN = (
    Path(__file__).resolve().parent.parent
    / "fixtures/pdf/scans/sample_000_8f1dfd1b4376d4cb.reportlab.scan.pdf"
)


def _ocr_decision(**fields) -> Decision:
    confidence = fields.pop("field_confidence", {"title": 61.0, "purpose": 97.0})
    decision = make_decision(source_format="ocr", field_confidence=confidence, **fields)
    data = SCAN.read_bytes()
    SourceDocument.objects.create(
        decision=decision,
        file_name="scan.pdf",
        source_format="ocr",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        data=data,
    )
    return decision


def test_it_lists_ocr_decisions_with_fields_to_check(admin_client_logged_in) -> None:
    decision = _ocr_decision(title="Ofsted <b>plan</b>")
    _ocr_decision(field_confidence={"title": 99.0})  # sure of everything: not listed
    make_decision(field_confidence={})  # born digital: not listed

    page = admin_client_logged_in.get("/admin/decisions/needs-checking/").content.decode()

    assert f'href="/admin/decisions/needs-checking/{decision.pk}/"' in page
    assert "Ofsted &lt;b&gt;plan&lt;/b&gt;" in page  # imported text is escaped
    assert "Title (61%)" in page  # the label, capitalised
    assert page.count('href="/admin/decisions/needs-checking/') == 1  # only that decision


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_makes_the_same_queries_for_1_and_30_decisions(
    admin_client_logged_in, django_assert_num_queries, count: int
) -> None:
    for _ in range(count):
        make_decision(source_format="ocr", field_confidence={"title": 50.0})

    # session, user, axes and messages bookkeeping, the decisions, their corrections
    with django_assert_num_queries(7):
        response = admin_client_logged_in.get("/admin/decisions/needs-checking/")

    assert response.status_code == 200


def test_the_check_page_shows_each_field_beside_the_scanned_pages(admin_client_logged_in) -> None:
    decision = _ocr_decision(title="Ofsted plan")

    page = admin_client_logged_in.get(f"/admin/decisions/needs-checking/{decision.pk}/")
    text = page.content.decode()

    assert 'id="check-title"' in text
    assert 'id="check-purpose"' not in text  # read at 97%: nothing to check
    assert f'src="/admin/decisions/needs-checking/{decision.pk}/page-1.png"' in text
    assert "read at 61% confidence" in text


def test_it_serves_a_scanned_page_as_an_image(admin_client_logged_in) -> None:
    decision = _ocr_decision()

    response = admin_client_logged_in.get(
        f"/admin/decisions/needs-checking/{decision.pk}/page-1.png"
    )
    missing = admin_client_logged_in.get(
        f"/admin/decisions/needs-checking/{decision.pk}/page-9.png"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert missing.status_code == 404


def test_confirming_a_field_records_a_correction_and_takes_it_off_the_list(
    admin_client_logged_in,
) -> None:
    decision = _ocr_decision(title="Ofsted plan")
    url = f"/admin/decisions/needs-checking/{decision.pk}/"

    response = admin_client_logged_in.post(
        url, {"field": "title", "action": "confirm", "value": "ignored", "reason": ""}
    )

    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.field, correction.old_value, correction.new_value) == (
        "title",
        "Ofsted plan",
        "Ofsted plan",
    )
    assert correction.user == admin_client_logged_in.user
    assert Decision.objects.get().title == "Ofsted plan"
    listed = admin_client_logged_in.get("/admin/decisions/needs-checking/").content.decode()
    assert "Nothing needs checking" in listed


def test_correcting_a_field_saves_the_new_value(admin_client_logged_in) -> None:
    decision = _ocr_decision(title="0fsted plan")
    url = f"/admin/decisions/needs-checking/{decision.pk}/"

    admin_client_logged_in.post(
        url, {"field": "title", "action": "correct", "value": "Ofsted plan", "reason": "O not 0"}
    )

    assert Decision.objects.get().title == "Ofsted plan"
    assert Correction.objects.get().reason == "O not 0"


def test_a_bad_check_is_shown_as_an_error_not_a_server_error(admin_client_logged_in) -> None:
    decision = _ocr_decision(field_confidence={"decision_date": 40.0})
    url = f"/admin/decisions/needs-checking/{decision.pk}/"

    response = admin_client_logged_in.post(
        url,
        {"field": "decision_date", "action": "correct", "value": "soon", "reason": "r"},
        follow=True,
    )
    odd = admin_client_logged_in.post(
        url, {"field": "source_text", "action": "confirm"}, follow=True
    )

    assert "Decision date: Enter a valid date." in response.content.decode()
    assert "Choose a field, then Confirm or Save correction." in odd.content.decode()
    assert not Correction.objects.exists()


def test_only_staff_who_may_change_decisions_see_it(client, django_user_model) -> None:
    decision = _ocr_decision()
    staff = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)

    anonymous = client.get("/admin/decisions/needs-checking/")
    client.force_login(staff)
    forbidden = client.get(f"/admin/decisions/needs-checking/{decision.pk}/")

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    assert forbidden.status_code == 403


def test_a_clerk_sees_and_checks_only_their_councils_scans(
    clerk_of_herefordshire,  # noqa: F811
    two_councils,  # noqa: F811
) -> None:
    herefordshire, anyshire = two_councils
    ours = _ocr_decision(title="Ours", council=herefordshire)
    theirs = _ocr_decision(title="Theirs", council=anyshire)
    client = clerk_of_herefordshire

    listed = client.get("/admin/decisions/needs-checking/").content.decode()
    detail = client.get(f"/admin/decisions/needs-checking/{theirs.pk}/")
    image = client.get(f"/admin/decisions/needs-checking/{theirs.pk}/page-1.png")
    posted = client.post(
        f"/admin/decisions/needs-checking/{theirs.pk}/", {"field": "title", "action": "confirm"}
    )

    assert f"/admin/decisions/needs-checking/{ours.pk}/" in listed
    assert f"/admin/decisions/needs-checking/{theirs.pk}/" not in listed
    assert (detail.status_code, image.status_code, posted.status_code) == (403, 403, 403)
    assert not Correction.objects.exists()
