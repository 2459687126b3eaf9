"""Councils: every decision and councillor is one council's, imports name their council,
and one council's councillors are never another's. References are unique per council
(tests/test_council_urls.py follows two councils with the same references everywhere).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from decisions.councillors import merge_councillors
from decisions.councils import CouncilNotChosen, council_for, first_council, save_council
from decisions.importing.councillor_registry import CouncillorRegistry
from decisions.models import Council, Councillor, CouncillorAlias, Decision
from decisions.timelines.models import Timeline
from tests.conftest import SAMPLES
from tests.factories import make_councillor

pytestmark = pytest.mark.django_db

SAMPLE = SAMPLES / "000_8f1dfd1b4376d4cb.txt"  # I50043387, signed by Diana Toynbee


def another_council() -> Council:
    council, _ = save_council("anyshire", name="Anyshire Council", gss_code="E06000099")
    return council


def import_into(*paths: Path, council: str | None = None) -> str:
    out, err = io.StringIO(), io.StringIO()
    args = [str(p) for p in paths] + (["--council", council] if council else [])
    try:
        call_command("import_notices", *args, "--jobs", "0", stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue() + err.getvalue() + f"\nERROR {error}"
    return out.getvalue() + err.getvalue()


def a_copy_with_reference(tmp_path: Path, issue: str) -> Path:
    copy = tmp_path / f"copy_{issue}.txt"
    copy.write_text(SAMPLE.read_text(encoding="utf-8").replace("50043387", issue), "utf-8")
    return copy


def test_with_one_council_an_import_needs_no_council_named() -> None:
    report = import_into(SAMPLES)
    assert "created 5," in report
    assert set(Decision.objects.values_list("council__slug", flat=True)) == {"herefordshire"}
    assert set(Councillor.objects.values_list("council__slug", flat=True)) == {"herefordshire"}


def test_with_several_councils_an_import_names_one_or_stops_naming_them() -> None:
    another_council()
    report = import_into(SAMPLES)
    assert "several councils (anyshire, herefordshire); name one with --council" in report
    assert not Decision.objects.exists()
    report = import_into(SAMPLES, council="nowhere")
    assert 'no council is called "nowhere" (councils: anyshire, herefordshire)' in report


def test_each_council_has_its_own_councillors(tmp_path: Path) -> None:
    anyshire = another_council()
    import_into(SAMPLE, council="herefordshire")
    import_into(a_copy_with_reference(tmp_path, "70043387"), council="anyshire")

    theirs = Decision.objects.get(reference="I70043387")
    ours = Decision.objects.get(reference="I50043387")
    assert theirs.council == anyshire and ours.council == first_council()
    # The same printed name in two councils is two councillors, each with the spelling.
    assert theirs.signatory != ours.signatory
    assert theirs.signatory.council == anyshire
    assert theirs.signatory.name == ours.signatory.name == "Diana Toynbee"
    assert theirs.signatory.slug != ours.signatory.slug  # slugs stay unique in addresses
    assert CouncillorAlias.objects.filter(name="Diana Toynbee").count() == 2


def test_the_same_reference_in_two_councils_is_two_decisions(tmp_path: Path) -> None:
    another_council()
    import_into(SAMPLE, council="herefordshire")
    report = import_into(SAMPLE, council="anyshire")  # the same file: not "unchanged" there
    assert "created: " in report and "(I50043387)" in report
    assert sorted(
        Decision.objects.filter(reference="I50043387").values_list("council__slug", flat=True)
    ) == ["anyshire", "herefordshire"]
    again = import_into(SAMPLE, council="anyshire")
    assert "unchanged: " in again and Decision.objects.count() == 2


def test_the_registry_matches_only_its_own_councils_names() -> None:
    anyshire = another_council()
    make_councillor("Jonathan Lester", slug="jonathan-lester")  # the first council's
    registry = CouncillorRegistry(council=anyshire)
    found = registry.resolve("Cllr J Lester")
    assert found.council == anyshire and found.slug == "j-lester"
    assert Councillor.objects.filter(council=first_council()).count() == 1


def test_councillors_of_two_councils_cannot_be_merged() -> None:
    ours = make_councillor("Jo Bloggs", slug="jo-bloggs")
    theirs = make_councillor("Jo Bloggs", slug="jo-bloggs-2", council=another_council())
    with pytest.raises(ValueError, match="different councils cannot be merged"):
        merge_councillors(keep=ours, others=[theirs], user=None, reason="One person?")
    assert Councillor.objects.count() == 2


def test_council_for_picks_the_only_one_and_makes_the_first_in_an_empty_archive() -> None:
    Timeline.objects.all().delete()  # a council's timelines keep it (PROTECT)
    Council.objects.all().delete()
    made = council_for(None)
    assert (made.slug, made.gss_code) == ("herefordshire", "E06000019")
    assert council_for(None) == made == council_for("herefordshire")
    another_council()
    with pytest.raises(CouncilNotChosen):
        council_for(None)


def test_add_council_creates_then_updates_only_what_is_given() -> None:
    out = io.StringIO()
    call_command(
        "add_council",
        "anyshire",
        "--name",
        "Anyshire Council",
        "--gss",
        "E06000099",
        "--moderngov",
        "https://democracy.anyshire.gov.uk/",
        "--reference-pattern",
        "I[0-9]{6}",
        stdout=out,
    )
    assert "Created Anyshire Council (anyshire)." in out.getvalue()
    call_command("add_council", "anyshire", "--register-code", "ANY", stdout=out)
    council = Council.objects.get(slug="anyshire")
    assert (council.name, council.gss_code, council.register_code) == (
        "Anyshire Council",
        "E06000099",
        "ANY",
    )
    assert council.moderngov_url == "https://democracy.anyshire.gov.uk/"
    assert council.reference_pattern == "I[0-9]{6}"


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["anyshire"], "name: a new council needs a name"),
        (
            ["anyshire", "--name", "A", "--reference-pattern", "I[0-9"],
            "is not a regular expression",
        ),
        (["Any shire!", "--name", "A"], "slug:"),
        (["anyshire", "--name", "A", "--gss", "E06000019"], "gss_code"),  # Herefordshire's
        (["anyshire", "--name", "A", "--moderngov", "not a url"], "moderngov_url"),
    ],
)
def test_add_council_refuses_a_bad_value_naming_it(args: list[str], problem: str) -> None:
    with pytest.raises(CommandError, match=problem):
        call_command("add_council", *args, stdout=io.StringIO())
    assert not Council.objects.filter(slug="anyshire").exists()


def test_add_council_refuses_a_date_that_is_not_one() -> None:
    with pytest.raises(CommandError, match="not a date like 2024-04-01"):
        call_command(
            "add_council", "anyshire", "--name", "A", "--start", "April", stdout=io.StringIO()
        )


def test_save_council_refuses_an_unknown_field() -> None:
    with pytest.raises(ValueError, match="unknown council fields: colour"):
        save_council("anyshire", name="A", colour="red")
    with pytest.raises(ValidationError):
        save_council("anyshire")


def test_the_admin_adds_a_decision_to_the_chosen_council(admin_client_logged_in) -> None:
    from tests.admin.test_add_decision import add_form as add_form_data

    anyshire = another_council()
    response = admin_client_logged_in.post(
        "/admin/decisions/decision/add/", add_form_data(reference="I50000001")
    )
    assert response.status_code == 200  # two councils: one must be chosen
    assert "Choose the council whose decision this is." in response.content.decode()
    response = admin_client_logged_in.post(
        "/admin/decisions/decision/add/",
        add_form_data(reference="I50000001", council=str(anyshire.pk)),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Decision.objects.get(reference="I50000001").council == anyshire


def test_the_admin_checks_the_reference_against_the_councils_pattern(
    admin_client_logged_in,
) -> None:
    from tests.admin.test_add_decision import add_form as add_form_data

    save_council("herefordshire", reference_pattern="I5[0-9]{7}")
    response = admin_client_logged_in.post(
        "/admin/decisions/decision/add/", add_form_data(reference="I60000001")
    )
    assert (
        "Herefordshire Council&#x27;s references look like I5[0-9]{7}" in response.content.decode()
    )
    assert not Decision.objects.exists()


def test_copies_of_the_samples_land_in_their_own_council_folder_by_folder(tmp_path: Path) -> None:
    """Two councils' folders imported one after the other, each named: each decision is its
    council's and each council's councillors are its own."""
    another_council()
    theirs = tmp_path / "anyshire"
    theirs.mkdir()
    for n, sample in enumerate(sorted(SAMPLES.glob("*.txt"))):
        text = sample.read_text(encoding="utf-8")
        reference = next(
            ref
            for ref in ("50043387", "50052101", "50042913", "50027300", "50053845")
            if ref in text
        )
        (theirs / sample.name).write_text(text.replace(reference, f"7{n}{reference[2:]}"), "utf-8")
    shutil.copy(SAMPLES / "README.md", theirs / "README.md")
    import_into(SAMPLES, council="herefordshire")
    report = import_into(theirs, council="anyshire")
    assert "created 5," in report
    counts = {c.slug: c.decisions.count() for c in Council.objects.all()}
    assert counts == {"anyshire": 5, "herefordshire": 5}
    for decision in Decision.objects.exclude(signatory=None).select_related("signatory"):
        assert decision.signatory.council_id == decision.council_id


def test_the_export_the_csv_and_the_api_name_each_decisions_council(client, tmp_path) -> None:
    import csv

    from decisions.opendata.export import exported_decisions

    another_council()
    import_into(SAMPLE, council="herefordshire")
    import_into(a_copy_with_reference(tmp_path, "70043387"), council="anyshire")

    by_reference = {r["reference"]: r["council"] for r in exported_decisions()}
    assert by_reference == {"I50043387": "herefordshire", "I70043387": "anyshire"}
    body = b"".join(client.get("/decisions/export.csv?q=ofsted").streaming_content).decode()
    rows = {row["reference"]: row["council"] for row in csv.DictReader(io.StringIO(body))}
    assert rows == by_reference
    items = client.get("/api/decisions/").json()["results"]
    assert {item["reference"]: item["council"] for item in items} == by_reference


def test_search_within_one_council_across_the_list_the_csv_and_the_api(client, tmp_path) -> None:
    import csv

    another_council()
    import_into(SAMPLE, council="herefordshire")
    import_into(a_copy_with_reference(tmp_path, "70043387"), council="anyshire")

    page = client.get("/decisions/?q=ofsted&council=anyshire")
    assert [d.reference for d, _ in page.context["results"]] == ["I70043387"]
    html = page.content.decode()
    assert "Council: Anyshire Council" in html  # the chip names it
    assert '<span aria-hidden="true">·</span> Anyshire Council\n' in html  # so does each row
    assert "<title>Decisions matching “ofsted” of Anyshire Council" in html
    body = b"".join(
        client.get("/decisions/export.csv?council=herefordshire").streaming_content
    ).decode()
    assert [row["reference"] for row in csv.DictReader(io.StringIO(body))] == ["I50043387"]
    api = client.get("/api/decisions/?council=anyshire").json()["results"]
    assert [item["reference"] for item in api] == ["I70043387"]
    assert client.get("/decisions/?council=nowhere").context["results"] == []


def test_the_councils_are_open_data_with_their_codes(client, tmp_path) -> None:
    another_council()
    import_into(SAMPLES, council="herefordshire")
    councils = client.get("/api/councils/").json()["results"]
    assert [(c["slug"], c["gss_code"], c["decision_count"]) for c in councils] == [
        ("anyshire", "E06000099", 0),
        ("herefordshire", "E06000019", 5),
    ]
    newest = max(Decision.objects.values_list("decision_date", flat=True))
    assert councils[1]["newest_decision"] == newest.isoformat()
    assert councils[0]["newest_decision"] is None
    assert councils[1]["decisions_search"].endswith("/api/decisions/?council=herefordshire")
    years = sorted(
        {d.year for d in Decision.objects.values_list("decision_date", flat=True)}, reverse=True
    )
    assert councils[1]["by_year"] == [
        {"year": y, "decisions": Decision.objects.filter(decision_date__year=y).count()}
        for y in years
    ]
    assert councils[0]["by_year"] == []


def test_the_councils_api_runs_the_same_queries_for_1_and_30_councils(client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import_into(SAMPLES)
    client.get("/api/councils/")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/councils/")
    for n in range(29):
        save_council(f"council-{n}", name=f"Council {n}")
    with CaptureQueriesContext(connection) as thirty:
        assert len(client.get("/api/councils/").json()["results"]) == 20  # a page
    assert len(thirty.captured_queries) == len(one.captured_queries)


def test_a_decision_page_names_its_council_and_its_citation_cites_it(client, tmp_path) -> None:
    another_council()
    import_into(a_copy_with_reference(tmp_path, "70043387"), council="anyshire")
    html = client.get("/anyshire/decisions/I70043387/").content.decode()
    assert '<p class="caption">Anyshire Council · Key decision · I70043387</p>' in html
    assert "Anyshire Council, Cabinet (2022) Ofsted Improvement Action Plan." in html


def test_the_councils_page_shows_what_the_archive_holds_of_each(client, tmp_path) -> None:
    another_council()
    import_into(SAMPLES, council="herefordshire")
    page = client.get("/councils/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<a href="/herefordshire/">Herefordshire Council</a>' in html
    assert "(E06000019)" in html
    years = sorted(
        {d.year for d in Decision.objects.values_list("decision_date", flat=True)}, reverse=True
    )
    counts = [Decision.objects.filter(decision_date__year=y).count() for y in years]
    assert ", ".join(f"{y}: {n}" for y, n in zip(years, counts, strict=True)) in html
    assert "None yet" in html and "Never" in html  # Anyshire, which holds nothing yet


def test_the_councils_page_runs_the_same_queries_for_1_and_30_councils(client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/councils/")
    for n in range(29):
        save_council(f"council-{n}", name=f"Council {n}")
    with CaptureQueriesContext(connection) as thirty:
        html = client.get("/councils/").content.decode()
    assert html.count("<tr>") == 31  # the header and 30 councils
    assert len(thirty.captured_queries) == len(one.captured_queries)


@pytest.mark.parametrize(
    "path", ["/", "/decisions/?q=ofsted", "/herefordshire/decisions/I50043387/", "/councils/"]
)
def test_pages_run_the_same_queries_with_1_and_30_councils(client, path: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import_into(SAMPLES)
    client.get(path)  # warm: the session, the archive's version
    with CaptureQueriesContext(connection) as one:
        assert client.get(path).status_code == 200
    for n in range(29):
        save_council(f"council-{n}", name=f"Council {n}")
    with CaptureQueriesContext(connection) as thirty:
        assert client.get(path).status_code == 200
    assert len(thirty.captured_queries) == len(one.captured_queries)


def test_the_import_page_of_an_archive_with_no_council_offers_the_first(
    admin_client_logged_in,
) -> None:
    Timeline.objects.all().delete()  # a council's timelines keep it (PROTECT)
    Council.objects.all().delete()
    page = admin_client_logged_in.get("/admin/decisions/decision/import/").content.decode()
    council = Council.objects.get()
    assert council.slug == "herefordshire"
    assert f'type="hidden" name="council" value="{council.pk}"' in page
