"""decisions.selectors: the reads every page, feed, API view, calendar and CSV goes through.

The last test keeps the rule honest: the modules that answer requests build no querysets of
their own, so a rule about which records the public sees is added in the selectors once.
"""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from decisions import selectors
from decisions.councils import first_council
from decisions.models import Correction, Decision
from decisions.timelines.models import Timeline, TimelineMembership
from decisions.timelines.selectors import timeline_members
from tests.factories import make_councillor, make_decision

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def test_public_corrections_come_newest_first_without_who_made_them(django_user_model) -> None:
    editor = django_user_model.objects.create_user("editor")
    decision = make_decision()
    first = Correction.objects.create(decision=decision, field="title", user=editor)
    second = Correction.objects.create(decision=decision, field="purpose", user=editor)

    rows = list(selectors.public_corrections())

    assert rows == [second, first]
    assert "user_id" in rows[0].get_deferred_fields()


def test_public_corrections_of_one_decision_and_since_a_time() -> None:
    one, other = make_decision(), make_decision()
    old = Correction.objects.create(decision=one, field="title")
    Correction.objects.filter(pk=old.pk).update(created_at=datetime(2020, 1, 1, tzinfo=UTC))
    new = Correction.objects.create(decision=one, field="purpose")
    theirs = Correction.objects.create(decision=other, field="title")

    assert list(selectors.public_corrections(decision=one)) == [new, old]
    assert list(selectors.public_corrections(since=datetime(2021, 1, 1, tzinfo=UTC))) == [
        theirs,
        new,
    ]


def test_open_call_ins_keep_today_and_later_soonest_first() -> None:
    today = date(2026, 12, 3)
    later = make_decision(call_in_expiry=date(2026, 12, 10))
    on_the_day = make_decision(call_in_expiry=today)
    make_decision(call_in_expiry=date(2026, 12, 2))  # closed yesterday
    make_decision(call_in_expiry=None)

    assert selectors.open_call_ins(Decision.objects.all(), today) == [on_the_day, later]


def test_modified_since_keeps_what_changed_at_or_after() -> None:
    stale, fresh = make_decision(), make_decision()
    Decision.objects.filter(pk=stale.pk).update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))
    since = datetime(2021, 1, 1, tzinfo=UTC)

    assert list(selectors.modified_since(Decision.objects.all(), since)) == [fresh]
    assert selectors.modified_since(Decision.objects.all(), None).count() == 2


def test_roles_held_merge_spellings_and_put_the_latest_first() -> None:
    councillor = make_councillor()
    for day, role in (
        (date(2021, 5, 1), "Cabinet member, children"),
        (date(2023, 5, 1), "Leader of the Council"),
        (date(2023, 6, 1), "leader of the  council"),
        (date(2023, 7, 1), "Leader of the Council"),
    ):
        make_decision(signatory=councillor, signatory_role=role, decision_date=day)

    roles = selectors.roles_held(selectors.decisions_signed(councillor))

    assert [(r.role, r.count, r.first, r.last) for r in roles] == [
        ("Leader of the Council", 3, date(2023, 5, 1), date(2023, 7, 1)),
        ("Cabinet member, children", 1, date(2021, 5, 1), date(2021, 5, 1)),
    ]


def test_timeline_members_leave_out_hidden_memberships() -> None:
    timeline = Timeline.objects.create(council=first_council(), slug="a-story", title="A story")
    shown, hidden = make_decision(), make_decision()
    TimelineMembership.objects.create(timeline=timeline, decision=shown)
    TimelineMembership.objects.create(timeline=timeline, decision=hidden, hidden=True)

    assert list(timeline_members(timeline)) == [shown]


# The modules that answer requests read only through selectors.
REQUEST_MODULES = (
    "decisions/views.py",
    "decisions/opendata/feeds.py",
    "decisions/opendata/downloads.py",
    "decisions/opendata/call_in_calendar.py",
    "decisions/opendata/sitemaps.py",
    "decisions/api/views.py",
    "decisions/timelines/views.py",
    "decisions/timelines/feeds.py",
    "decisions/timelines/sitemaps.py",
    "decisions/alerts/views.py",
)


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("module", REQUEST_MODULES)
def test_request_modules_build_no_querysets_of_their_own(module: str) -> None:
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    built = sorted(
        f"line {node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(tree)
        if (isinstance(node, ast.Attribute) and node.attr == "objects")
        or (isinstance(node, ast.Name) and node.id == "get_object_or_404")
    )
    assert built == [], f"{module} reads records without a selector: {built}"
