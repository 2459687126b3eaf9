"""Alerts benchmark: the time to match and queue 100,000 alerts (searches, councillors,
timelines and councils) against one day of new decisions (1,000 across 300 councils).

Everything is made with bulk_create, on the configured database (PostgreSQL for the
figure: DATABASE_URL=postgres://…/a_database_of_your_own). Rows it made before are
deleted first. It times `queue_alerts`, the matching and the writing of the outbox, which
is what `send_alerts` does before it sends. Target: 60 s. Run it with
`python -m decisions.bench alerts`.
"""

from __future__ import annotations

import hashlib
import random
import time
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions.alerts.emails import render_digest
from decisions.alerts.kinds import AlertKind, Frequency
from decisions.alerts.matching import queue_alerts
from decisions.alerts.models import Alert, ChangeEvent, MatchRun, OutboxMessage, Subscriber
from decisions.models import Council, Councillor, Decision
from decisions.search.document import rebuild_search_documents
from decisions.timelines.models import Timeline, TimelineMembership
from decisions.vocabulary import ChangeKind

TARGET_SECONDS = 60.0
PREFIX = "alerts-bench"
SEED = 20
WORDS = [
    "school",
    "transport",
    "library",
    "road",
    "bridge",
    "housing",
    "budget",
    "care",
    "adult",
    "children",
    "social",
    "waste",
    "recycling",
    "parking",
    "planning",
    "leisure",
    "museum",
    "park",
    "flood",
    "drainage",
    "bus",
    "rail",
    "cycle",
    "tourism",
    "market",
    "grant",
    "loan",
    "pension",
    "audit",
    "highway",
    "lighting",
    "cemetery",
    "allotment",
    "youth",
    "nursery",
    "academy",
    "heritage",
    "river",
    "bypass",
    "energy",
    "solar",
    "heating",
    "broadband",
    "digital",
    "hub",
    "contract",
    "procurement",
    "tender",
    "lease",
    "disposal",
    "acquisition",
    "farm",
    "estate",
    "depot",
]
# A day's decisions share few words: each is written from the real words above and a
# long tail of others, so a one-word search finds about ten of the 1,000.
TAIL = tuple(
    f"{a}{b}"
    for a in ("north", "south", "east", "west", "upper", "lower", "new", "old", "great", "little")
    for b in WORDS
)  # 520 more
VOCABULARY = (*WORDS, *TAIL)


def _clear() -> None:
    for model in (OutboxMessage, Alert, Subscriber, ChangeEvent, MatchRun):
        model.objects.all().delete()
    TimelineMembership.objects.filter(timeline__slug__startswith=PREFIX).delete()
    Timeline.objects.filter(slug__startswith=PREFIX).delete()
    Decision.objects.filter(council__slug__startswith=PREFIX).delete()
    Councillor.objects.filter(slug__startswith=PREFIX).delete()
    Council.objects.filter(slug__startswith=PREFIX).delete()


