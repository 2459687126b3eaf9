"""Two councils whose notices share references stay apart: through import, search, pages,
the API, CSV, feeds, the calendar, corrections, backup and restore. A decision's URL names
its council, and the URLs from before councils redirect."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from decisions.backup import archive_models
from decisions.corrections import record_decision_corrections
from decisions.councils import save_council
from decisions.models import Correction, Council, Decision, top_level_paths
from decisions.records import days_quiet
from tests.conftest import SAMPLES
from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

pytestmark = pytest.mark.django_db

REFERENCE = "I50043387"  # Ofsted Improvement Action Plan, in both councils


def import_into(council: str) -> None:
    call_command(
        "import_notices",
        str(SAMPLES),
        "--council",
        council,
        "--jobs",
        "0",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


@pytest.fixture(name="two_councils")
def two_councils_fixture() -> tuple[Council, Council]:
    """The five samples imported into Herefordshire, and the same five files into a second
    council: the same references, the same councillors' names."""
    anyshire, _ = save_council(
        "anyshire",
        name="Anyshire Council",
        gss_code="E06000099",
        contact_email="democracy@anyshire.example.gov.uk",
        accessibility_url="https://anyshire.example.gov.uk/accessibility",
    )
    import_into("herefordshire")
    import_into("anyshire")
    return Council.objects.get(slug="herefordshire"), anyshire


def test_the_same_reference_is_two_decisions_each_with_its_own_councillors(
    two_councils,
) -> None:
    herefordshire, anyshire = two_councils
    ours = Decision.objects.get(council=herefordshire, reference=REFERENCE)
    theirs = Decision.objects.get(council=anyshire, reference=REFERENCE)
    assert ours.pk != theirs.pk
    assert ours.signatory.council == herefordshire and theirs.signatory.council == anyshire
    assert Decision.objects.count() == 10


