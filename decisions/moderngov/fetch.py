"""The polite fetcher: every request a harvest makes to a council's site goes through it.

A council's server is shared by the public, so:
- at most one request per `interval` seconds to a host, however many councils share it and
  however many fetchers run (they share a Clock: HostClock in a process, the database's
  across processes), counted from each request's turn and again from its answer;
- 429 and 5xx answers are retried after the Retry-After the server gives, or after a
  growing backoff (5, 10, 20 s), and then reported; a Retry-After holds the host off on the
  clock, and one longer than MAX_RETRY_AFTER makes the host unavailable (below);
- every request has a User-Agent naming the archive and a contact address, and a timeout
  for the whole request (connect, headers and body: the body is read against a deadline,
  so a server trickling bytes cannot hold it open);
- redirects (at most MAX_REDIRECTS, http and https only, no loops) are followed one by one,
  each a request of its own: its host's robots.txt asked, its turn taken on its host's clock;
- robots.txt is honoured, as RFC 9309 reads it: fetched once a host and fetcher, through the
  same limits; a 4xx (401 and 403 included) means no rules, while a 5xx, a timeout or no
  connection means nothing on that host may be fetched;
- a body over the size limit, cut short of its Content-Length, or undecodable, is refused.

Every fault is a FetchError naming the URL and the problem, so a harvest reports it and goes
on; nothing else leaves PoliteFetcher.get. Its subclass HostUnavailable says that nothing more
should be asked of the host for now (a long Retry-After, or robots.txt unreachable): the
harvest stops there, to resume next run. The HTTP client is requests (one Session a fetcher:
connections kept alive per host); the body is streamed so the size limit holds without
reading past it. No Django here: the clock shared across processes (DatabaseHostClock in
decisions/moderngov/claims.py) is passed in.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from urllib3.exceptions import DecodeError, IncompleteRead, ProtocolError, ReadTimeoutError
from urllib3.exceptions import HTTPError as Urllib3Error

from decisions.parsing.moderngov import is_digits

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 600.0  # seconds: a server asking for longer is held off, not waited on
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5


class FetchError(Exception):
    """A page or document could not be fetched; the message names the URL and the problem."""

    def __init__(self, url: str, problem: str, *, status: int | None = None) -> None:
        self.url = url
        self.problem = problem
        self.status = status
        super().__init__(f"{url}: {problem}")


class HostUnavailable(FetchError):
    """Nothing should be asked of `host` for now (it asked for a long wait, or its robots.txt
    cannot be had). When that is the council's own site, it is no fault of one URL to go on
    from: the harvest of the council stops there, to resume on the next run. `host` is the
    one that is unavailable: the URL's, or that of a host it redirects to."""

    def __init__(
        self, url: str, problem: str, *, status: int | None = None, host: str = ""
    ) -> None:
        super().__init__(url, problem, status=status)
        self.host = host or host_of(url)


class _RedirectFault(FetchError):
    """A redirect that is not followed: a loop, too many, or to an address not http(s)."""


@dataclass(frozen=True)
class Politeness:
    """How a fetcher behaves towards a council's server."""

    user_agent: str  # names the archive and a contact address
    interval: float = 1.0  # seconds between requests to one host
    timeout: float = 30.0  # seconds for each request as a whole: connect, headers and body
    backoff: tuple[float, ...] = (5.0, 10.0, 20.0)  # waits before each retry
    max_bytes: int = 20 * 1024 * 1024  # the largest body accepted


@dataclass(frozen=True)
class Fetched:
    """What a server answered: kept whole, so any field can be traced to what it published."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    fetched_at: datetime

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def redirected_elsewhere(self) -> bool:
        """True when the server sent another page than the one asked for (some councils
        redirect every page they cannot serve to an error page)."""
        asked, got = urlsplit(self.url), urlsplit(self.final_url)
        return (asked.netloc.lower(), asked.path.lower()) != (got.netloc.lower(), got.path.lower())


class HostHeldOff(Exception):
    """A clock's answer when a host's next turn is further off than the caller will wait."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(seconds)