def _setup(*, alerts: int, decisions: int, councils: int, rng: random.Random) -> dict:
    council_rows = Council.objects.bulk_create(
        Council(name=f"Bench Council {n:03}", slug=f"{PREFIX}-{n:03}") for n in range(councils)
    )
    councillors = Councillor.objects.bulk_create(
        Councillor(name=f"Councillor {c.pk}-{n}", slug=f"{PREFIX}-{c.slug[-3:]}-{n}", council=c)
        for c in council_rows
        for n in range(10)
    )
    timelines = Timeline.objects.bulk_create(
        Timeline(
            slug=f"{PREFIX}-{n:02}",
            title=f"Bench timeline {n}",
            council=council_rows[n % len(council_rows)],
        )
        for n in range(50)
    )
    today = date(2026, 12, 3)
    rows = []
    for n in range(decisions):
        signatory = rng.choice(councillors)
        words = rng.sample(VOCABULARY, 6)
        text = f"{PREFIX} notice {n}"
        rows.append(
            Decision(
                council_id=signatory.council_id,
                reference=f"B{90000000 + n}",
                title=" ".join(words[:3]).capitalize(),
                decision_date=today - timedelta(days=rng.randrange(60)),
                decision_maker="Cabinet member " + words[3],
                is_key_decision=rng.random() < 0.2,
                purpose=f"To decide on the {words[3]} and {words[4]} {words[5]}.",
                decision_text=f"That the {words[0]} {words[1]} plan be approved.",
                signatory=signatory,
                signatory_name=signatory.name,
                source_text=text,
                source_sha256=hashlib.sha256(text.encode()).hexdigest(),
            )
        )
    new = Decision.objects.bulk_create(rows, batch_size=500)
    ids = [d.pk for d in new]
    rebuild_search_documents(decision_ids=ids)
    TimelineMembership.objects.bulk_create(
        TimelineMembership(timeline=rng.choice(timelines), decision_id=pk)
        for pk in ids
        if rng.random() < 0.5
    )
    ChangeEvent.objects.bulk_create(
        [ChangeEvent(decision_id=pk, kind=ChangeKind.CREATED) for pk in ids], batch_size=1000
    )
    now = timezone.now()
    subscribers = Subscriber.objects.bulk_create(
        (
            Subscriber(email=f"reader{n}@bench.example.org", confirmed_at=now)
            for n in range(alerts // 2)
        ),
        batch_size=2000,
    )
    alert_rows = []
    seen: set[tuple[int, str, str, str]] = set()
    while len(alert_rows) < alerts:
        subscriber = rng.choice(subscribers)
        roll = rng.random()
        target = querystring = ""
        if roll < 0.4:
            kind = AlertKind.SEARCH
            querystring = "q=" + rng.choice(VOCABULARY)
            if rng.random() < 0.3:
                querystring += "&council=" + rng.choice(council_rows).slug
            elif rng.random() < 0.2:
                querystring += "&key=1"
        elif roll < 0.75:
            kind, target = AlertKind.COUNCILLOR, rng.choice(councillors).slug
        elif roll < 0.95:
            kind, target = AlertKind.TIMELINE, str(rng.choice(timelines).pk)
        else:
            kind, target = AlertKind.COUNCIL, rng.choice(council_rows).slug
        key = (subscriber.pk, kind, target, querystring)
        if key in seen:
            continue
        seen.add(key)
        alert_rows.append(
            Alert(
                subscriber=subscriber,
                kind=kind,
                target=target,
                querystring=querystring,
                label=f"{kind} {target or querystring}",
                frequency=Frequency.ASAP,
                confirmed_at=now,
            )
        )
    Alert.objects.bulk_create(alert_rows, batch_size=2000)
    return {
        "searches": len({a.querystring for a in alert_rows if a.kind == AlertKind.SEARCH}),
        "subscribers": len(subscribers),
    }


def run_alerts_bench(*, alerts: int = 100_000, decisions: int = 1_000, councils: int = 300) -> None:
    """Set up, then time one matching and queueing of every alert."""
    rng = random.Random(SEED)
    print(f"alerts bench on {connection.vendor}: clearing earlier bench rows ...")
    _clear()
    started = time.perf_counter()
    shape = _setup(alerts=alerts, decisions=decisions, councils=councils, rng=rng)
    print(
        f"  set up {alerts:,} alerts of {shape['subscribers']:,} addresses "
        f"({shape['searches']:,} distinct searches), {decisions:,} new decisions across "
        f"{councils} councils in {time.perf_counter() - started:.1f} s"
    )
    if connection.vendor == "postgresql":
        # As autovacuum would after so many rows: without statistics the planner reads the
        # new rows as a handful, and a run's queries time the stale plan, not the matching.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        queued = queue_alerts()
        seconds = time.perf_counter() - started
    matches = sum(len(found) for found in OutboxMessage.objects.values_list("matches", flat=True))
    print(
        f"  matched and queued {queued.alerts_due:,} alerts in {queued.groups:,} groups: "
        f"{queued.messages:,} emails holding {matches:,} matches in {seconds:.1f} s, "
        f"{len(queries):,} queries"
    )
    print("  " + ", ".join(f"{name} {t:.1f} s" for name, t in queued.seconds.items()))
    sample = list(OutboxMessage.objects.select_related("subscriber")[:1000])
    started = time.perf_counter()
    for message in sample:
        render_digest(message)
    rendered = (time.perf_counter() - started) / max(len(sample), 1) * 1000
    print(f"  rendering a queued email as it is sent: {rendered:.1f} ms each ({len(sample)} timed)")
    verdict = "within" if seconds <= TARGET_SECONDS else "OVER"
    print(f"  {verdict} the target of {TARGET_SECONDS:.0f} s")
