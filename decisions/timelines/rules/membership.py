"""Whether a decision belongs to the children's-services improvement timeline, judged from
its Title, Purpose, Decision and Options.

Children's-services improvement (``CHILDRENS_SERVICES_IMPROVEMENT``)
-------------------------------------------------------------------
The story of Ofsted inspections of the council's children's services, their judgements, the
statutory direction and the improvement plans that answer them. A decision belongs to it when
all of these hold:

1. **It is about children's services.** "Children's services", "children's social care",
   "children and young people/persons", "children's improvement" or the ILACS framework
   (an inspection of children's services by definition) appear somewhere in its text.
   Job titles and committee names are removed first: "the Corporate Director for Children
   and Young People" signs off school transport and nursery contracts too, and "the
   Children and Young People Scrutiny Committee" reviews them.
2. **Its subject is improvement.** Each improvement signal found counts once, with a weight:
   statutory direction, ILACS and the Children's Services Commissioner 3; monitoring or
   focused visit, improvement plan/board/programme and an "inadequate" judgement 2; Ofsted,
   inspection and action plan 1. The title and purpose say what a decision is about, so
   they must score at least 2 on their own, and the whole text at least 4. A budget report
   that mentions a children's services overspend, or a nursery contract that asks for
   providers "rated good by Ofsted", scores too little.
3. **Its title is not about something else.** A title about a budget, outturn, contract,
   procurement, capital programme, fees or street services that names neither children's
   services nor an improvement signal keeps the decision out, however much its purpose
   mentions the improvement work: a quarterly budget report explains the cost of the
   improvement plan but is not a step in it.
"""

from __future__ import annotations

import re

from decisions.timelines.rules.decision import DecisionSummary

CHILDRENS_SERVICES_IMPROVEMENT = "childrens-services-improvement"

_I = re.IGNORECASE
_APOSTROPHE = "['’‘]"

_ROLES = re.compile(
    rf"\b(?:Corporate\s+|Executive\s+|Interim\s+|Assistant\s+)?Director\s+(?:for|of)\s+"
    rf"Children{_APOSTROPHE}?s?(?:\s+and\s+(?:Young\s+(?:People|Persons)|Families))?"
    rf"(?:{_APOSTROPHE}s?)?(?:\s+Services)?"
    rf"|\bCabinet\s+member\s+(?:for\s+)?children\s+and\s+(?:families|young\s+people)"
    rf"|\bChildren\s+and\s+Young\s+People(?:{_APOSTROPHE}s)?\s+Scrutiny\s+Committee",
    _I,
)
_CHILDRENS_SERVICES = re.compile(
    rf"\bchildren{_APOSTROPHE}?s?\s+(?:services|social\s+care|improvement)\b"
    rf"|\bchildren\s+and\s+young\s+(?:people|persons){_APOSTROPHE}?s?"
    r"|\bILACS\b|\binspection\s+of\s+local\s+authority\s+children",
    _I,
)
_SIGNALS: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("statutory direction", 3, re.compile(r"\bstatutory\s+direction", _I)),
    (
        "ILACS",
        3,
        re.compile(r"\bILACS\b|\binspection\s+of\s+local\s+authority\s+children", _I),
    ),
    (
        "commissioner",
        3,
        re.compile(
            rf"\bchildren{_APOSTROPHE}?s?\s+services\s+commissioner|\bcommissioner[- ]led\b", _I
        ),
    ),
    ("monitoring visit", 2, re.compile(r"\b(?:monitoring|focus+ed)\s+visits?\b", _I)),
    (
        "improvement plan",
        2,
        re.compile(r"\bimprovement\s+(?:action\s+)?(?:plan|board|programme)s?\b", _I),
    ),
    ("inadequate", 2, re.compile(r"\binadequate\b", _I)),
    ("Ofsted", 1, re.compile(r"\bOfsted\b", _I)),
    ("inspection", 1, re.compile(r"\binspect(?:ion|ions|ed|ors?)\b", _I)),
    ("action plan", 1, re.compile(r"\baction\s+plans?\b", _I)),
)
_OFF_TOPIC_TITLE = re.compile(
    r"\b(?:budget|outturn|revenue|treasury|council\s+tax|medium[- ]term\s+financial|"
    r"capital\s+(?:programme|investment|strategy|works)|procurement|procure|contracts?|"
    r"tenders?|fees|charges|litter|waste|highways?|parking|planning\s+application)\b",
    _I,
)
_SUBJECT_MINIMUM = 2
_TOTAL_MINIMUM = 4


def _signals(text: str) -> set[str]:
    return {name for name, _, pattern in _SIGNALS if pattern.search(text)}


def _weight(signals: set[str]) -> int:
    return sum(weight for name, weight, _ in _SIGNALS if name in signals)


def is_childrens_services_improvement(decision: DecisionSummary) -> bool:
    """Apply the three rules in the module docstring."""
    title, purpose = decision.title, decision.purpose
    decision_text, options_considered = decision.decision_text, decision.options_considered
    subject = _ROLES.sub(" ", f"{title}\n{purpose}")
    body = _ROLES.sub(" ", f"{decision_text}\n{options_considered}")
    if not _CHILDRENS_SERVICES.search(f"{subject}\n{body}"):
        return False
    subject_signals = _signals(subject)
    if _weight(subject_signals) < _SUBJECT_MINIMUM:
        return False
    if _weight(subject_signals | _signals(body)) < _TOTAL_MINIMUM:
        return False
    clean_title = _ROLES.sub(" ", title)
    title_on_topic = _CHILDRENS_SERVICES.search(clean_title) or _signals(clean_title)
    return not (_OFF_TOPIC_TITLE.search(title) and not title_on_topic)
