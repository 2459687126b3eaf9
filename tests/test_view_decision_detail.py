"""The decision page: /decisions/<reference>/."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from decisions.corrections import record_decision_corrections
from decisions.models import Clause, Correction, Decision
from decisions.timelines.models import DecisionLink, Timeline, TimelineMembership
from tests.factories import make_councillor, make_decision
from tests.fixtures_archive import SAMPLES, seeds_fixture  # noqa: F401 - `seeds`

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_shows_a_seed_decision_with_every_field(client, seeds) -> None:
    response = client.get("/herefordshire/decisions/I50043387/")
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    assert (
        "<title>Ofsted Improvement Action Plan – Herefordshire Council – "
        "Cabinet decisions archive</title>" in html
    )
    assert "Key decision · I50043387" in text
    for label, value in [
        ("Date of decision", "15 December 2022"),
        ("Decision maker", "Cabinet"),
        ("Key decision", "Yes"),
        ("Report exemption class", "Open"),
        ("General exception or special urgency", "No"),
        ("Call-in expiry date", "21 December 2022"),
        ("Role", "Cabinet member children and families"),
        ("Date signed", "15 December 2022"),
    ]:
        assert f"{label} {value}" in text
    assert "Reason for being a key decision This is a key decision because" in text
    assert "Purpose The purpose of this report is to present cabinet" in text
    assert "Alternative options considered 1. To not submit the plan" in text


def test_it_lists_clauses_with_anchors_and_links(client, seeds) -> None:
    html = client.get("/herefordshire/decisions/I50043387/").content.decode()
    assert html.count('class="clause" id="clause-') == 3
    for label in "abc":
        assert f'<li class="clause" id="clause-{label}">' in html
        link = f'<a class="clause__link" href="#clause-{label}">Link'
        assert f'{link}<span class="visually-hidden"> to clause {label}</span></a>' in html
    assert html.index('id="clause-a"') < html.index('id="clause-b"') < html.index('id="clause-c"')


def test_it_nests_sub_clauses_with_their_own_anchors(client) -> None:
    decision = make_decision(reference="I60000201", clauses=("First.", "Second."))
    parent = decision.clauses.get(label="b")
    Clause.objects.create(decision=decision, position=5, label="i", text="Sub one.", parent=parent)
    Clause.objects.create(decision=decision, position=6, label="i", text="Top i.")
    html = client.get("/herefordshire/decisions/I60000201/").content.decode()
    assert 'id="clause-b-i"' in html
    assert 'id="clause-i"' in html
    nested = html[html.index('id="clause-b"') : html.index('id="clause-i"')]
    assert '<ol class="clauses clauses--nested">' in nested
    assert "Sub one." in nested


def test_it_links_the_signatory_and_shows_their_role(client) -> None:
    lester = make_councillor("Jonathan Lester")
    make_decision(
        reference="I60000202",
        signatory=lester,
        signatory_name="JG Lester",
        signatory_role="Leader of the Council",
    )
    html = client.get("/herefordshire/decisions/I60000202/").content.decode()
    assert '<a href="/councillors/jonathan-lester/">Councillor Jonathan Lester</a>' in html
    assert "printed as “JG Lester”" in html
    assert "Leader of the Council" in html


def test_it_says_call_in_is_open_until_the_expiry_date(client) -> None:
    expiry = timezone.localdate() + timedelta(days=3)
    make_decision(reference="I60000203", call_in_expiry=expiry)
    text = text_of(client.get("/herefordshire/decisions/I60000203/").content.decode())
    assert f"Open for call-in until {expiry.day} {expiry:%B %Y}" in text


def test_it_says_call_in_is_open_on_the_expiry_day(client) -> None:
    make_decision(reference="I60000204", call_in_expiry=timezone.localdate())
    assert (
        "Open for call-in until"
        in client.get("/herefordshire/decisions/I60000204/").content.decode()
    )


def test_it_says_the_call_in_period_ended(client, seeds) -> None:
    text = text_of(client.get("/herefordshire/decisions/I50043387/").content.decode())
    assert "Call-in period ended 21 December 2022" in text


def test_it_links_to_the_councils_page(client, seeds) -> None:
    html = client.get("/herefordshire/decisions/I50043387/").content.decode()
    assert (
        '<a href="http://councillors.herefordshire.gov.uk/mgIssueHistoryHome.aspx?IId=50043387" '
        'rel="external noopener noreferrer">See this decision on the council\'s website</a>'
    ) in html


def test_it_shows_the_original_notice_escaped_with_its_hash(client, seeds) -> None:
    decision = seeds["000"]
    html = client.get("/herefordshire/decisions/I50043387/").content.decode()
    source = SAMPLES / decision.source_file.rsplit("/", 1)[-1]
    assert decision.source_sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert f'<code class="hash">{decision.source_sha256}</code>' in html
    assert '<summary class="details__summary">View the original notice</summary>' in html
    pre = html[html.index('<pre class="notice-text">') : html.index("</pre>")]
    # The notice carries HTML of its own (<ol style=...>); it is shown, never interpreted.
    assert "&lt;ol style=&quot;list-style-type: none&quot;&gt;" in pre
    assert "<ol" not in pre


def test_it_shows_the_correction_history(client, django_user_model) -> None:
    decision = make_decision(reference="I60000205", reason="As set out.")
    before = Decision.objects.get(pk=decision.pk)
    decision.reason = "To meet the statutory direction."
    decision.save()
    editor = django_user_model.objects.create_user("editor")
    record_decision_corrections(
        decision=decision,
        before=before,
        fields=["reason"],
        user=editor,
        reason="The notice left the reason out.",
    )
    Correction.objects.create(decision=decision, clause_key="a", field="text", old_value="x")
    html = client.get("/herefordshire/decisions/I60000205/").content.decode()
    text = text_of(html)
    assert "Correction history" in text
    assert "Reason for the decision" in text
    assert "Reason: The notice left the reason out." in text
    assert "Clause a: text" in text
    assert "Reason: No reason was recorded" in text  # a correction from before reasons
    assert "editor" not in text  # staff names are not published


def test_it_shows_a_correction_as_a_word_diff(client) -> None:
    decision = make_decision(reference="I60000207")
    Correction.objects.create(
        decision=decision,
        clause_key="b",
        field="text",
        old_value="Cabinet approve the plan.",
        new_value="Cabinet endorse the plan.",
        reason="Typo",
    )
    html = client.get("/herefordshire/decisions/I60000207/").content.decode()
    diff = html[html.index('<p class="diff">') :]
    diff = diff[: diff.index("</p>")]
    assert (
        'Cabinet <del class="diff__removed"><span class="visually-hidden">[removed: </span>'
        'approve<span class="visually-hidden">]</span></del>'
        '<ins class="diff__added"><span class="visually-hidden">[added: </span>'
        'endorse<span class="visually-hidden">]</span></ins> the plan.'
    ) in diff


def test_it_escapes_the_text_of_a_correction(client) -> None:
    decision = make_decision(reference="I60000208")
    Correction.objects.create(
        decision=decision,
        field="title",
        old_value="Plain title",
        new_value="<script>alert(1)</script>",
        reason="<i>why</i>",
    )
    html = client.get("/herefordshire/decisions/I60000208/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;i&gt;why&lt;/i&gt;" in html


def test_it_has_no_correction_history_when_nothing_was_corrected(client) -> None:
    make_decision(reference="I60000206")
    assert (
        "Correction history"
        not in client.get("/herefordshire/decisions/I60000206/").content.decode()
    )


def test_it_says_the_seed_record_is_complete(client, seeds) -> None:
    text = text_of(client.get("/herefordshire/decisions/I50042913/").content.decode())
    assert "Nothing the regulations require is missing from this notice." in text
    assert "Conflicts of interest declared None recorded" in text
    assert "Dispensations granted Not needed" in text


def test_it_names_what_is_missing(client) -> None:
    make_decision(reference="I60000207", reason="", options_considered=" ")
    text = text_of(client.get("/herefordshire/decisions/I60000207/").content.decode())
    assert (
        "This notice is missing: the reasons for the decision; "
        "alternative options considered and rejected." in text
    )
    assert "The reasons for the decision Missing" in text


def test_it_asks_for_a_dispensation_when_a_conflict_is_declared(client) -> None:
    make_decision(reference="I60000208", declarations="Cllr Smith declared an interest.")
    text = text_of(client.get("/herefordshire/decisions/I60000208/").content.decode())
    assert "Conflicts of interest declared Recorded" in text
    assert "This notice is missing: dispensations granted." in text


def test_it_accepts_a_recorded_dispensation(client) -> None:
    make_decision(
        reference="I60000209",
        declarations="Cllr Smith declared an interest; a dispensation was granted.",
    )
    text = text_of(client.get("/herefordshire/decisions/I60000209/").content.decode())
    assert "Dispensations granted Recorded" in text
    assert "Nothing the regulations require is missing" in text


def test_it_gives_a_404_page_for_an_unknown_reference(client) -> None:
    response = client.get("/herefordshire/decisions/I99999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found – Cabinet decisions archive</title>" in html
    assert 'role="search"' in html


def test_it_redirects_a_reference_without_its_letter(client) -> None:
    make_decision(reference="I60000210")
    response = client.get("/decisions/60000210/")
    assert response.status_code == 301
    assert response["Location"] == "/herefordshire/decisions/I60000210/"
    assert client.get("/decisions/i60000210/")["Location"] == "/herefordshire/decisions/I60000210/"


@pytest.mark.parametrize("clauses", [1, 30])
def test_it_runs_five_queries(client, django_assert_num_queries, clauses: int) -> None:
    decision = make_decision(
        reference="I60000211",
        clauses=(),
        signatory=make_councillor(),
        decision_date=date(2024, 1, 1),
    )
    Clause.objects.bulk_create(
        Clause(decision=decision, position=n, label=str(n + 1), text=f"Clause number {n}.")
        for n in range(clauses)
    )
    Correction.objects.bulk_create(
        Correction(decision=decision, field="title", old_value=str(n)) for n in range(clauses)
    )
    timeline = Timeline.objects.get()
    TimelineMembership.objects.create(timeline=timeline, decision=decision)
    DecisionLink.objects.bulk_create(
        DecisionLink(
            timeline=timeline,
            earlier=make_decision(decision_date=date(2023, 1, 1)),
            later=decision,
        )
        for _ in range(clauses)
    )
    # the decision with its signatory, its clauses, its corrections, its timelines, its links,
    # its ModernGov record (none)
    with django_assert_num_queries(6):
        response = client.get("/herefordshire/decisions/I60000211/")
    html = response.content.decode()
    assert html.count('<li class="clause"') == clauses
    assert html.count("Follows up: ") == clauses


def test_it_says_at_the_top_when_and_what_was_corrected(client) -> None:
    decision = make_decision(reference="I70000221", clauses=("One.", "Two.", "Three."))
    first = Correction.objects.create(
        decision=decision, clause_key="c", field="text", old_value="3", new_value="Three."
    )
    Correction.objects.create(
        decision=decision, field="decision_date", old_value="2021-03-10", new_value="2024-03-14"
    )
    day = timezone.localdate(first.created_at)

    html = client.get("/herefordshire/decisions/I70000221/").content.decode()

    note = html[html.index('<div class="corrected-note"') :]
    note = text_of(note[: note.index("</div>")]).strip()
    assert note == (
        f"Corrected on {day.day} {day:%B %Y}: clause c, the decision date. See what changed"
    )
    assert html.index('class="corrected-note"') < html.index('id="decision"')


def test_it_marks_each_corrected_clause_and_field_with_a_link_to_its_diff(client) -> None:
    decision = make_decision(reference="I70000222", clauses=("One.", "Two."))
    clause = Correction.objects.create(
        decision=decision, clause_key="b", field="text", old_value="2.", new_value="Two."
    )
    purpose = Correction.objects.create(
        decision=decision, field="purpose", old_value="x", new_value="To consider the plan."
    )

    html = client.get("/herefordshire/decisions/I70000222/").content.decode()

    b = html[html.index('id="clause-b"') :]
    assert f'<a class="corrected-mark" href="#correction-{clause.pk}">Corrected' in b[:600]
    a = html[html.index('id="clause-a"') : html.index('id="clause-b"')]
    assert "corrected-mark" not in a
    row = html[html.index(">Purpose</dt>") :]
    assert f'href="#correction-{purpose.pk}">Corrected' in row[: row.index("</dd>")]
    assert f'<li class="correction" id="correction-{clause.pk}">' in html
    assert f'<li class="correction" id="correction-{purpose.pk}">' in html


def test_it_shows_a_corrected_date_as_whole_values_a_screen_reader_can_read(client) -> None:
    decision = make_decision(reference="I70000223")
    Correction.objects.create(
        decision=decision, field="call_in_expiry", old_value="2021-03-10", new_value="2026-12-09"
    )

    html = client.get("/herefordshire/decisions/I70000223/").content.decode()

    diff = html[html.index('<p class="diff diff--whole">') :]
    diff = diff[: diff.index("</p>")]
    assert text_of(diff).strip() == "Changed from 10 March 2021 → to 9 December 2026"
    assert '<del class="diff__removed">10 March 2021</del>' in diff
    assert '<ins class="diff__added">9 December 2026</ins>' in diff
    assert '<span aria-hidden="true">→</span>' in diff


def test_it_links_web_addresses_in_the_reasons_escaped(client) -> None:
    make_decision(
        reference="I70000224",
        reason="See https://www.example.gov.uk/report <b>now</b>.",
    )

    html = client.get("/herefordshire/decisions/I70000224/").content.decode()

    assert '<a href="https://www.example.gov.uk/report" rel="nofollow">' in html
    assert "&lt;b&gt;now&lt;/b&gt;" in html


def test_it_gives_a_long_notice_contents(client) -> None:
    make_decision(reference="I70000225", clauses=tuple(f"Clause {n}." for n in range(8)))
    make_decision(reference="I70000226", clauses=("Only one.",))

    long = client.get("/herefordshire/decisions/I70000225/").content.decode()
    short = client.get("/herefordshire/decisions/I70000226/").content.decode()

    assert '<h2 class="contents__heading" id="contents-heading">On this page</h2>' in long
    assert '<a href="#source">Source</a>' in long
    assert "On this page" not in short
