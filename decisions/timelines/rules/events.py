"""Dated events mentioned in a notice's Purpose, Decision clauses and Options considered.

A notice tells more than its own decision: "the inspection in July 2022", "submit the action
plan to Ofsted no later than 20 December 2022", "the extraordinary council meeting to be held
on 30 September 2022". ``extract_events`` turns such mentions into ``ExtractedEvent`` records,
each carrying the exact sentence it came from, so a timeline point always leads back to its
source. The decision itself is not an event here; the caller adds it.

How it works
------------
1. Each field is whitespace-collapsed and cut into sentences (``split_sentences``): at ``.``,
   ``!``, ``?``, ``;`` or ``:`` followed by a capital, a digit or a list marker such as
   ``b)``, but not after abbreviations (``e.g.``, ``No.``, ``Sept.``).
2. Date mentions are found in each sentence, longest form first:
   day ranges ("10-21 November 2025", "between 4 June 2018 and 22 June 2018",
   "from 30 June to 2 July 2024"), days ("15 December 2022", "12th January 2026",
   "the 13 December 2022", "December 20, 2022", "23/02/2023"), months ("July 2022",
   "Sept 2022", and "May 25" / "May '25" with a two-digit year) and bare years only after
   "in", "during", "since" or "from" ("in 2019"). Month names must be capitalised, so the
   verb "may" is never a month. Financial years ("2026/27", "2026-27") are never dates:
   they name a budget period, not a moment something happened.
3. Two-digit years resolve to the year nearest the decision's year ("May 25" in a 2025
   decision is May 2025; "Mar 99" in a 2005 decision is March 1999). Notices refer to the
   recent past and the next few years, so the nearest reading is the plausible one; a
   reading more than ten years away is not taken as a date at all. UK notices do not write
   "June 30" for the 30th of June, so that form is read as a month and year.
4. Each mention is classified by the words just before it, within its sentence and after the
   previous date mention (the "lead"):
   - a deadline preposition right before the date ("by", "no later than", "on or before",
     "by the end of", "due") makes a ``deadline``;
   - "Committee/Council/Cabinet/Board on" right before the date makes a ``meeting``;
   - otherwise the cue nearest the date wins, from this vocabulary: "within 70 days of ..."
     and "deadline" (deadline); "monitoring visit", "focused visit" (monitoring_visit);
     "inspection", "inspected", "inspectors", "ILACS", "JTAI" (inspection); "judgement",
     "judged/rated/graded" with a grade (judgement); "published", "publication"
     (report_published);
     "statutory direction" (statutory_direction); "plan agreed/endorsed/approved by the ...
     board", "Phase 3" (plan_phase); "meeting" (meeting);
   - a lead that is only a conjunction ("4 June 2018 and 22 June 2018") repeats the kind
     of the previous mention;
   - when the date opens its sentence, with at most three words before it, the first cue in
     the few words after it decides ("On 30 September 2022 an extraordinary council meeting
     was held");
   - failing all of these, "held", "convened" or "sitting" make a ``meeting`` (only then,
     because an inspection can be "held" too).
   A date with no cue at all is not an event: dates alone say nothing.
5. Some facts are stated without a date. A notice proves they were true by its decision
   date, so they are placed there, with day precision, as ``inferred``: their ``known_by``
   is the decision date, and the page writes them "by 15 December 2022", never as if they
   happened that day:
   - a statutory direction that has been issued, imposed or given ("the Statutory Direction
     issued by the Secretary of State", "have issued a statutory direction");
   - an inspection judgement ("judgement of inadequate", "judged inadequate", "rated
     good") in a sentence about Ofsted or an inspection; a criterion such as "rated good
     or outstanding" is not a judgement;
   - a numbered plan phase that the decision endorses, approves, adopts, agrees or launches
     ("present cabinet with the Phase 3 Children's Services Improvement Plan for
     endorsement"). It marks where a phase of the plan begins, which the timeline can show
     and filter by kind, while the decision point carries only the notice's title. "Lead
     the completion of the Phase 3 plan" is not a start and gives no event.
   A "recently published report" gives no event: the publication happened at an unknown
   earlier date, and putting it on the decision's day would misdate it.
6. An undated judgement follows the tie the notice makes (``tied``). An inspection gives
   the judgement, so a judgement in a notice that also mentions a dated inspection before
   its decision date ("submit the plan to Ofsted following the inspection in July 2022" ...
   "the Ofsted judgement of inadequate") is placed at the latest such inspection, right
   after it, keeping ``known_by``; ``tied_to`` names the kind it follows. Only when the
   notice mentions no earlier inspection does a monitoring or focused visit serve: those
   visits do not grade a service, but they are the latest look Ofsted took. A judgement
   with nothing to tie to stays inferred.
7. One decision gives one event per (kind, date, end date). Fields are read in the order
   purpose, clauses, options considered, so the first sentence found is the one kept.
   Events are returned sorted by date; on one date causes come first
   (``EventKind.same_day_rank``), and otherwise they keep their reading order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date

from decisions.parsing.dates import MONTH_NUMBERS, MONTHS
from decisions.timelines.rules.vocabulary import DateBasis, EventKind, Precision

EVENT_KINDS = tuple(EventKind)


@dataclass(frozen=True)
class ExtractedEvent:
    """A dated event mentioned in a notice, with the sentence that mentions it."""

    date: date
    end_date: date | None
    precision: Precision
    kind: str
    title: str
    sentence: str
    source_field: str
    clause_key: str | None  # the clause's key ('b-i'), when source_field is 'clause'
    date_basis: DateBasis = DateBasis.STATED
    # For inferred and tied events: the date of the notice that proves the fact by then.
    known_by: date | None = None
    # For tied events: the kind of the dated event this one follows, e.g. "inspection".
    tied_to: str | None = None


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    date: date
    end_date: date | None
    precision: Precision


# --- Sentences -----------------------------------------------------------------------------

_BREAK = re.compile(r"[.!?;:]\s+(?=[\"'‘“(]?[A-Z0-9]|[a-z]{1,4}[.)]\s|\([a-z0-9]{1,4}\)\s)")
_NO_BREAK_AFTER = re.compile(
    r"\b(?:e\.g|i\.e|etc|No|no|Cllr|Mr|Mrs|Ms|Dr|St|para|paras|approx|cf|vs|ref|Ref|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$"
)


def split_sentences(text: str) -> tuple[str, ...]:
    """Cut text into whitespace-collapsed sentences, each a substring of the collapsed text."""
    collapsed = " ".join(text.split())
    sentences: list[str] = []
    start = 0
    for match in _BREAK.finditer(collapsed):
        if _NO_BREAK_AFTER.search(collapsed, max(0, match.start() - 8), match.start() + 1):
            continue
        sentences.append(collapsed[start : match.start() + 1])
        start = match.end()
    sentences.append(collapsed[start:])
    return tuple(s.strip() for s in sentences if s.strip())


# --- Date mentions -------------------------------------------------------------------------

# A month as a notice names it, capitalised: in full, else abbreviated ("Sept", "Sep").
_SHORT_MONTHS = [name[:3] for name in MONTHS if len(name) > 3]  # "May" is only ever in full
_SHORT_MONTHS.insert(_SHORT_MONTHS.index("Sep"), "Sept")
_MONTH = rf"(?:{'|'.join([*MONTHS, *_SHORT_MONTHS])})(?![a-z])\.?"
_DAY = r"(?<![\d/.,£$])(?:3[01]|[12]\d|0?[1-9])(?!\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}(?![\d/])(?!\s?[-–]\s?\d{2}\b)"
_DASH = r"\s*(?:-|–|—|to|until|and)\s*"

_DATE = re.compile(
    rf"""
    (?P<r1>(?P<r1_lead>(?:[bB]etween|[fF]rom)\s+)?(?P<r1_d1>{_DAY}){_DASH}(?P<r1_d2>{_DAY})
        \s+(?P<r1_m>{_MONTH}),?\s+(?P<r1_y>{_YEAR}))
    |(?P<r2>(?P<r2_lead>(?:[bB]etween|[fF]rom)\s+)?(?P<r2_d1>{_DAY})\s+(?:of\s+)?(?P<r2_m1>{_MONTH})
        (?:,?\s+(?P<r2_y1>{_YEAR}))?{_DASH}(?:the\s+)?(?P<r2_d2>{_DAY})\s+(?:of\s+)?
        (?P<r2_m2>{_MONTH}),?\s+(?P<r2_y2>{_YEAR}))
    |(?P<d>(?P<d_d>{_DAY})\s+(?:of\s+)?(?P<d_m>{_MONTH}),?\s+(?P<d_y>{_YEAR}))
    |(?P<u>(?P<u_m>{_MONTH})\s+(?P<u_d>{_DAY}),?\s+(?P<u_y>{_YEAR}))
    |(?P<n>(?<![\d/.])(?P<n_d>\d{{1,2}})(?P<sep>[/.])(?P<n_m>\d{{1,2}})(?P=sep)
        (?P<n_y>\d{{4}}|\d{{2}})(?![\d/]))
    |(?P<m>(?P<m_m>{_MONTH}),?\s+(?P<m_y>{_YEAR}))
    |(?P<m2>(?P<m2_m>{_MONTH})\s+['‘’]?(?P<m2_y>\d{{2}})
        (?!\d|[/:.,]\d|\s*(?:st|nd|rd|th)\b|,?\s+(?:19|20)\d{{2}}))
    |(?P<y>(?:(?<=\b[iI]n\s)|(?<=\b[dD]uring\s)|(?<=\b[sS]ince\s)|(?<=\b[fF]rom\s))
        (?P<y_y>{_YEAR}))
    """,
    re.VERBOSE,
)


def _month(name: str) -> int:
    return MONTH_NUMBERS[name.rstrip(".")[:3].lower()]


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


_TWO_DIGIT_YEAR_REACH = 10


def _resolve_year(text: str, decision_date: date) -> int:
    """Read a two- or four-digit year; two digits take the century nearest the decision."""
    digits = text.strip("'‘’")
    if len(digits) == 4:
        return int(digits)
    century = decision_date.year // 100 * 100
    candidates = (century - 100 + int(digits), century + int(digits), century + 100 + int(digits))
    year = min(candidates, key=lambda candidate: (abs(candidate - decision_date.year), candidate))
    if abs(year - decision_date.year) > _TWO_DIGIT_YEAR_REACH:
        raise ValueError(f"{text!r} is too far from {decision_date.year} to be a year")
    return year


def _mention(match: re.Match[str], decision_date: date) -> list[_Mention]:
    """Turn one date match into mentions; a bare "4 June and 22 June" list gives two."""
    g = match.groupdict()
    start, end = match.span()
    if g["r1"]:
        year = int(g["r1_y"])
        month = _month(g["r1_m"])
        first = date(year, month, _day(g["r1_d1"]))
        last = date(year, month, _day(g["r1_d2"]))
        return _range_or_pair(match, first, last, g["r1_lead"], start, end)
    if g["r2"]:
        last = date(int(g["r2_y2"]), _month(g["r2_m2"]), _day(g["r2_d2"]))
        first_year = int(g["r2_y1"]) if g["r2_y1"] else last.year
        first = date(first_year, _month(g["r2_m1"]), _day(g["r2_d1"]))
        if first > last and not g["r2_y1"]:
            first = first.replace(year=first.year - 1)
        return _range_or_pair(match, first, last, g["r2_lead"], start, end)
    if g["d"]:
        day = date(int(g["d_y"]), _month(g["d_m"]), _day(g["d_d"]))
        return [_Mention(start, end, day, None, "day")]
    if g["u"]:
        day = date(int(g["u_y"]), _month(g["u_m"]), _day(g["u_d"]))
        return [_Mention(start, end, day, None, "day")]
    if g["n"]:
        year = _resolve_year(g["n_y"], decision_date)
        day = date(year, int(g["n_m"]), int(g["n_d"]))
        return [_Mention(start, end, day, None, "day")]
    if g["m"]:
        return [_Mention(start, end, date(int(g["m_y"]), _month(g["m_m"]), 1), None, "month")]
    if g["m2"]:
        year = _resolve_year(g["m2_y"], decision_date)
        return [_Mention(start, end, date(year, _month(g["m2_m"]), 1), None, "month")]
    return [_Mention(start, end, date(int(g["y_y"]), 1, 1), None, "year")]


def _range_or_pair(
    match: re.Match[str], first: date, last: date, lead: str | None, start: int, end: int
) -> list[_Mention]:
    """A range, unless "and" joins two dates without a "between" before them."""
    joined_by_and = re.search(r"\sand\s", match.group(0)) is not None
    if joined_by_and and not (lead and lead.lower().startswith("between")):
        return [_Mention(start, end, first, None, "day"), _Mention(start, end, last, None, "day")]
    if last < first:
        return []
    if first == last:
        return [_Mention(start, end, first, None, "day")]
    return [_Mention(start, end, first, last, "day")]


def _find_mentions(sentence: str, decision_date: date) -> list[_Mention]:
    mentions: list[_Mention] = []
    for match in _DATE.finditer(sentence):
        try:
            mentions.extend(_mention(match, decision_date))
        except ValueError:  # 31 February and the like: not a date
            continue
    return mentions


# --- Classification ------------------------------------------------------------------------

_I = re.IGNORECASE
_LEAD_WINDOW = 160
_TRAIL_WINDOW = 60
_FRONTED_DATE_WORDS = 3
_TITLE_REACH = 240

_DEADLINE_BEFORE = re.compile(
    r"\b(?:by(?:\s+the\s+end\s+of)?|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|"
    r"before|deadline\s+(?:of|is)|due(?:\s+on|\s+by)?)\s+(?:the\s+)?$",
    _I,
)
_MEETING_BEFORE = re.compile(
    r"\b(?:committee|council|cabinet|board|panel|forum)(?:\s+meeting)?\s+(?:on|of)\s+"
    r"(?:the\s+)?$",
    _I,
)
_GATHERING = re.compile(r"\b(?:held|convened|sitting)\b", _I)
_CONJUNCTION_ONLY = re.compile(r"^\s*(?:,|and|or|&|,\s*and|,\s*or)?\s*(?:on\s+)?(?:the\s+)?$", _I)

_GRADE = re.compile(
    r"\b(?:judge?ment\s+of|judged(?:\s+to\s+be|\s+as)?|rated(?:\s+as)?|graded(?:\s+as)?)\s+"
    r"['‘\"“]?(?P<grade>inadequate|requires\s+improvement(?:\s+to\s+be\s+good)?|good|outstanding)"
    r"\b(?!\s+or\b)(?!\s+and\s+(?:good|outstanding|above))",
    _I,
)
_PLAN_AGREED = re.compile(
    r"\bplan\s+(?:was\s+|were\s+|has\s+been\s+|had\s+been\s+)?"
    r"(?:agreed|endorsed|approved|adopted|signed\s+off|launched)"
    r"(?:\s+by\s+(?:the\s+)?[\w'’ -]+?\b(?:board|committee|panel|cabinet|council|partnership))?",
    _I,
)
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        EventKind.DEADLINE,
        re.compile(
            r"\bwithin\s+(?:\d+|[a-z]+)\s+(?:working\s+|calendar\s+)?(?:days?|weeks?|months?)"
            r"(?:\s+of\s+[^,;()]*)?|\bdeadline\b",
            _I,
        ),
    ),
    (EventKind.MONITORING_VISIT, re.compile(r"\b(?:monitoring|focused|focussed)\s+visits?\b", _I)),
    (EventKind.INSPECTION, re.compile(r"\binspect(?:ion|ions|ed|ors?)\b|\bILACS\b|\bJTAI\b", _I)),
    (EventKind.JUDGEMENT, re.compile(rf"{_GRADE.pattern}|\bjudge?ments?\b", _I)),
    (EventKind.REPORT_PUBLISHED, re.compile(r"\bpublish(?:ed|es|ing)?\b|\bpublication\b", _I)),
    (EventKind.STATUTORY_DIRECTION, re.compile(r"\bstatutory\s+directions?\b", _I)),
    (EventKind.PLAN_PHASE, re.compile(rf"{_PLAN_AGREED.pattern}|\bphase\s+\d+\b", _I)),
    (EventKind.MEETING, re.compile(r"\bmeetings?\b", _I)),
)


def _nearest_cue(lead: str) -> str | None:
    """The kind whose cue ends closest to the end of the lead."""
    best: tuple[int, int, str] | None = None
    for rank, (kind, pattern) in enumerate(_CUES):
        for match in pattern.finditer(lead):
            key = (match.end(), -rank, kind)
            if best is None or key > best:
                best = key
    return best[2] if best else None


def _first_cue(trail: str) -> str | None:
    """The kind whose cue starts first in the words after a date."""
    best: tuple[int, int, str] | None = None
    for rank, (kind, pattern) in enumerate(_CUES):
        match = pattern.search(trail)
        if match and (best is None or (match.start(), rank) < best[:2]):
            best = (match.start(), rank, kind)
    return best[2] if best else None


def _classify(lead: str, trail: str, previous_kind: str | None) -> str | None:
    window = lead[-_LEAD_WINDOW:]
    if _DEADLINE_BEFORE.search(window):
        return EventKind.DEADLINE
    if _MEETING_BEFORE.search(window):
        return EventKind.MEETING
    if previous_kind and _CONJUNCTION_ONLY.match(lead):
        return previous_kind
    kind = _nearest_cue(window)
    if kind is None and len(lead.split()) <= _FRONTED_DATE_WORDS:
        kind = _first_cue(trail[:_TRAIL_WINDOW].split(";")[0])
    if kind is None and _GATHERING.search(window):
        return EventKind.MEETING
    return kind


# --- Titles --------------------------------------------------------------------------------

_OFSTED = re.compile(r"\bOfsted\b|\bILACS\b|Inspection\s+of\s+Local\s+Authority\s+Children", _I)
_ILACS = re.compile(r"\bILACS\b|Inspection\s+of\s+Local\s+Authority\s+Children", _I)
_DETERMINERS = {"the", "a", "an", "its", "their", "our", "this", "that", "any", "his", "her"}
_DELIVERABLE = re.compile(
    r"\b(?:submit|submission\s+of|send|return|deliver|provide|publish)\s+"
    r"(?:(?:the|an|a|its|their|our)\s+)?(?P<thing>(?:[\w-]+\s+){0,2}?"
    r"(?:plan|report|response|return|bid|application|case|strategy|statement|accounts))\b",
    _I,
)
_DELIVERABLE_NOUN = re.compile(
    r"\b(?:(?<![\w'’])(?P<qualifier>[a-z-]+)\s+)?(?P<noun>plan|report|response|bid|application|"
    r"strategy|statement|accounts)\b",
    _I,
)
_RECIPIENT = re.compile(
    r"\bto\s+(?P<to>Ofsted|the\s+Department\s+for\s+Education|DfE|the\s+Secretary\s+of\s+State|"
    r"the\s+Commissioner|government)\b",
    _I,
)
_NAMED_BODY_MEETING = re.compile(
    r"\b(?P<body>[A-Z][\w'’&-]*(?:\s+(?:and|of|for|[A-Z][\w'’&-]*))*\s+"
    r"(?:Committee|Board|Panel|Council|Cabinet|Forum|Partnership))\s+(?:at\s+(?:its|their)\s+"
    r"meeting|meeting|on\b|of\b)"
)
_MEETING_NAME = re.compile(r"\b(?:the|an|a)\s+(?P<name>(?:[\w'’-]+\s+){0,4}?)meeting\b", _I)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _deliverable(lead: str) -> str | None:
    """The thing that is due, e.g. "action plan", from the words before a deadline."""
    submitted = list(_DELIVERABLE.finditer(lead))
    if submitted:
        return " ".join(submitted[-1].group("thing").split())
    nouns = list(_DELIVERABLE_NOUN.finditer(lead))
    if not nouns:
        return None
    qualifier = nouns[-1].group("qualifier")
    noun = nouns[-1].group("noun").lower()
    if qualifier and qualifier.lower() not in _DETERMINERS:
        return f"{qualifier.lower()} {noun}"
    return noun


def _deadline_title(sentence: str, lead: str) -> str:
    thing = _deliverable(lead) or _deliverable(sentence)
    recipient = _RECIPIENT.search(lead) or _RECIPIENT.search(sentence)
    to = f" to {recipient.group('to')}" if recipient else ""
    if thing:
        return f"{_capitalise(thing)} due{to}"
    return f"Submission due{to}" if to else "Deadline"


def _meeting_title(lead: str, trail: str) -> str:
    named = list(_NAMED_BODY_MEETING.finditer(lead))
    if named:
        return f"{' '.join(named[-1].group('body').split())} meeting"
    for text in (lead, trail):
        names = [m for m in _MEETING_NAME.finditer(text) if m.group("name").strip()]
        if names:
            return _capitalise(" ".join(names[-1].group("name").split()) + " meeting")
    return "Meeting"


def _plan_title(sentence: str, lead: str) -> str:
    agreed = list(_PLAN_AGREED.finditer(lead)) or list(_PLAN_AGREED.finditer(sentence))
    if agreed:
        return _capitalise(" ".join(agreed[-1].group(0).split()))
    phase = re.search(r"\bphase\s+(\d+)\b", sentence, _I)
    return f"Phase {phase.group(1)} of the plan" if phase else "Plan milestone"


def _title(kind: str, sentence: str, lead: str, trail: str) -> str:
    ofsted = "Ofsted " if _OFSTED.search(sentence) else ""
    if kind == EventKind.INSPECTION:
        if _ILACS.search(sentence):
            return "Ofsted inspection (ILACS)"
        return _capitalise(f"{ofsted}inspection")
    if kind == EventKind.MONITORING_VISIT:
        focused = re.search(r"focus+ed\s+visit", sentence, _I)
        return _capitalise(f"{ofsted}{'focused' if focused else 'monitoring'} visit")
    if kind == EventKind.REPORT_PUBLISHED:
        inspection = re.search(r"inspect|ILACS", sentence, _I)
        return _capitalise(f"{ofsted}{'inspection report' if inspection else 'report'} published")
    if kind == EventKind.JUDGEMENT:
        grade = _GRADE.search(sentence)
        if grade is None:
            return _capitalise(f"{ofsted}judgement")
        return _capitalise(f"{ofsted}judgement: {' '.join(grade.group('grade').lower().split())}")
    if kind == EventKind.STATUTORY_DIRECTION:
        return "Statutory direction issued"
    if kind == EventKind.DEADLINE:
        return _deadline_title(sentence, lead)
    if kind == EventKind.MEETING:
        return _meeting_title(lead, trail)
    return _plan_title(sentence, lead)


# --- Undated facts -------------------------------------------------------------------------

_DIRECTION = re.compile(r"\bstatutory\s+direction\b", _I)
_DIRECTION_ISSUED = re.compile(r"\b(?:issued?|imposed|given|served|made)\b", _I)
_DIRECTION_ENDED = re.compile(r"\b(?:lifted|revoked|removed|withdrawn|ended|discharged)\b", _I)
_INSPECTION_CONTEXT = re.compile(r"\bOfsted\b|\binspect|\bILACS\b", _I)
_PHASE = re.compile(
    r"\bphase\s+(?P<n>\d+)\s+(?P<head>(?:[\w'’-]+\s+){0,4}?(?:plan|programme))\b"
    r"|\b(?P<head2>(?:[\w'’-]+\s+){0,4}?(?:plan|programme))\s*[-–—:]?\s*phase\s+(?P<n2>\d+)\b",
    _I,
)
_ADOPTION = re.compile(
    r"\b(?P<verb>endors|approv|adopt|agree|launch)(?:e|es|ed|ing|ement|al|ion|s)?\b", _I
)
ADOPTED_VERB_PAST = {
    "endors": "endorsed",
    "approv": "approved",
    "adopt": "adopted",
    "agree": "agreed",
    "launch": "launched",
}


def _undated(sentence: str) -> Iterator[tuple[str, str]]:
    """Kinds and titles of the undated facts a sentence states."""
    issued = _DIRECTION.search(sentence) and _DIRECTION_ISSUED.search(sentence)
    if issued and not _DIRECTION_ENDED.search(sentence):
        yield EventKind.STATUTORY_DIRECTION, "Statutory direction issued"
    if _GRADE.search(sentence) and _INSPECTION_CONTEXT.search(sentence):
        yield EventKind.JUDGEMENT, _title(EventKind.JUDGEMENT, sentence, "", "")
    phase = _PHASE.search(sentence)
    adoption = _ADOPTION.search(sentence)
    if phase and adoption:
        number = phase.group("n") or phase.group("n2")
        head = " ".join((phase.group("head") or phase.group("head2")).split())
        head = re.sub(r"^(?:the|a|an|this|our)\s+", "", head, flags=_I)
        yield (
            EventKind.PLAN_PHASE,
            f"Phase {number} {head} {ADOPTED_VERB_PAST[adoption.group('verb').lower()]}",
        )


# --- Extraction ----------------------------------------------------------------------------


def _sentence_events(
    sentence: str, decision_date: date, source_field: str, clause_key: str | None
) -> Iterator[ExtractedEvent]:
    mentions = _find_mentions(sentence, decision_date)
    dated_kinds: set[str] = set()
    previous: _Mention | None = None
    kind: str | None = None
    lead = trail = ""
    for index, mention in enumerate(mentions):
        if previous is None or mention.start >= previous.end:  # else: a pair from one match
            lead = sentence[previous.end if previous else 0 : mention.start]
            later = [m.start for m in mentions[index + 1 :] if m.start >= mention.end]
            trail = sentence[mention.end : later[0] if later else len(sentence)]
            kind = _classify(lead, trail, kind)
        previous = mention
        if kind is None:
            continue
        dated_kinds.add(kind)
        # Titles look at the words around the date, not a whole long sentence.
        nearby = sentence[max(0, mention.start - _TITLE_REACH) : mention.end + _TITLE_REACH]
        yield ExtractedEvent(
            date=mention.date,
            end_date=mention.end_date,
            precision=mention.precision,
            kind=kind,
            title=_title(kind, nearby, lead[-_LEAD_WINDOW:], trail[:_TRAIL_WINDOW]),
            sentence=sentence,
            source_field=source_field,
            clause_key=clause_key,
        )
    for kind, title in _undated(sentence):
        if kind not in dated_kinds:
            yield ExtractedEvent(
                date=decision_date,
                end_date=None,
                precision="day",
                kind=kind,
                title=title,
                sentence=sentence,
                source_field=source_field,
                clause_key=clause_key,
                date_basis=DateBasis.INFERRED,
                known_by=decision_date,
            )


def extract_events(
    *,
    decision_date: date,
    purpose: str,
    clauses: Sequence[tuple[str, str, str]],
    options_considered: str,
) -> list[ExtractedEvent]:
    """Return the dated events a notice mentions, one per kind and date, sorted by date."""
    sources: list[tuple[str, str | None, str]] = [("purpose", None, purpose)]
    sources += [("clause", key, text) for key, _, text in clauses]
    sources.append(("options_considered", None, options_considered))
    found: dict[tuple[str, date, date | None], ExtractedEvent] = {}
    for source_field, clause_key, text in sources:
        for sentence in split_sentences(text):
            for event in _sentence_events(sentence, decision_date, source_field, clause_key):
                found.setdefault((event.kind, event.date, event.end_date), event)
    events: dict[tuple[str, date, date | None], ExtractedEvent] = {}
    for event in _follow_ties(list(found.values()), decision_date):
        events.setdefault((event.kind, event.date, event.end_date), event)
    return sorted(
        events.values(), key=lambda event: (event.date, EventKind(event.kind).same_day_rank)
    )


# --- Ties ----------------------------------------------------------------------------------

# What gives a judgement, best first: an inspection grades a service; a visit only looks.
_JUDGED_BY = (EventKind.INSPECTION, EventKind.MONITORING_VISIT)


def _tie_anchor(events: Sequence[ExtractedEvent], decision_date: date) -> ExtractedEvent | None:
    """The latest dated inspection (else visit) the notice mentions before its decision."""
    for kind in _JUDGED_BY:
        earlier = [
            event
            for event in events
            if event.kind == kind
            and event.date_basis == DateBasis.STATED
            and (event.end_date or event.date) <= decision_date
        ]
        if earlier:
            return max(earlier, key=lambda event: (event.end_date or event.date, event.date))
    return None


def _follow_ties(events: list[ExtractedEvent], decision_date: date) -> list[ExtractedEvent]:
    """Place each undated judgement right after the inspection the notice ties it to."""
    anchor = _tie_anchor(events, decision_date)
    if anchor is None:
        return events
    return [
        replace(
            event,
            date=anchor.date,
            end_date=anchor.end_date,
            precision=anchor.precision,
            date_basis=DateBasis.TIED,
            tied_to=anchor.kind,
        )
        if event.kind == EventKind.JUDGEMENT and event.date_basis == DateBasis.INFERRED
        else event
        for event in events
    ]
