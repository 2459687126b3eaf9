"""A fake ModernGov site on 127.0.0.1 for the harvest tests: it serves given pages and
injects the faults real councils' servers show (429 with Retry-After, 503, slow answers,
bodies cut short, stalled or trickled, redirects to an error page), and logs every request
it was sent."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import BinaryIO


@dataclass(frozen=True)
class Answer:
    """One answer to a request: a status, a body, headers, and a fault to play."""

    body: bytes | str = b""
    status: int = 200
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    delay: float = 0.0  # seconds before answering (a slow server, or a timeout)
    cut_at: int | None = None  # send only this many bytes of the body, then close
    pause_at: int | None = None  # send this many bytes of the body, wait `pause`, then the rest
    pause: float = 0.0
    trickle: float = 0.0  # send the body a byte at a time, this many seconds apart


@dataclass(frozen=True)
class Logged:
    path: str
    user_agent: str
    at: float  # time.monotonic() when the request arrived


@dataclass
class FakeSite:
    """Pages by path (with query). A path given several answers plays them in turn and
    then keeps giving the last; a path given none is a 404."""

    pages: dict[str, list[Answer]] = field(default_factory=dict)
    log: list[Logged] = field(default_factory=list)
    base_url: str = ""

    def serve(self, path: str, *answers: Answer | str) -> None:
        self.pages[_same_escapes(path)] = [
            a if isinstance(a, Answer) else Answer(a) for a in answers
        ]

    def requests_for(self, path: str) -> list[Logged]:
        return [entry for entry in self.log if entry.path == _same_escapes(path)]

    def _answer(self, path: str) -> Answer:
        answers = self.pages.get(_same_escapes(path))
        if not answers:
            return Answer("<html><body>Not found</body></html>", status=404)
        return answers.pop(0) if len(answers) > 1 else answers[0]


def _send_body(out: BinaryIO, answer: Answer, body: bytes) -> None:
    if answer.cut_at is not None:
        body = body[: answer.cut_at]
    if answer.pause_at is not None:
        out.write(body[: answer.pause_at])
        out.flush()
        time.sleep(answer.pause)
        body = body[answer.pause_at :]
    if not answer.trickle:
        out.write(body)
        return
    for at in range(len(body)):
        out.write(body[at : at + 1])
        out.flush()
        time.sleep(answer.trickle)


def _same_escapes(path: str) -> str:
    """A path with its percent-escapes in upper case, as HTTP clients send them (%2f, %2F
    are one character to a server)."""
    return re.sub(r"%[0-9a-fA-F]{2}", lambda m: m.group(0).upper(), path)


@contextmanager
def fake_site() -> Iterator[FakeSite]:
    """A FakeSite listening on 127.0.0.1 on a free port, for the length of the block."""
    site = FakeSite()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            site.log.append(
                Logged(
                    _same_escapes(self.path), self.headers.get("User-Agent", ""), time.monotonic()
                )
            )
            answer = site._answer(self.path)
            if answer.delay:
                time.sleep(answer.delay)
            body = answer.body.encode() if isinstance(answer.body, str) else answer.body
            try:
                self.send_response(answer.status)
                for name, value in answer.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.flush()
                _send_body(self.wfile, answer, body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout): nothing to answer
            if answer.cut_at is not None:
                self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # the test reads site.log instead

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base_url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
