"""decisions.moderngov.fetch: every harvest request is polite, and every fault is reported.

Against a fake ModernGov site on 127.0.0.1 (tests/fakes/moderngov_site.py); intervals and
backoffs are shortened so the suite stays quick, and the clock is faked where only its
arithmetic is under test.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from decisions.moderngov.fetch import (
    FetchError,
    HostClock,
    HostHeldOff,
    HostUnavailable,
    PoliteFetcher,
    Politeness,
    _retry_after,
)
from tests.fakes.clock import FakeTime
from tests.fakes.moderngov_site import Answer, fake_site

AGENT = "CabinetDecisionsArchive/1 (+mailto:archive@example.org)"
PAGE = "/ieDecisionDetails.aspx?ID=1"


def polite(**overrides) -> Politeness:
    values = {"user_agent": AGENT, "interval": 0.2, "timeout": 2.0, "backoff": (0.05, 0.05)}
    return Politeness(**(values | overrides))


def fetcher(**overrides) -> PoliteFetcher:
    return PoliteFetcher(polite(**overrides), clock=HostClock())


def gaps(times: list[float]) -> list[float]:
    return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]


def test_it_fetches_a_page_with_its_user_agent_and_keeps_what_was_sent() -> None:
    with fake_site() as site:
        site.serve(PAGE, "<div id='modgov'>a decision</div>")
        got = fetcher().get(site.base_url + PAGE)
    assert (got.status, got.body) == (200, b"<div id='modgov'>a decision</div>")
    assert got.sha256 == hashlib.sha256(got.body).hexdigest()
    assert got.content_type.startswith("text/html")
    assert not got.redirected_elsewhere
    assert [entry.user_agent for entry in site.requests_for(PAGE)] == [AGENT]
    assert got.fetched_at.tzinfo is UTC


def test_requests_to_one_host_are_spaced_by_the_interval() -> None:
    with fake_site() as site:
        for n in range(4):
            site.serve(f"/p{n}", "ok")
        client = fetcher(interval=0.25)
        for n in range(4):
            client.get(f"{site.base_url}/p{n}")
    arrivals = [entry.at for entry in site.log if entry.path.startswith("/p")]
    assert len(arrivals) == 4
    # Turns are booked a whole interval apart (test_the_clock_books_turns_per_host); here
    # the server sees them so, give or take how late a loaded machine delivers each one.
    assert arrivals[-1] - arrivals[0] >= 3 * 0.25 - 0.05
    assert min(gaps(arrivals)) >= 0.25 / 2


def test_councils_sharing_a_host_share_its_turns() -> None:
    """Two councils' harvests (two fetchers, two threads) on one install still ask it at
    most once an interval between them."""
    clock = HostClock()
    with fake_site() as site:
        for n in range(6):
            site.serve(f"/c{n}", "ok")
        councils = [PoliteFetcher(polite(interval=0.2), clock=clock) for _ in range(2)]
        threads = [
            threading.Thread(
                target=lambda c=client, k=k: [
                    c.get(f"{site.base_url}/c{n}") for n in range(k, 6, 2)
                ]
            )
            for k, client in enumerate(councils)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    arrivals = sorted(entry.at for entry in site.log if entry.path.startswith("/c"))
    assert len(arrivals) == 6
    # Without the shared clock two fetchers would ask in pairs, 3 intervals in all.
    assert arrivals[-1] - arrivals[0] >= 5 * 0.2 - 0.05
    assert min(gaps(arrivals)) >= 0.2 / 2


def test_the_clock_books_turns_per_host() -> None:
    fake_time = FakeTime(100.0)
    slept = fake_time.slept
    clock = HostClock(now=fake_time.now, sleep=fake_time.sleep)
    clock.wait_turn("a.gov.uk", 1.0)
    clock.wait_turn("b.gov.uk", 1.0)  # another host: no wait
    clock.wait_turn("a.gov.uk", 1.0)  # a second later than the first
    assert slept == [1.0]
    clock.hold_off("b.gov.uk", 30.0)  # a Retry-After for b
    clock.wait_turn("b.gov.uk", 1.0)
    assert slept == [1.0, 30.0]


def test_a_429_is_retried_after_the_servers_retry_after() -> None:
    with fake_site() as site:
        site.serve(PAGE, Answer("slow down", status=429, headers=(("Retry-After", "1"),)), "ok")
        got = fetcher(backoff=(5.0,)).get(site.base_url + PAGE)
    assert got.body == b"ok"
    first, second = (entry.at for entry in site.requests_for(PAGE))
    assert second - first >= 0.95  # Retry-After, not the 5 s backoff and not at once


def test_a_503_is_retried_with_backoff_then_reported() -> None:
    with fake_site() as site:
        site.serve(PAGE, Answer("down", status=503))
        with pytest.raises(
            FetchError, match=r"ieDecisionDetails.aspx\?ID=1: the server answered 503 \(3 times\)"
        ) as error:
            fetcher().get(site.base_url + PAGE)
    assert error.value.status == 503
    assert len(site.requests_for(PAGE)) == 3  # the first try and two retries


def test_a_404_is_reported_at_once() -> None:
    with fake_site() as site:
        with pytest.raises(FetchError, match="answered 404"):
            fetcher().get(site.base_url + PAGE)
        assert len(site.requests_for(PAGE)) == 1


def test_a_request_that_times_out_is_reported() -> None:
    with fake_site() as site:
        site.serve(PAGE, Answer("late", delay=1.0))
        with pytest.raises(FetchError, match=r"timed out after 0.2 s \(once\)"):
            fetcher(timeout=0.2, backoff=()).get(site.base_url + PAGE)


def test_a_body_cut_short_is_refused() -> None:
    with fake_site() as site:
        site.serve(PAGE, Answer("x" * 5000, cut_at=1000))
        with pytest.raises(FetchError, match=r"cut short \(1,000 of 5000 bytes\)"):
            fetcher().get(site.base_url + PAGE)


def test_a_body_over_the_limit_is_refused() -> None:
    with fake_site() as site:
        site.serve("/documents/s1/big.pdf", Answer(b"%PDF-" + b"0" * 5000))
        with pytest.raises(FetchError, match="5,005 bytes; the limit is 1,000"):
            fetcher(max_bytes=1000).get(site.base_url + "/documents/s1/big.pdf")


def test_a_redirect_to_an_error_page_is_seen() -> None:
    with fake_site() as site:
        site.serve(PAGE, Answer("", status=302, headers=(("Location", "/mgError.aspx"),)))
        site.serve("/mgError.aspx", "<html>Sorry, an error occurred</html>")
        got = fetcher().get(site.base_url + PAGE)
    assert got.redirected_elsewhere
    assert got.final_url.endswith("/mgError.aspx")


def test_robots_txt_is_honoured() -> None:
    with fake_site() as site:
        site.serve("/robots.txt", Answer("User-agent: *\nDisallow: /private/\n", headers=()))
        site.serve("/private/x", "secret")
        site.serve(PAGE, "ok")
        client = fetcher()
        with pytest.raises(FetchError, match="robots.txt asks robots not to fetch it"):
            client.get(site.base_url + "/private/x")
        assert client.get(site.base_url + PAGE).body == b"ok"
        assert site.requests_for("/private/x") == []
        assert len(site.requests_for("/robots.txt")) == 1  # once a host


def test_retry_after_is_seconds_or_an_http_date() -> None:
    assert _retry_after("120") == 120.0
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    assert 55 <= (_retry_after(soon) or 0) <= 61
    assert _retry_after("tomorrow-ish") is None and _retry_after(None) is None


def test_a_body_that_stalls_past_the_timeout_is_retried_then_reported() -> None:
    with fake_site() as site:
        site.serve(PAGE, Answer("x" * 5000, pause_at=1000, pause=1.0))
        with pytest.raises(FetchError, match=r"timed out after 0.3 s \(2 times\)"):
            fetcher(timeout=0.3, backoff=(0.01,)).get(site.base_url + PAGE)
        assert len(site.requests_for(PAGE)) == 2


def test_a_body_that_cannot_be_decoded_is_refused() -> None:
    with fake_site() as site:
        site.serve(PAGE, Answer(b"this is not gzip" * 10, headers=(("Content-Encoding", "gzip"),)))
        with pytest.raises(
            FetchError, match=r"ID=1: the body could not be decoded \(Content-Encoding: gzip\)"
        ) as error:
            fetcher().get(site.base_url + PAGE)
    assert type(error.value) is FetchError
    assert len(site.requests_for(PAGE)) == 1  # a bad body is not asked for again


def test_a_small_gzip_body_is_not_taken_for_one_cut_short() -> None:
    """Content-Length counts the bytes sent (22 for "ok" gzipped), not the 2 decoded."""
    with fake_site() as site:
        site.serve(PAGE, Answer(gzip.compress(b"ok"), headers=(("Content-Encoding", "gzip"),)))
        assert fetcher().get(site.base_url + PAGE).body == b"ok"


def test_a_robots_txt_that_stalls_or_cannot_be_decoded_is_a_fetch_error() -> None:
    with fake_site() as site:
        site.serve("/robots.txt", Answer("User-agent: *\n" * 50, pause_at=10, pause=1.0))
        with pytest.raises(FetchError):
            fetcher(timeout=0.3, backoff=()).get(site.base_url + PAGE)
    with fake_site() as site:
        site.serve("/robots.txt", Answer(b"not gzip" * 20, headers=(("Content-Encoding", "gzip"),)))
        with pytest.raises(FetchError):
            fetcher().get(site.base_url + PAGE)


def test_a_body_trickled_slower_than_the_timeout_allows_is_a_timeout() -> None:
    """Each byte comes well within the timeout, but the request as a whole does not."""
    with fake_site() as site:
        site.serve(PAGE, Answer("x" * 100, trickle=0.05))  # 5 s in all
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"timed out after 0.5 s \(2 times\)"):
            fetcher(timeout=0.5, backoff=(0.01,)).get(site.base_url + PAGE)
        took = time.monotonic() - started
    assert len(site.requests_for(PAGE)) == 2
    assert 2 * 0.5 <= took < 2 * 0.5 + 1.0  # each try ends at its deadline, give or take


@dataclass
class RecordingClock:
    """A HostClock that notes each turn taken and each hold-off longer than the interval."""

    interval: float = 0.2
    clock: HostClock = field(default_factory=HostClock)
    turns: list[str] = field(default_factory=list)
    holds: list[tuple[str, float]] = field(default_factory=list)

    def wait_turn(self, host: str, interval: float, *, longest: float = math.inf) -> None:
        self.turns.append(host)
        self.clock.wait_turn(host, interval, longest=longest)

    def hold_off(self, host: str, seconds: float) -> None:
        if seconds > self.interval:
            self.holds.append((host, seconds))
        self.clock.hold_off(host, seconds)


def recorded(**overrides) -> tuple[PoliteFetcher, RecordingClock]:
    clock = RecordingClock(interval=overrides.get("interval", 0.2))
    return PoliteFetcher(polite(**overrides), clock=clock), clock


def moved(to: str, status: int = 302) -> Answer:
    return Answer("", status=status, headers=(("Location", to),))


def test_a_redirect_to_another_host_asks_its_robots_txt_and_waits_its_turn() -> None:
    with fake_site() as council, fake_site() as other:
        council.serve(PAGE, moved(other.base_url + "/moved"))
        other.serve("/robots.txt", Answer("User-agent: *\nDisallow: /private/\n"))
        other.serve("/moved", "here")
        client, clock = recorded(interval=0.05)
        got = client.get(council.base_url + PAGE)
    here, there = council.base_url[7:], other.base_url[7:]
    assert (got.url, got.final_url, got.body) == (
        council.base_url + PAGE,
        other.base_url + "/moved",
        b"here",
    )
    assert got.redirected_elsewhere
    # robots.txt and the page on the council's host, then robots.txt and the target on the other's
    assert clock.turns == [here, here, there, there]
    assert len(other.requests_for("/robots.txt")) == 1


def test_a_redirect_where_robots_txt_forbids_is_not_followed() -> None:
    with fake_site() as council, fake_site() as other:
        council.serve(PAGE, moved(other.base_url + "/private/x"))
        other.serve("/robots.txt", Answer("User-agent: *\nDisallow: /private/\n"))
        with pytest.raises(
            FetchError, match=r"ID=1: robots.txt asks robots not to fetch it \(at http"
        ):
            fetcher().get(council.base_url + PAGE)
        assert other.requests_for("/private/x") == []


def test_five_redirects_are_followed_and_a_sixth_is_not() -> None:
    with fake_site() as site:
        for n in range(6):
            site.serve(f"/five{n}", moved(f"/five{n + 1}", status=(301, 302, 303, 307, 308)[n % 5]))
            site.serve(f"/six{n}", moved(f"/six{n + 1}"))
        site.serve("/five5", "arrived")
        site.serve("/six6", "never")
        client, clock = recorded(interval=0.01)
        assert client.get(site.base_url + "/five0").body == b"arrived"
        assert len(clock.turns) == 1 + 6  # robots.txt, then each of the six a turn of its own
        with pytest.raises(FetchError, match=r"/six0: it redirects more than 5 times"):
            client.get(site.base_url + "/six0")
        assert site.requests_for("/six6") == []


def test_a_redirect_loop_is_reported() -> None:
    with fake_site() as site:
        site.serve("/a", moved("/b"))
        site.serve("/b", moved("/a#again"))
        with pytest.raises(
            FetchError, match=r"/a: it redirects in a loop \(back to http.*/a#again\)"
        ):
            fetcher().get(site.base_url + "/a")
        assert (len(site.requests_for("/a")), len(site.requests_for("/b"))) == (1, 1)


@pytest.mark.parametrize(
    ("location", "problem"),
    [
        (
            "ftp://127.0.0.1/x",
            r"it redirects to ftp://127.0.0.1/x, which is not an http\(s\) address",
        ),
        ("", r"the server answered 302 with no Location to go to"),
        ("http://[bad/x", r"it redirects to 'http://\[bad/x', which is not an address"),
    ],
)
def test_a_redirect_that_goes_nowhere_fetchable_is_reported(location: str, problem: str) -> None:
    with fake_site() as site:
        site.serve(PAGE, moved(location))
        with pytest.raises(FetchError, match=problem):
            fetcher().get(site.base_url + PAGE)


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_a_robots_txt_answered_4xx_allows_everything(status: int) -> None:
    """RFC 9309 2.3.1.3: 4xx, 401 and 403 included (as Google reads them), is no rules."""
    with fake_site() as site:
        site.serve("/robots.txt", Answer("no", status=status))
        site.serve(PAGE, "ok")
        assert fetcher().get(site.base_url + PAGE).body == b"ok"
        assert len(site.requests_for("/robots.txt")) == 1


@pytest.mark.parametrize(
    ("robots", "problem"),
    [
        (Answer("down", status=503), r"the server answered 503 \(2 times\)"),
        (Answer("busy", status=429, headers=(("Retry-After", "0"),)), r"answered 429 \(2 times\)"),
        (Answer("late", delay=1.0), r"timed out after 0.3 s \(2 times\)"),
    ],
)
def test_a_robots_txt_that_cannot_be_had_makes_the_host_unavailable(
    robots: Answer, problem: str
) -> None:
    """RFC 9309 2.3.1.4: an unreachable robots.txt means nothing may be fetched; it is
    asked for once a fetcher (and retried as any request), not again for each page."""
    with fake_site() as site:
        site.serve("/robots.txt", robots)
        site.serve(PAGE, "ok")
        client = fetcher(timeout=0.3, backoff=(0.01,))
        for _ in range(2):
            with pytest.raises(
                HostUnavailable,
                match=rf"ID=1: robots.txt of 127.0.0.1:\d+ could not be had \(.*{problem}",
            ):
                client.get(site.base_url + PAGE)
        assert len(site.requests_for("/robots.txt")) == 2  # the first try and one retry
        assert site.requests_for(PAGE) == []


def test_a_host_that_cannot_be_reached_is_unavailable() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(
        HostUnavailable, match=r"robots.txt of 127.0.0.1:\d+ could not be had \(could not connect"
    ):
        fetcher().get(f"http://127.0.0.1:{port}/ieDecisionDetails.aspx?ID=1")


def test_a_robots_txt_that_redirects_is_followed() -> None:
    with fake_site() as site:
        site.serve("/robots.txt", moved("/real-robots.txt", status=301))
        site.serve("/real-robots.txt", Answer("User-agent: *\nDisallow: /private/\n"))
        with pytest.raises(FetchError, match="robots.txt asks robots not to fetch it"):
            fetcher().get(site.base_url + "/private/x")


def test_a_retry_after_too_long_to_wait_holds_the_host_off_and_makes_it_unavailable() -> None:
    with fake_site() as site:
        site.serve(PAGE, Answer("", status=429, headers=(("Retry-After", "3600"),)))
        client, clock = recorded()
        with pytest.raises(
            HostUnavailable,
            match=r"ID=1: the server asks to wait 3600 s \(Retry-After\); nothing more is asked "
            r"of 127.0.0.1:\d+ until then",
        ) as error:
            client.get(site.base_url + PAGE)
        assert len(site.requests_for(PAGE)) == 1
    assert error.value.status == 429
    assert clock.holds == [(site.base_url[7:], 3600.0)]


def test_a_host_held_off_for_long_is_unavailable_to_every_fetcher_on_its_clock() -> None:
    with fake_site() as site:
        site.serve(PAGE, Answer("", status=429, headers=(("Retry-After", "3600"),)))
        site.serve("/mgIssueHistoryHome.aspx?IId=2", Answer("<div id=modgov></div>"))
        first, clock = recorded()
        with pytest.raises(HostUnavailable):
            first.get(site.base_url + PAGE)
        # Another council's fetcher on the same host and clock: it does not sleep an hour
        # (past its lease) but stops at once, asking nothing.
        second = PoliteFetcher(polite(), clock=clock)
        started = time.monotonic()
        with pytest.raises(
            HostUnavailable, match=r"IId=2: 127.0.0.1:\d+ asked to be left alone for 3\d\d\d s more"
        ):
            second.get(site.base_url + "/mgIssueHistoryHome.aspx?IId=2")
        assert time.monotonic() - started < 5
        assert site.requests_for("/mgIssueHistoryHome.aspx?IId=2") == []


def test_the_clock_will_not_wait_longer_than_asked() -> None:
    fake_time = FakeTime(100.0)
    slept = fake_time.slept
    clock = HostClock(now=fake_time.now, sleep=fake_time.sleep)
    clock.hold_off("a.gov.uk", 700.0)
    with pytest.raises(HostHeldOff) as held:
        clock.wait_turn("a.gov.uk", 1.0, longest=600.0)
    assert held.value.seconds == 700.0
    assert slept == []
    fake_time.at += 200.0  # 500 s to go, and nothing was booked by the refusal
    clock.wait_turn("a.gov.uk", 1.0, longest=600.0)
    assert slept == [500.0]


def test_a_retry_after_on_the_last_try_still_holds_the_host_off() -> None:
    with fake_site() as site:
        site.serve(PAGE, Answer("", status=503, headers=(("Retry-After", "30"),)))
        client, clock = recorded(backoff=())
        with pytest.raises(FetchError, match=r"answered 503 \(once\)") as error:
            client.get(site.base_url + PAGE)
    assert type(error.value) is FetchError
    assert clock.holds == [(site.base_url[7:], 30.0)]


def test_an_address_that_cannot_be_read_is_a_fetch_error() -> None:
    with pytest.raises(
        FetchError, match=r"http://\[bad/x: it is not an address that can be fetched"
    ):
        fetcher().get("http://[bad/x")


def test_a_redirects_body_is_not_read() -> None:
    """requests would read a 3xx's body whole, past the deadline and the size limit."""
    with fake_site() as site:
        site.serve(
            PAGE, Answer("x" * 100, status=302, headers=(("Location", "/ok"),), trickle=0.05)
        )
        site.serve("/ok", "ok")
        started = time.monotonic()
        got = fetcher(interval=0.01, timeout=2.0).get(site.base_url + PAGE)
    assert got.body == b"ok"
    assert time.monotonic() - started < 1.5  # not the 5 s the body takes to trickle in
