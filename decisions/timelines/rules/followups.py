"""Follow-ups: what a notice's Purpose and Decision clauses ask for later, and who did it.

A notice often sets work for later ("the action plan once finalised be approved by cabinet for
submission to Ofsted by 20 December 2022"), and a later notice does it ("authorise ... to
submit the action plan to Ofsted no later than 20 December 2022"). ``find_follow_ups`` links
the two, so the timeline can show that one decision answered another.

What counts as an ask
---------------------
- **A deadline**: a sentence of the purpose or decision clauses with a deadline after the
  decision date, as ``extract_events`` finds and titles it, and a deliverable named in that
  title ("Action plan due to Ofsted") or else in the sentence. The follow-up must come on or
  before the deadline. Options considered are alternatives the decision did not take, so
  their deadlines ask for nothing.
- **A later cabinet step without a deadline**, only in the decision clauses:
  "be approved/considered/presented ... by/to cabinet", "report back", "return to cabinet";
  or a numbered plan phase that the decision endorses, approves, adopts or launches ("Cabinet
  endorse the Phase 3 Improvement Plan"), whose delivery later decisions take forward. These
  must name a specific deliverable (a phase, or a qualified noun such as "action plan", not
  a bare "report"), and the follow-up must come within ``FOLLOW_UP_WINDOW`` (about 18
  months: an improvement-plan phase or a promised report comes back within that time; a
  decision years later that mentions the same kind of plan is a new cycle, not an answer).

What counts as the answer
-------------------------
A decision dated strictly after the asking one (never itself, never the same day, never
earlier), inside the deadline or window, in which a sentence of the purpose or clauses both
names the same deliverable and acts on it (approve, endorse, authorise, submit, send, lead,
complete, deliver, implement, adopt, note, receive, present), or whose title names it. A
qualified deliverable must match in full ("action plan" is not answered by "business plan");
a phase matches by its number and head noun ("Phase 3 ... plan"). Of the decisions that
qualify, the earliest is chosen: the first decision to act is the one that answers. Each pair
of decisions is linked once, with the reason of the first ask found (deadlines before other
asks, in reading order). Links come out in the order of the earlier decision's date.

So the 2018 ILACS decision, whose action plan was due by 25 October 2018, is not answered by
the December 2022 action plan: the deadline had passed four years before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from decisions.parsing.dates import month_year
from decisions.timelines.rules.decision import DecisionSummary
from decisions.timelines.rules.events import ADOPTED_VERB_PAST, extract_events, split_sentences
from decisions.timelines.rules.vocabulary import EventKind

FOLLOW_UP_WINDOW = timedelta(days=548)


@dataclass(frozen=True)
class FollowUp:
    """A later decision that does what an earlier decision asked for."""

    earlier: str
    later: str
    reason: str


@dataclass(frozen=True)
class _Deliverable:
    noun: str
    phase: int | None = None

    def pattern(self) -> re.Pattern[str]:
        """How a later decision names the same deliverable: a phase by number and head noun."""
        if self.phase is None:
            noun = r"\s+".join(re.escape(word) for word in self.noun.split())
            return re.compile(rf"\b{noun}s?\b", _I)
        head = re.escape(self.noun.split()[-1])
        phase = rf"\bphase\s+{self.phase}\b"
        return re.compile(rf"{phase}.*\b{head}s?\b|\b{head}s?\b.*{phase}", _I)

    def described(self) -> str:
        """The deliverable as a reason names it, e.g. "Phase 3 improvement plan"."""
        return self.noun if self.phase is None else f"Phase {self.phase} {self.noun}"


@dataclass(frozen=True)
class _Ask:
    deliverable: _Deliverable
    not_after: date
    reason: str


_I = re.IGNORECASE
_HEADS = r"plan|strategy|programme|report|response|business\s+case|bid|application|policy"
_QUALIFIED = re.compile(
    rf"\b(?P<qualifier>improvement|action|business|recovery|delivery|transformation|"
    rf"sufficiency|self[- ]assessment|outcome)\s+(?P<head>{_HEADS})s?\b",
    _I,
)
_BARE = re.compile(rf"\b(?P<head>{_HEADS})s?\b", _I)
_PHASE = re.compile(r"\bphase\s+(?P<n>\d+)\b", _I)
_PHASE_ADOPTED = re.compile(r"\b(?P<stem>endors|approv|adopt|agree|launch)\w*", _I)
_BACK_TO_CABINET = re.compile(
    r"\b(?:be|to\s+be|is\s+to\s+be|are\s+to\s+be)\s+(?:\w+\s+){0,2}?"
    r"(?:approved|agreed|considered|endorsed|presented|reported|brought|returned)\s+"
    r"(?:back\s+)?(?:by|to)\s+(?:the\s+)?cabinet\b"
    r"|\breport\s+back\b|\breturn\s+to\s+cabinet\b|\bfurther\s+report\s+to\s+cabinet\b",
    _I,
)
_ACTS = re.compile(
    r"\b(?:approv\w*|endors\w*|authori[sz]\w*|submi(?:t|ts|tted|tting|ssion)|send(?:s|ing)?|"
    r"sent|lead(?:s|ing)?|led|complet\w*|deliver(?:s|ed|ing)?|implement\w*|adopt\w*|note[sd]?|"
    r"receiv\w*|present(?:s|ed|ing)?)\b",
    _I,
)
_DUE = re.compile(r"^(?P<thing>.+?)\s+due\b")


def _deliverable(sentence: str, *, specific: bool) -> _Deliverable | None:
    """The deliverable a sentence names; ``specific`` refuses a bare "report" or "plan"."""
    phase = _PHASE.search(sentence)
    rest = sentence[phase.end() :] if phase else sentence
    noun = _QUALIFIED.search(rest) or (None if specific and not phase else _BARE.search(rest))
    if noun is None:
        return _Deliverable("plan", int(phase.group("n"))) if phase else None
    words = " ".join(noun.group(0).lower().split())
    return _Deliverable(words, int(phase.group("n")) if phase else None)


def _deadline_deliverable(title: str, sentence: str) -> _Deliverable | None:
    """What is due, as the deadline's title names it ("Action plan due to Ofsted")."""
    due = _DUE.match(title)
    named = _deliverable(due.group("thing"), specific=False) if due else None
    return named or _deliverable(sentence, specific=False)