class Clock(Protocol):
    """Books turns at a host: the process's HostClock, or the database's
    (DatabaseHostClock in claims.py). `wait_turn` raises HostHeldOff, booking nothing, when
    the turn is more than `longest` seconds away (a host that asked to be left alone)."""

    def wait_turn(self, host: str, interval: float, *, longest: float = math.inf) -> None: ...

    def hold_off(self, host: str, seconds: float) -> None: ...


class HostClock:
    """When each host may next be asked: one clock for the process, shared by every fetcher,
    so councils on one host (several installs are shared) take turns."""

    def __init__(
        self,
        *,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._now, self._sleep = now, sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait_turn(self, host: str, interval: float, *, longest: float = math.inf) -> None:
        """Block until `host` may be asked again, and book the next turn."""
        with self._lock:
            now = self._now()
            start = max(now, self._next.get(host, now))
            if start - now > longest:
                raise HostHeldOff(start - now)
            self._next[host] = start + interval
        if start > now:
            self._sleep(start - now)

    def hold_off(self, host: str, seconds: float) -> None:
        """Ask nothing of `host` for `seconds` (a Retry-After applies to every request)."""
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), self._now() + seconds)


PROCESS_CLOCK = HostClock()


@dataclass
class PoliteFetcher:
    politeness: Politeness
    clock: Clock = PROCESS_CLOCK
    now: Callable[[], float] = time.monotonic
    _robots: dict[str, urllib.robotparser.RobotFileParser | _Unreachable | None] = field(
        default_factory=dict
    )
    _session: requests.Session = field(default_factory=lambda: _NoRedirectSession())

    def get(self, url: str) -> Fetched:
        """Fetch a URL politely, following its redirects; a FetchError says why it could not
        be, and a HostUnavailable that nothing more should be asked of its host for now."""
        try:
            host_of(url)
        except ValueError:
            raise FetchError(url, "it is not an address that can be fetched") from None
        return self._follow(url, obey_robots=True)

    def _follow(self, url: str, *, obey_robots: bool) -> Fetched:
        """Each redirect is a request of its own: robots.txt is asked for its host, and it
        waits its turn on that host's clock."""
        current, visited = url, {_without_fragment(url)}
        for _ in range(MAX_REDIRECTS + 1):
            try:
                answer = self._get_one(current, obey_robots=obey_robots)
            except FetchError as error:
                if current == url:
                    raise
                problem = f"{error.problem} (at {current}, where it redirects)"
                if isinstance(error, HostUnavailable):
                    raise HostUnavailable(
                        url, problem, status=error.status, host=error.host
                    ) from None
                raise type(error)(url, problem, status=error.status) from None
            if isinstance(answer, Fetched):
                return replace(answer, url=url)
            try:
                target = urljoin(current, answer.location)
                scheme = urlsplit(target).scheme.lower()
            except ValueError:
                problem = f"it redirects to {answer.location!r}, which is not an address"
                raise _RedirectFault(url, problem) from None
            if scheme not in ("http", "https"):
                problem = f"it redirects to {target}, which is not an http(s) address"
                raise _RedirectFault(url, problem)
            if _without_fragment(target) in visited:
                raise _RedirectFault(url, f"it redirects in a loop (back to {target})")
            visited.add(_without_fragment(target))
            current = target
        raise _RedirectFault(url, f"it redirects more than {MAX_REDIRECTS} times")

    def _get_one(self, url: str, *, obey_robots: bool) -> Fetched | _Redirect:
        host = host_of(url)
        if obey_robots and not self._allowed(url, host):
            raise FetchError(url, "robots.txt asks robots not to fetch it")
        waits = list(self.politeness.backoff)
        tries = 0
        while True:
            tries += 1
            try:
                return self._request(url, host)
            except _Retry as retry:
                if retry.after is not None and retry.after > MAX_RETRY_AFTER:
                    # The server asks every client to stay away that long: so does this
                    # fetcher, and every other on the clock, and the harvest stops.
                    self.clock.hold_off(host, retry.after)
                    problem = (
                        f"the server asks to wait {retry.after:.0f} s (Retry-After); "
                        f"nothing more is asked of {host} until then"
                    )
                    raise HostUnavailable(url, problem, status=retry.status, host=host) from None
                if retry.after is not None:
                    self.clock.hold_off(host, retry.after)
                if not waits:
                    problem = retry.problem(tries, self.politeness)
                    raise FetchError(url, problem, status=retry.status) from None
                wait = waits.pop(0)
                if retry.after is None:
                    self.clock.hold_off(host, wait)

    def _request(self, url: str, host: str) -> Fetched | _Redirect:
        try:
            self.clock.wait_turn(host, self.politeness.interval, longest=MAX_RETRY_AFTER)
        except HostHeldOff as held:
            # An earlier answer (to this fetcher or another on the clock: another council
            # on the host) asked for longer than a harvest waits: this one stops too.
            problem = (
                f"{host} asked to be left alone for {held.seconds:.0f} s more (Retry-After); "
                "nothing is asked of it until then"
            )
            raise HostUnavailable(url, problem, host=host) from None
        try:
            return self._send(url)
        finally:
            # The interval runs from the turn and again from the answer: a request that
            # left late, or took long, still leaves the server a whole interval after it.
            self.clock.hold_off(host, self.politeness.interval)

    def _send(self, url: str) -> Fetched | _Redirect:
        headers = {"User-Agent": self.politeness.user_agent}
        # requests' timeout bounds each socket read, so a server trickling a byte at a time
        # would hold a request open for ever: the whole request has a deadline as well.
        deadline = self.now() + self.politeness.timeout
        try:
            response = self._session.get(
                url,
                headers=headers,
                timeout=self.politeness.timeout,
                stream=True,
                allow_redirects=False,
            )
        except requests.Timeout:
            raise _Retry(None, None) from None
        except requests.RequestException as error:
            raise FetchError(url, f"could not connect ({_reason(error)})") from None
        with response:
            if response.status_code in RETRIED_STATUSES:
                raise _Retry(
                    response.status_code, _retry_after(response.headers.get("Retry-After"))
                )
            location = response.headers.get("Location", "")
            if response.status_code in REDIRECT_STATUSES and location:
                return _Redirect(location)
            if response.status_code >= 300:
                problem = f"the server answered {response.status_code}"
                if response.status_code in REDIRECT_STATUSES:
                    problem += " with no Location to go to"
                raise FetchError(url, problem, status=response.status_code)
            return self._read(url, response, deadline)

    def _read(self, url: str, response: requests.Response, deadline: float) -> Fetched:
        limit = self.politeness.max_bytes
        declared = response.headers.get("Content-Length", "")
        if is_digits(declared) and int(declared) > limit:
            raise FetchError(url, f"it is {int(declared):,} bytes; the limit is {limit:,}")
        body = bytearray()
        try:
            while chunk := self._read_some(response, deadline):
                body.extend(chunk)
                if len(body) > limit:
                    raise FetchError(url, f"it is over the limit of {limit:,} bytes")
        except requests.Timeout:
            raise _Retry(None, None) from None
        except DecodeError:
            # requests does not wrap what urllib3 raises from response.raw: caught here.
            encoding = response.headers.get("Content-Encoding", "")
            problem = f"the body could not be decoded (Content-Encoding: {encoding})"
            raise FetchError(url, problem) from None
        except (requests.RequestException, Urllib3Error, OSError) as error:
            if _timed_out(error):
                raise _Retry(None, None) from None
            got = max(response.raw.tell(), _bytes_read(error))
            raise FetchError(
                url, f"the body was cut short ({got:,} of {declared or '?'} bytes)"
            ) from None
        # Content-Length counts the bytes sent, which a Content-Encoding makes differ from
        # the body decoded.
        sent = response.raw.tell()
        if is_digits(declared) and sent < int(declared):
            raise FetchError(url, f"the body was cut short ({sent:,} of {declared} bytes)")
        return Fetched(
            url=url,
            final_url=response.url,
            status=response.status_code,
            content_type=response.headers.get("Content-Type", ""),
            body=bytes(body),
            fetched_at=datetime.now(UTC),
        )

    def _read_some(self, response: requests.Response, deadline: float) -> bytes:
        """What the next socket read brings (read1: one read, not a wait for 64 KiB), that
        read bounded by the time left to the deadline."""
        left = deadline - self.now()
        if left <= 0:
            raise _Retry(None, None)
        sock = getattr(getattr(response.raw, "connection", None), "sock", None)
        if sock is not None:
            sock.settimeout(min(left, self.politeness.timeout))
        return response.raw.read1(64 * 1024, decode_content=True)

    def _allowed(self, url: str, host: str) -> bool:
        if host not in self._robots:
            self._robots[host] = self._load_robots(url)
        robots = self._robots[host]
        if isinstance(robots, _Unreachable):
            problem = (
                f"robots.txt of {host} could not be had ({robots.problem}), so nothing there "
                "is fetched until it can be"
            )
            raise HostUnavailable(url, problem, host=host)
        return robots is None or robots.can_fetch(self.politeness.user_agent, url)

    def _load_robots(self, url: str) -> urllib.robotparser.RobotFileParser | _Unreachable | None:
        """The host's robots.txt, None when it has none, as RFC 9309 (2.3.1) reads its
        absence: a 4xx answer (401 and 403 included, as Google reads them too) or a
        redirect that is not followed means no restrictions; a 5xx or a 429 (after the
        retries), a timeout or no connection means the host is unreachable, and nothing
        may be fetched from it."""
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        try:
            fetched = self._follow(robots_url, obey_robots=False)
        except _RedirectFault:
            return None
        except HostUnavailable as held:
            # Held off (a Retry-After too long to wait): nothing is known of robots.txt
            # yet, so nothing is kept, and the page asked for is what is unavailable.
            raise HostUnavailable(url, held.problem, host=held.host) from None
        except FetchError as error:
            if error.status is not None and 400 <= error.status < 500 and error.status != 429:
                return None
            return _Unreachable(error.problem)
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
        return parser


