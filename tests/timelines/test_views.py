"""/timelines/ and /herefordshire/timelines/childrens-services-improvement/."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.management import call_command

from decisions.councils import first_council, save_council
from decisions.timelines.models import Timeline, TimelineEvent
from decisions.timelines.services import update_timelines
from tests.conftest import SAMPLES
from tests.factories import make_decision

pytestmark = pytest.mark.django_db

URL = "/herefordshire/timelines/childrens-services-improvement/"


@pytest.fixture
def seeds() -> None:
    call_command("import_notices", str(SAMPLES), stdout=io.StringIO())


def test_it_lists_timelines(client, seeds) -> None:
    response = client.get("/timelines/")
    assert response.status_code == 200
    assert b'href="/herefordshire/timelines/childrens-services-improvement/"' in response.content
    assert b"5 decisions" in response.content


def test_it_tells_the_story_in_date_order(client, seeds) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    title = "Children&#x27;s services improvement, Herefordshire Council"
    assert f"<title>{title} – Cabinet decisions archive</title>" in html
    decisions = re.findall(
        r'tag-decision">Decision</span> <a href="/herefordshire/decisions/(I\d+)/', html
    )
    assert decisions == ["I50027300", "I50042913", "I50043387", "I50052101", "I50053845"]
    years = re.findall(r'<h2 id="year-(\d{4})">', html)
    assert years == sorted(years)
    assert years[0] == "2018" and years[-1] == "2026"


def test_events_show_their_precision_and_link_to_their_clause(client, seeds) -> None:
    html = client.get(URL).content.decode()
    assert '<p class="timeline-date date-stated">July 2022</p>' in html
    assert '<p class="timeline-date date-stated">10–21 November 2025</p>' in html
    assert '<p class="timeline-date date-stated">4–22 June 2018</p>' in html
    assert 'href="/herefordshire/decisions/I50043387/#clause-c"' in html
    assert "no later than 20 December 2022" in html


def test_the_overview_has_a_text_alternative(client, seeds) -> None:
    html = client.get(URL).content.decode()
    assert 'role="group" aria-labelledby="overview-title overview-desc"' in html
    assert re.search(
        r'<desc id="overview-desc">A time line from 2018 to 2026 with 5 decisions', html
    )


def _overview(html: str) -> str:
    return html[html.index("<svg") : html.index("</svg>")]


def _shown_count(html: str) -> int:
    return int(re.search(r"<p>(\d+) points? on this timeline", html).group(1))


def test_every_point_in_the_overview_is_a_named_link(client, seeds) -> None:
    html = client.get(URL).content.decode()
    svg = _overview(html)
    names = re.findall(
        r'<a class="overview-mark" href="/herefordshire/decisions/I\d+/[^"]*" aria-label="([^"]+)"',
        svg,
    )
    assert len(names) == _shown_count(html) == 17
    assert "4–22 June 2018: Inspection: Ofsted inspection (ILACS)" in names
    assert (
        "After the inspection of July 2022 (known by 15 December 2022): Judgement: "
        "Ofsted judgement: inadequate"
    ) in names
    widths = [float(w) for w in re.findall(r'<rect class="mark [^"]*" [^>]*width="([\d.]+)"', svg)]
    assert widths and min(widths) >= 6
    assert '<text class="phase-label" x="760" y="22">Phase 3</text>' in svg


def test_an_undated_fact_is_written_as_known_by_a_date(client, seeds) -> None:
    html = client.get(URL).content.decode()
    assert '<p class="timeline-date date-inferred">by 29 September 2022</p>' in html
    assert '<p class="timeline-date date-inferred">by 17 July 2025</p>' in html
    assert (
        '<p class="timeline-date date-tied">After the inspection of July 2022 '
        "(known by 15 December 2022)</p>"
    ) in html
    judgement = re.search(r'<li class="timeline-item timeline-judgement">.*?</li>', html, re.S)
    assert "Also mentioned in:" in judgement.group(0)
    assert "Children and Young Persons&#x27; Improvement Plan - Phase 3" in judgement.group(0)


def test_nothing_appears_before_its_cause(client, seeds) -> None:
    html = client.get(URL).content.decode()
    points = re.findall(
        r'<li class="timeline-item timeline-(\w+)">\s*<p class="timeline-date[^"]*">([^<]*)</p>',
        html,
    )
    story = [kind for kind, _ in points]
    inspection = points.index(("inspection", "July 2022"))
    assert story[inspection : inspection + 4] == [
        "inspection",
        "judgement",
        "statutory_direction",
        "decision",
    ]
    assert points[inspection + 3][1] == "29 September 2022"
    assert story.count("judgement") == 1


def test_each_kind_count_is_the_number_of_points_it_selects(client, seeds) -> None:
    html = client.get(URL).content.decode()
    counts = {
        kind: int(n) for kind, n in re.findall(r'<label for="kind-(\w+)">[^<(]*\((\d+)\)', html)
    }
    total = _shown_count(html)
    assert total == html.count('<li class="timeline-item ') == 17
    assert sum(counts.values()) == total
    assert counts["judgement"] == 1
    for kind, count in counts.items():
        filtered = client.get(f"{URL}?kind={kind}").content.decode()
        assert filtered.count(f'<li class="timeline-item timeline-{kind}">') == count, kind
        assert filtered.count('<li class="timeline-item ') == count, kind
        if count:
            assert _shown_count(filtered) == count, kind


def test_it_filters_by_kind(client, seeds) -> None:
    html = client.get(URL + "?kind=inspection").content.decode()
    assert "tag-decision" not in re.sub(r"<svg.*</svg>", "", html, flags=re.S)
    assert html.count('class="timeline-item timeline-inspection"') == 3


def test_a_bad_kind_is_a_form_error_not_a_crash(client, seeds) -> None:
    response = client.get(URL + "?kind=%3Cscript%3E")
    assert response.status_code == 400
    assert b"Choose kinds from the list." in response.content


def test_an_unknown_timeline_is_a_404(client) -> None:
    assert client.get("/herefordshire/timelines/nothing-here/").status_code == 404


def test_a_hostile_sentence_is_escaped(client) -> None:
    decision = make_decision(
        title="Ofsted inspection of children's services <script>alert(1)</script>",
        purpose="Following the Ofsted inspection of children's services in July 2022 "
        "<img src=x onerror=alert(1)> and the improvement plan.",
    )
    update_timelines([decision.pk])
    html = client.get(URL).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def _make_members(count: int) -> None:
    for n in range(count):
        decision = make_decision(
            title=f"Children's services improvement plan update {n}",
            purpose="To note progress on the Ofsted improvement plan for children's services "
            "following the inspection in July 2022.",
            decision_date=date(2023, 1, 1 + n % 28),
        )
        update_timelines([decision.pk])


@pytest.mark.parametrize("count", [1, 30])
def test_query_count_is_constant(client, django_assert_num_queries, count: int) -> None:
    _make_members(count)
    assert TimelineEvent.objects.filter(kind="decision").count() == count
    with django_assert_num_queries(2):
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(2):  # the timelines, the councils to choose from
        assert client.get("/timelines/").status_code == 200
    assert Timeline.objects.count() == 1


def test_decision_pages_show_their_follow_ups_and_timeline(client, seeds) -> None:
    earlier = client.get("/herefordshire/decisions/I50042913/").content.decode()
    assert 'href="/herefordshire/timelines/childrens-services-improvement/"' in earlier
    assert (
        'Followed up by: <a href="/herefordshire/decisions/I50043387/">'
        "Ofsted Improvement Action Plan</a>" in (earlier)
    )
    later = client.get("/herefordshire/decisions/I50043387/").content.decode()
    assert 'Follows up: <a href="/herefordshire/decisions/I50042913/">' in later
    phase = client.get("/herefordshire/decisions/I50053845/").content.decode()
    assert 'Follows up: <a href="/herefordshire/decisions/I50052101/">' in phase


def test_a_visit_an_admin_added_is_visible_and_named_in_the_overview(client, seeds) -> None:
    TimelineEvent.objects.create(
        timeline=Timeline.objects.get(),
        date=date(2024, 2, 21),
        end_date=date(2024, 2, 22),
        kind="monitoring_visit",
        title="Ofsted monitoring visit",
        origin="admin",
    )
    svg = _overview(client.get(URL).content.decode())
    mark = re.search(
        r'<a class="overview-mark" href="#point-(\d+)" aria-label="21–22 February 2024: '
        r'Monitoring visit: Ofsted monitoring visit">.*?<rect class="mark mark-monitoring_visit" '
        r'[^>]*width="([\d.]+)"',
        svg,
        re.S,
    )
    assert mark is not None
    assert float(mark.group(2)) >= 6
    # a point without a decision links to its entry in the list below
    assert f'id="point-{mark.group(1)}"' in client.get(URL).content.decode()


def test_it_offers_no_kind_that_has_no_points(client, seeds) -> None:
    html = client.get(URL).content.decode()
    assert "(0)" not in html
    shown = re.findall(r'<input type="checkbox" name="kind" value="(\w+)"', html)
    assert shown and "monitoring_visit" not in shown  # the seeds hold no monitoring visit


@pytest.mark.parametrize("councils", [1, 30])
def test_query_counts_stay_the_same_with_1_and_30_councils(
    client, django_assert_num_queries, councils: int
) -> None:
    for n in range(councils):
        council = first_council() if n == 0 else save_council(f"council-{n}", name=f"C {n}")[0]
        decision = make_decision(
            council=council,
            title="Children's services improvement plan update",
            purpose="To note progress on the Ofsted improvement plan for children's services "
            "following the inspection in July 2022.",
        )
        update_timelines([decision.pk])
    assert Timeline.objects.filter(slug="childrens-services-improvement").count() == councils
    with django_assert_num_queries(2):  # the timelines with their councils, the council choices
        html = client.get("/timelines/").content.decode()
    assert html.count('class="timeline-council"') == councils
    with django_assert_num_queries(3):  # and the council chosen
        assert client.get("/timelines/?council=herefordshire").status_code == 200
    with django_assert_num_queries(2):  # the timeline with its council, its events
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(3):  # the council, its timelines, the council choices
        assert client.get("/herefordshire/timelines/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/timelines/childrens-services-improvement/").status_code in (200, 301)
