"""/decisions/export.csv and the other CSVs: bounded work per request. Every decision comes
from a prebuilt file; a live CSV holds at most EXPORT_MAX_ROWS decisions, and at most
EXPORT_CONCURRENCY stream at once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions.models import Decision
from decisions.opendata import bulk
from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

pytestmark = pytest.mark.django_db
FULL = "/decisions/export.csv"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    """Background builds the site asked for."""
    started: list[str] = []
    monkeypatch.setattr(bulk, "start_background_build", lambda: started.append("build"))
    return started


def test_the_full_csv_is_served_from_the_prebuilt_file(client, seeds, builds, settings) -> None:
    settings.SITE_URL = "http://testserver"  # the file's page addresses, as a live CSV's
    live = body(client.get(FULL))  # no file yet: a small archive is exported live
    out = StringIO()
    call_command("build_exports", stdout=out)
    assert "Wrote 5 decisions to" in out.getvalue()
    response = client.get(FULL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="decisions.csv"' in response["Content-Disposition"]
    assert response["Last-Modified"] and response["ETag"].startswith('"full-')
    assert body(response) == live
    assert builds == []


def test_a_repeat_request_for_the_file_is_not_modified(client, seeds) -> None:
    call_command("build_exports", stdout=StringIO())
    first = client.get(FULL)
    again = client.get(FULL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_an_import_rebuilds_the_file(tmp_path, seeds) -> None:
    from tests.conftest import SAMPLES

    Decision.objects.filter(reference="I50042913").delete()
    out = StringIO()
    call_command("import_notices", str(SAMPLES), stdout=out, stderr=StringIO())
    assert "Rebuilt the full CSV export (5 decisions)" in out.getvalue()
    assert b"I50042913" in bulk.full_export_path().read_bytes()


def test_a_file_older_than_the_archive_is_served_and_rebuilt_in_the_background(
    client, seeds, builds
) -> None:
    call_command("build_exports", stdout=StringIO())
    Decision.objects.filter(reference="I50042913").update(
        title="Changed after the build", updated_at=timezone.now()
    )
    response = client.get(FULL)
    assert response.status_code == 200
    assert b"Changed after the build" not in body(response)
    assert builds == ["build"]


def test_build_exports_if_stale_does_nothing_when_the_file_is_fresh(seeds) -> None:
    call_command("build_exports", stdout=StringIO())
    out = StringIO()
    call_command("build_exports", "--if-stale", stdout=out)
    assert "is up to date" in out.getvalue()


def test_without_a_file_a_large_archive_is_prepared_not_streamed(
    client, seeds, builds, settings
) -> None:
    settings.EXPORT_MAX_ROWS = 4
    response = client.get(FULL)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert builds == ["build"]


def test_a_search_csv_larger_than_the_limit_is_refused_with_a_way_on(
    client, seeds, settings
) -> None:
    settings.EXPORT_MAX_ROWS = 4
    response = client.get("/decisions/export.csv?year=2022&sort=oldest")
    count = Decision.objects.filter(decision_date__year=2022).count()
    if count <= 4:
        response = client.get("/decisions/export.csv?sort=oldest")
        count = 5
    assert response.status_code == 400
    text = response.content.decode()
    assert f"would hold {count:,} decisions" in text
    assert "at most 4" in text
    assert "/decisions/export.csv" in text


def test_a_timeline_csv_is_bounded_too(client, seeds, settings) -> None:
    settings.EXPORT_MAX_ROWS = 0
    response = client.get("/herefordshire/timelines/childrens-services-improvement/export.csv")
    assert response.status_code == 400


def test_only_so_many_live_exports_run_at_once(client, seeds, settings) -> None:
    settings.EXPORT_CONCURRENCY = 1
    first = client.get("/decisions/export.csv?sort=oldest")
    assert first.status_code == 200
    busy = client.get("/decisions/export.csv?sort=newest")
    assert busy.status_code == 503
    assert busy["Retry-After"] == "10"
    assert b"try again" in busy.content
    assert (
        client.get("/herefordshire/decisions/I50042913/export.csv").status_code == 200
    )  # one row: free
    body(first)  # sent to the end: its slot is free again
    assert client.get("/decisions/export.csv?sort=newest").status_code == 200


def test_a_slot_is_freed_when_the_stream_is_closed_before_its_first_row(settings) -> None:
    """What the server does when the client goes away before the first chunk is sent."""
    settings.EXPORT_CONCURRENCY = 1
    slot = bulk.take_export_slot()
    assert slot is not None
    assert bulk.take_export_slot() is None
    stream = bulk.ReleasedAfter(iter(["header\n", "row\n"]), slot)
    stream.close()
    again = bulk.take_export_slot()
    assert again is not None
    again.release()


def test_a_slot_is_freed_when_the_stream_ends(settings) -> None:
    settings.EXPORT_CONCURRENCY = 1
    slot = bulk.take_export_slot()
    assert slot is not None
    assert list(bulk.ReleasedAfter(iter(["a", "b"]), slot)) == ["a", "b"]
    again = bulk.take_export_slot()
    assert again is not None
    again.release()


def test_a_live_csv_costs_the_same_queries_for_1_and_30_decisions(client) -> None:
    from tests.factories import make_decision

    make_decision()
    with CaptureQueriesContext(connection) as one:
        assert body(client.get("/decisions/export.csv?sort=oldest")).count(b"\n") == 2
    for _ in range(29):
        make_decision()
    with CaptureQueriesContext(connection) as thirty:
        assert body(client.get("/decisions/export.csv?sort=oldest")).count(b"\n") == 31
    assert len(thirty.captured_queries) == len(one.captured_queries)


def test_without_site_url_the_prebuilt_file_gives_page_paths(client, seeds, builds) -> None:
    call_command("build_exports", stdout=StringIO())
    text = body(client.get(FULL)).decode()
    assert ",/herefordshire/decisions/I" in text and "http://testserver/decisions/" not in text