def _long_date(day: date, precision: str) -> str:
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return month_year(day)
    return f"{day.day} {month_year(day)}"


def _asks(decision: DecisionSummary) -> Iterator[_Ask]:
    """What a decision asks later decisions to do, deadlines first."""
    fields = [("purpose", decision.purpose), *(("clause", text) for *_, text in decision.clauses)]
    undated: list[str] = []
    for field, text in fields:
        for sentence in split_sentences(text):
            deadlines = [
                event
                for event in extract_events(
                    decision_date=decision.decision_date,
                    purpose=sentence,
                    clauses=(),
                    options_considered="",
                )
                if event.kind == EventKind.DEADLINE and event.date > decision.decision_date
            ]
            for event in deadlines:
                deliverable = _deadline_deliverable(event.title, sentence)
                if deliverable is None:
                    continue
                title = event.title[:1].lower() + event.title[1:]
                when = _long_date(event.date, event.precision)
                yield _Ask(deliverable, event.end_date or event.date, f"{title} by {when}")
            if field == "clause" and not deadlines:
                undated.append(sentence)
    window_end = decision.decision_date + FOLLOW_UP_WINDOW
    for sentence in undated:
        deliverable = _deliverable(sentence, specific=True)
        if deliverable is None:
            continue
        adopted = _PHASE_ADOPTED.search(sentence)
        if deliverable.phase is not None and adopted:
            past = ADOPTED_VERB_PAST[adopted.group("stem").lower()]
            yield _Ask(deliverable, window_end, f"{deliverable.described()} {past} for delivery")
        elif _BACK_TO_CABINET.search(sentence):
            reason = f"{deliverable.described()} to come back to cabinet"
            yield _Ask(deliverable, window_end, reason)


def _sentences(decision: DecisionSummary) -> tuple[str, ...]:
    """The sentences of the purpose and clauses, where a decision says what it does."""
    texts = [decision.purpose, *(text for *_, text in decision.clauses)]
    return tuple(sentence for text in texts for sentence in split_sentences(text))


def _answers(title: str, sentences: tuple[str, ...], deliverable: _Deliverable) -> bool:
    """Whether a decision names the deliverable in its title, or names and acts on it."""
    pattern = deliverable.pattern()
    if pattern.search(title):
        return True
    return any(pattern.search(sentence) and _ACTS.search(sentence) for sentence in sentences)


def find_follow_ups(decisions: Sequence[DecisionSummary]) -> list[FollowUp]:
    """Link each decision that asks for later action to the first later decision that takes it."""
    chronological = sorted(decisions, key=lambda d: (d.decision_date, d.reference))
    dates = [decision.decision_date for decision in chronological]
    sentences: dict[int, tuple[str, ...]] = {}
    links: dict[tuple[str, str], FollowUp] = {}
    for earlier in chronological:
        for ask in _asks(earlier):
            for index in range(bisect_right(dates, earlier.decision_date), len(chronological)):
                later = chronological[index]
                if later.decision_date > ask.not_after:
                    break
                if index not in sentences:
                    sentences[index] = _sentences(later)
                if later.reference == earlier.reference:
                    continue
                if _answers(later.title, sentences[index], ask.deliverable):
                    key = (earlier.reference, later.reference)
                    links.setdefault(key, FollowUp(earlier.reference, later.reference, ask.reason))
                    break
    return list(links.values())