@dataclass(frozen=True)
class _Unreachable:
    """Why a host's robots.txt could not be had."""

    problem: str


class _NoRedirectSession(requests.Session):
    """A Session that leaves redirects to the fetcher. Even with allow_redirects=False,
    requests works out the next request of a 3xx, reading its body whole (past the size
    limit and the deadline) and raising ValueError on a Location it cannot parse."""

    def get_redirect_target(self, resp: requests.Response) -> str | None:
        return None


@dataclass(frozen=True)
class _Redirect:
    """A 3xx answer's Location, to be followed as a request of its own."""

    location: str


class _Retry(Exception):
    """An answer worth asking again for: 429, a 5xx, or a timeout (status None)."""

    def __init__(self, status: int | None, after: float | None) -> None:
        self.status = status
        self.after = after
        super().__init__(status)

    def problem(self, tries: int, politeness: Politeness) -> str:
        times = "once" if tries == 1 else f"{tries} times"
        if self.status is None:
            return f"timed out after {politeness.timeout:g} s ({times})"
        return f"the server answered {self.status} ({times})"


def _timed_out(error: Exception) -> bool:
    """Whether a read failed by timing out (requests wraps urllib3's ReadTimeoutError)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (ReadTimeoutError, TimeoutError, requests.Timeout)):
            return True
        inner = current.args[0] if current.args else None
        current = inner if isinstance(inner, BaseException) else current.__context__
    return False


def _bytes_read(error: Exception) -> int:
    """How much of a cut-short body had arrived (urllib3's IncompleteRead counts it)."""
    current: BaseException | None = error
    for _ in range(6):
        if current is None:
            break
        if isinstance(current, IncompleteRead) and isinstance(current.partial, int):
            return current.partial
        inner = current.args[0] if current.args else None
        current = inner if isinstance(inner, BaseException) else current.__context__
    return 0


def _reason(error: requests.RequestException) -> str:
    inner = error.args[0] if error.args else error
    if isinstance(inner, ProtocolError) and inner.args:
        return str(inner.args[0])
    return str(getattr(inner, "reason", inner))


def _without_fragment(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(fragment=""))


_DEFAULT_PORTS = {"http": 80, "https": 443}


def host_of(url: str) -> str:
    """The host a URL asks, as the clock and robots.txt know it: lower case, without a
    trailing dot, a user name or the scheme's own port ("A.gov.uk.:443" over https is
    "a.gov.uk"); another port is kept ("a.gov.uk:8080"). ValueError for a bad port."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"  # IPv6
    port = parts.port
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    return host


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds: it is either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if is_digits(value):
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