def test_each_decision_page_names_its_council(client, two_councils) -> None:
    for slug, name in (
        ("herefordshire", "Herefordshire Council"),
        ("anyshire", "Anyshire Council"),
    ):
        response = client.get(f"/{slug}/decisions/{REFERENCE}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert f"<title>Ofsted Improvement Action Plan – {name} – " in html
        assert f'<a class="council-bar__name" href="/{slug}/">{name}</a>' in html
        assert f'<p class="caption">{name} · Key decision · {REFERENCE}</p>' in html
        assert f"{name}, Cabinet (2022) Ofsted Improvement Action Plan." in html
        assert f'href="/{slug}/decisions/{REFERENCE}/export.csv"' in html
        assert f'href="/api/decisions/{slug}/{REFERENCE}/"' in html
    anyshire = client.get(f"/anyshire/decisions/{REFERENCE}/").content.decode()
    assert 'href="mailto:democracy@anyshire.example.gov.uk"' in anyshire
    assert 'href="https://anyshire.example.gov.uk/accessibility"' in anyshire
    herefordshire = client.get(f"/herefordshire/decisions/{REFERENCE}/").content.decode()
    assert "holds no contact details for this council yet" in herefordshire
    assert client.get(f"/nowhere/decisions/{REFERENCE}/").status_code == 404


def test_an_old_url_lists_the_councils_when_several_have_the_reference(
    client, two_councils
) -> None:
    response = client.get(f"/decisions/{REFERENCE}/")
    assert response.status_code == 300
    html = response.content.decode()
    assert f'href="/anyshire/decisions/{REFERENCE}/">Anyshire Council:' in html
    assert f'href="/herefordshire/decisions/{REFERENCE}/">Herefordshire Council:' in html
    feed = client.get(f"/decisions/{REFERENCE}/feed/").content.decode()
    assert f'href="/anyshire/decisions/{REFERENCE}/feed/"' in feed


def test_an_old_url_redirects_while_the_reference_names_one_decision(client, seeds) -> None:
    for old, new in (
        (f"/decisions/{REFERENCE}/", f"/herefordshire/decisions/{REFERENCE}/"),
        (f"/decisions/{REFERENCE}/feed/", f"/herefordshire/decisions/{REFERENCE}/feed/"),
        (
            f"/decisions/{REFERENCE}/export.csv?excel=1",
            f"/herefordshire/decisions/{REFERENCE}/export.csv?excel=1",
        ),
        (f"/decisions/{REFERENCE}/original/", f"/herefordshire/decisions/{REFERENCE}/original/"),
        ("/decisions/50043387/", f"/herefordshire/decisions/{REFERENCE}/"),  # no letter
        (f"/api/decisions/{REFERENCE}/", f"/api/decisions/herefordshire/{REFERENCE}/"),
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
        assert client.get(new).status_code == 200, new
    assert client.get("/decisions/I99999999/").status_code == 404
    assert client.get("/api/decisions/I99999999/").status_code == 404


def test_the_api_finds_each_councils_decision_and_lists_both_for_an_old_url(
    client, two_councils
) -> None:
    record = client.get(f"/api/decisions/anyshire/{REFERENCE}/").json()
    assert (record["council"], record["reference"]) == ("anyshire", REFERENCE)
    assert record["web"] == f"http://testserver/anyshire/decisions/{REFERENCE}/"
    old = client.get(f"/api/decisions/{REFERENCE}/")
    assert old.status_code == 300
    assert sorted(c["council"] for c in old.json()["choices"]) == ["anyshire", "herefordshire"]
    listed = client.get("/api/decisions/?council=anyshire").json()
    assert listed["count"] == 5
    assert {item["council"] for item in listed["results"]} == {"anyshire"}
    assert client.get(f"/api/decisions/nowhere/{REFERENCE}/").status_code == 404


def test_search_within_a_council_finds_only_its_own_and_across_all_counts_each(
    client, two_councils
) -> None:
    within = client.get("/anyshire/decisions/?q=ofsted").content.decode()
    assert f'href="/anyshire/decisions/{REFERENCE}/"' in within
    assert "/herefordshire/decisions/" not in within.split('id="results"')[1].split("</ol>")[0]
    assert '<form class="search" action="/anyshire/decisions/"' in within
    title = "Decisions matching “ofsted” of Anyshire Council – Cabinet decisions archive"
    assert f"<title>{title}</title>" in within
    assert "Remove filter </span>Council" not in within  # the page's, not a filter
    across = client.get("/decisions/?q=ofsted").content.decode()
    assert f'href="/anyshire/decisions/{REFERENCE}/"' in across
    assert f'href="/herefordshire/decisions/{REFERENCE}/"' in across
    facet = across.split('<h3 class="facet__heading">Council</h3>')[1].split("</ul>")[0]
    assert "Anyshire Council" in facet and "Herefordshire Council" in facet
    assert "?q=ofsted&amp;council=anyshire" in facet
    # A reference typed into one council's search goes to that council's decision.
    found = client.get(f"/anyshire/decisions/?q={REFERENCE}")
    assert found["Location"] == f"/anyshire/decisions/{REFERENCE}/"
    assert client.get("/nowhere/decisions/").status_code == 404


def test_csv_feeds_and_the_calendar_carry_the_council(client, two_councils) -> None:
    export = b"".join(client.get("/decisions/export.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(export)))
    assert sorted(r["council"] for r in rows if r["reference"] == REFERENCE) == [
        "anyshire",
        "herefordshire",
    ]
    one = b"".join(
        client.get(f"/anyshire/decisions/{REFERENCE}/export.csv").streaming_content
    ).decode("utf-8-sig")
    assert [r["council"] for r in csv.DictReader(io.StringIO(one))] == ["anyshire"]
    feed = feedparser.parse(client.get("/decisions/feed/?council=anyshire").content)
    assert feed.feed.title == "Anyshire Council: cabinet decisions"
    assert all("/anyshire/decisions/" in entry.link for entry in feed.entries)
    assert any("(Anyshire Council, I5" in entry.title for entry in feed.entries)
    calendar = Calendar.from_ical(client.get("/decisions/call-in.ics").content)
    uids = [str(event["uid"]) for event in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids))


def test_a_correction_to_one_councils_decision_leaves_the_others(
    client, two_councils, django_user_model
) -> None:
    _, anyshire = two_councils
    editor = django_user_model.objects.create_superuser("editor", "e@example.gov.uk", "pw")
    theirs = Decision.objects.get(council=anyshire, reference=REFERENCE)
    before = Decision.objects.get(pk=theirs.pk)
    theirs.title = "Anyshire's own title"
    theirs.save()
    record_decision_corrections(
        decision=theirs, before=before, fields=["title"], user=editor, reason="Their typo."
    )
    herefordshire = client.get(f"/herefordshire/decisions/{REFERENCE}/").content.decode()
    assert "Anyshire's own title" not in herefordshire
    assert (
        "Anyshire&#x27;s own title"
        in client.get(f"/anyshire/decisions/{REFERENCE}/").content.decode()
    )
    corrections = client.get("/api/corrections/").json()["results"]
    assert [(c["council"], c["decision"]) for c in corrections] == [("anyshire", REFERENCE)]
    feed = client.get(f"/anyshire/decisions/{REFERENCE}/feed/").content.decode()
    assert "Corrections to Anyshire Council I50043387" in feed
    other = client.get(f"/herefordshire/decisions/{REFERENCE}/feed/").content.decode()
    assert "<entry>" not in other


def test_a_backup_restores_both_councils_apart(tmp_path: Path, two_councils) -> None:
    def held() -> list[tuple[str, str, str, str]]:
        return sorted(
            Decision.objects.values_list(
                "council__slug", "reference", "title", "signatory__council__slug"
            )
        )

    before = held()
    backup = tmp_path / "archive.jsonl"
    call_command("dump_archive", "--output", str(backup), stderr=io.StringIO())
    for model in reversed(archive_models()):
        model._base_manager.all().delete()
    Correction.objects.all().delete()
    call_command("load_archive", str(backup), stdout=io.StringIO())
    assert held() == before
    assert sorted(Council.objects.values_list("slug", flat=True)) == ["anyshire", "herefordshire"]


@pytest.mark.parametrize("slug", ["decisions", "api", "admin", "councils", "Timelines", "static"])
def test_a_council_may_not_take_one_of_the_archives_own_paths(slug: str) -> None:
    with pytest.raises(ValidationError, match=r"own paths \(/"):
        save_council(slug, name=f"The {slug} council")


def test_every_top_level_path_is_reserved_from_the_url_configuration() -> None:
    assert {"decisions", "councils", "councillors", "corrections", "about", "api"} <= (
        top_level_paths()
    )


def test_a_councils_home_shows_its_holdings_decisions_and_councillors(client, two_councils) -> None:
    response = client.get("/anyshire/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="heading-xl">Anyshire Council</h1>' in html
    assert "<title>Anyshire Council – Cabinet decisions archive</title>" in html
    assert "The archive holds 5 of Anyshire Council" in html
    assert f'href="/anyshire/decisions/{REFERENCE}/"' in html
    assert "/herefordshire/decisions/" not in html
    timelines = html.split('id="council-timelines-heading"')[1].split("</section>")[0]
    assert 'href="/anyshire/timelines/childrens-services-improvement/"' in timelines
    assert "/herefordshire/" not in timelines
    assert "E06000099" in html
    assert '<form class="search" action="/anyshire/decisions/"' in html
    newest = Decision.objects.filter(council__slug="anyshire").latest("decision_date")
    quiet = days_quiet(newest.decision_date, timezone.localdate())
    assert (f"Quiet for {quiet} days" in html) == (quiet is not None)
    assert client.get("/nowhere/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/herefordshire/",
        "/herefordshire/decisions/?q=ofsted",
        f"/decisions/{REFERENCE}/",
        "/councillors/",
    ],
)
def test_council_pages_run_the_same_queries_with_1_and_30_councils(client, path) -> None:
    import_into("herefordshire")
    client.get(path)  # warm
    with CaptureQueriesContext(connection) as one:
        assert client.get(path).status_code in (200, 301)
    for n in range(29):
        council, _ = save_council(f"council-{n}", name=f"Council {n}")
    with CaptureQueriesContext(connection) as thirty:
        assert client.get(path).status_code in (200, 301)
    assert len(thirty.captured_queries) == len(one.captured_queries)
