"""Imported text is data: a hostile notice renders as harmless text on every page.

The pages are parsed as a browser would, and the test fails if any element could run code:
a <script> without src, an on* handler attribute, a javascript: URL, or an inline style
(which the Content-Security-Policy forbids as well).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from decisions.importing.pipeline import SourceFile, import_sources
from decisions.models import Decision
from tests.factories import make_councillor, make_decision
from tests.fixtures_archive import SAMPLES

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss")</script>'
IMAGE = "<img src=x onerror=alert(1)>"
LINK = '<a href="javascript:alert(2)">click me</a>'
HOSTILE = f"{SCRIPT} {IMAGE} {LINK}"


class ActiveContentFinder(HTMLParser):
    """Collects anything in a page that could run code or apply inline styles."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.problems.append("inline <script>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} handler {name}")
            if name == "style":
                self.problems.append(f"{tag} inline style")
            url = (value or "").strip().lower() if name in ("href", "src", "action") else ""
            # data: URLs are fine for the favicon, never for a link or a script.
            dangerous = ("javascript:", "vbscript:") + (("data:",) if tag != "link" else ())
            if url.startswith(dangerous):
                self.problems.append(f"{tag} {name}={value}")


def active_content(html: str) -> list[str]:
    finder = ActiveContentFinder()
    finder.feed(html)
    return finder.problems


def hostile_notice() -> bytes:
    """Sample 002 with hostile markup in its title, purpose and decision."""
    text = (SAMPLES / "002_c2dc0a9885e8cadb.txt").read_text()
    text = text.replace("I50042913", "I59999999")
    text = text.replace(
        "Title\tInspection of Herefordshire Children's Services",
        f"Title\tInspection {SCRIPT} of services {IMAGE}",
    )
    text = text.replace("To present the recently published report", f"To present {LINK} the report")
    text = text.replace("a) Cabinet receive and note", f"a) Cabinet {IMAGE} receive and note")
    return text.encode()


def hostile_decision() -> Decision:
    return make_decision(
        reference="I59999998",
        title=f"Budget {SCRIPT}",
        decision_maker=f"Cabinet {IMAGE}",
        purpose=f"To consider the budget {HOSTILE}",
        reason=HOSTILE,
        declarations=HOSTILE,
        signatory_role=HOSTILE,
        signatory=make_councillor(f"Evil {SCRIPT}", slug="evil"),
        source_url="javascript:alert(3)",
        source_text=f"Written statement {HOSTILE}",
        clauses=(f"Cabinet approve the budget {HOSTILE}",),
    )


def test_it_imports_a_hostile_notice_and_shows_it_as_text(client) -> None:
    summary = import_sources([SourceFile("hostile.txt", hostile_notice())])
    assert summary.counts["created"] == 1, summary.failures
    html = client.get("/herefordshire/decisions/I59999999/").content.decode()
    assert active_content(html) == []
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in html  # shown, not run
    assert "onerror=alert(1)&gt;" in html


@pytest.mark.parametrize(
    "url",
    [
        "/herefordshire/decisions/I59999998/",
        "/decisions/",
        "/decisions/?q=budget",
        "/decisions/?q=alert",
        "/decisions/?q=%3Cscript%3E",
        "/decisions/?decision_maker=Cabinet+%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
        "/",
        "/councillors/",
        "/councillors/evil/",
    ],
)
def test_it_renders_hostile_fields_harmlessly(client, url: str) -> None:
    hostile_decision()
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert active_content(html) == []
    assert "<script>alert" not in html


def test_it_escapes_hostile_text_inside_search_snippets(client) -> None:
    hostile_decision()
    html = client.get("/decisions/?q=budget").content.decode()
    assert "<mark>" in html
    assert "&lt;script&gt;" in html


def test_it_never_links_a_source_url_that_is_not_http(client) -> None:
    hostile_decision()
    html = client.get("/herefordshire/decisions/I59999998/").content.decode()
    assert 'href="javascript:' not in html
    assert "See this decision on the council" not in html
    assert '<code class="url">javascript:alert(3)</code>' in html


def test_it_echoes_a_hostile_query_back_escaped(client) -> None:
    html = client.get("/decisions/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E").content.decode()
    assert active_content(html) == []
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_it_sends_a_content_security_policy_without_unsafe_inline(client) -> None:
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize("url", ["/", "/decisions/", "/about/", "/councillors/", "/nowhere/"])
def test_it_has_no_inline_scripts_or_styles_anywhere(client, url: str) -> None:
    make_decision()
    assert active_content(client.get(url).content.decode()) == []
