"""The call-in calendar, /decisions/call-in.ics: only call-ins still open, on their expiry."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar

from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def events(response) -> list:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_it_holds_only_call_ins_still_open_today(client, seeds) -> None:
    # 23 July 2025 is the last day of I50052101's call-in period: still open.
    with time_machine.travel(datetime(2025, 7, 23, 15, 0, tzinfo=LONDON), tick=False):
        found = events(client.get("/decisions/call-in.ics"))
    assert [str(e["uid"]) for e in found] == [
        "call-in-herefordshire-I50052101@testserver",
        "call-in-herefordshire-I50053845@testserver",
    ]
    first = found[0]
    assert first.decoded("dtstart") == date(2025, 7, 23)  # an all-day event
    assert first.decoded("dtend") == date(2025, 7, 24)
    assert str(first["summary"]).startswith("Call-in ends: Children and Young Persons")
    assert str(first["url"]) == "http://testserver/herefordshire/decisions/I50052101/"


def test_it_drops_a_call_in_the_day_after_it_ends(client, seeds) -> None:
    with time_machine.travel(datetime(2025, 7, 24, 9, 0, tzinfo=LONDON), tick=False):
        found = events(client.get("/decisions/call-in.ics"))
    assert [str(e["uid"]) for e in found] == ["call-in-herefordshire-I50053845@testserver"]


def test_it_is_empty_when_nothing_is_open(client, seeds) -> None:
    with time_machine.travel(datetime(2026, 3, 1, tzinfo=LONDON), tick=False):
        response = client.get("/decisions/call-in.ics")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["prodid"]) == "-//Cabinet decisions archive//Call-in calendar//EN"
    assert list(calendar.walk("VEVENT")) == []


def test_it_takes_the_list_pages_search(client, seeds) -> None:
    with time_machine.travel(datetime(2022, 12, 16, tzinfo=LONDON), tick=False):
        keyed = events(client.get("/decisions/call-in.ics?key=1"))
        bad = client.get("/decisions/call-in.ics?year=abc")
    assert [str(e["uid"]) for e in keyed] == ["call-in-herefordshire-I50043387@testserver"]
    assert bad.status_code == 400
    assert list(bad.json()["errors"]) == ["year"]


def test_it_changes_its_etag_when_the_day_changes(client, seeds) -> None:
    with time_machine.travel(datetime(2025, 7, 23, 12, tzinfo=LONDON), tick=False):
        etag = client.get("/decisions/call-in.ics")["ETag"]
        same = client.get("/decisions/call-in.ics", HTTP_IF_NONE_MATCH=etag)
    with time_machine.travel(datetime(2025, 7, 24, 12, tzinfo=LONDON), tick=False):
        next_day = client.get("/decisions/call-in.ics", HTTP_IF_NONE_MATCH=etag)
    assert same.status_code == 304
    assert next_day.status_code == 200
