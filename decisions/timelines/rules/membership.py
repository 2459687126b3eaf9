"""Whether a decision belongs to the children's-services improvement timeline, judged from
its Title, Purpose, Decision and Options.

Children's-services improvement (``CHILDRENS_SERVICES_IMPROVEMENT``)
-------------------------------------------------------------------
The story of Ofsted inspections of the council's children's services, their judgements, and
the instruments of intervention and improvement that answer them: Ofsted judgements and
monitoring visits, improvement notices, statutory directions, commissioners, Department for
Education advisers, improvement boards, and improvement plans and their funding. A decision
belongs to it when all of these hold:

1. **It is about children's services.** "Children's services", "children's social care",
   "children and young people/persons", "children's improvement" or the ILACS framework
   (an inspection of children's services by definition) appear somewhere in its text.
   Job titles and committee names are removed first: "the Corporate Director for Children
   and Young People" signs off school transport and nursery contracts too, and "the
   Children and Young People Scrutiny Committee" reviews them. This is what keeps out an
   improvement notice from the Health and Safety Executive, or a commissioner of police.
2. **Its subject is improvement.** Each signal found counts once, with a weight:
   - 3, an instrument of intervention: a statutory direction (or a direction under section
     497A of the Education Act 1996); an improvement notice; ILACS; a commissioner sent in
     ("the Children's Services Commissioner", "a commissioner appointed by the Secretary of
     State", "the appointment of a commissioner", "commissioner for children's social
     care", "commissioner-led"; not the Children's Commissioner for England, who
     intervenes in no council); a Department for Education adviser ("the DfE adviser",
     "the Department for Education's improvement adviser", "improvement adviser");
   - 2: a monitoring or focused visit; an improvement plan, board or programme; the
     funding of an improvement plan ("to fund the delivery of the improvement plan",
     "investment in the improvement programme"), which is a step in the plan; an
     "inadequate" judgement;
   - 1: Ofsted, inspection and action plan.
   The title and purpose say what a decision is about, so they must score at least 2 on
   their own, and the whole text at least 4; or the title itself names an instrument of
   intervention (a weight-3 signal: "Appointment of a commissioner for children's social
   care", "Response to the improvement notice"), which is then the decision's subject
   however little else the notice says. A budget report that mentions a children's
   services overspend, or a nursery contract that asks for providers "rated good by
   Ofsted", scores too little.
3. **Its title is not about something else.** A title about a budget, outturn, financial
   strategy, contract, procurement, capital programme, fees, transport or street services
   that names neither children's services nor an improvement signal keeps the decision
   out, however much its purpose mentions the improvement work: a quarterly budget report
   or a medium-term financial strategy explains the cost of the improvement plan, the
   commissioner and the improvement notice, but is not a step in them. A title that names
   the plan ("Funding the delivery of the improvement plan") is on topic.
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
_IMPROVEMENT_PLAN = r"improvement\s+(?:action\s+)?(?:plan|programme)s?\b"
_SIGNALS: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    (
        "statutory direction",
        3,
        re.compile(r"\bstatutory\s+direction|\bsection\s+497A\b", _I),
    ),
    ("improvement notice", 3, re.compile(r"\bimprovement\s+notices?\b", _I)),
    (
        "ILACS",
        3,
        re.compile(r"\bILACS\b|\binspection\s+of\s+local\s+authority\s+children", _I),
    ),
    (
        "commissioner",
        3,
        re.compile(
            rf"\bchildren{_APOSTROPHE}?s?\s+services\s+commissioner|\bcommissioner[- ]led\b"
            rf"|\bcommissioners?\s+(?:appointed\s+by|for\s+children{_APOSTROPHE}?s?\s+"
            r"(?:services|social\s+care))"
            r"|\bappointment\s+of\s+(?:a|an|the)\s+(?:new\s+|interim\s+)?commissioner\b"
            r"|\b(?:DfE|Department\s+for\s+Education)\s+commissioner",
            _I,
        ),
    ),
    (
        "DfE adviser",
        3,
        re.compile(
            rf"\b(?:DfE|Department\s+for\s+Education)(?:{_APOSTROPHE}s)?\s+(?:[\w-]+\s+){{0,2}}?"
            r"advis[eo]rs?\b|\bimprovement\s+advis[eo]rs?\b",
            _I,
        ),
    ),
    ("monitoring visit", 2, re.compile(r"\b(?:monitoring|focus+ed)\s+visits?\b", _I)),
    (
        "improvement plan",
        2,
        re.compile(rf"\b{_IMPROVEMENT_PLAN}|\bimprovement\s+boards?\b", _I),
    ),
    (
        "improvement funding",
        2,
        re.compile(
            r"\b(?:fund(?:s|ed|ing)?|financ(?:e|es|ed|ing)|resourc(?:e|es|ed|ing)|"
            r"invest(?:s|ed|ing|ment)?)\s+(?:in\s+)?(?:the\s+)?(?:delivery\s+of\s+)?(?:the\s+)?"
            rf"(?:[\w'’-]+\s+){{0,3}}?{_IMPROVEMENT_PLAN}",
            _I,
        ),
    ),
    ("inadequate", 2, re.compile(r"\binadequate\b", _I)),
    ("Ofsted", 1, re.compile(r"\bOfsted\b", _I)),
    ("inspection", 1, re.compile(r"\binspect(?:ion|ions|ed|ors?)\b", _I)),
    ("action plan", 1, re.compile(r"\baction\s+plans?\b", _I)),
)
_OFF_TOPIC_TITLE = re.compile(
    r"\b(?:budget|outturn|revenue|treasury|council\s+tax|medium[- ]term\s+financial|"
    r"capital\s+(?:programme|investment|strategy|works)|procurement|procure|contracts?|"
    r"financial\s+(?:strategy|plan)|tenders?|fees|charges|litter|waste|highways?|parking|"
    r"transport|planning\s+application)\b",
    _I,
)
_SUBJECT_MINIMUM = 2
_TOTAL_MINIMUM = 4
_INTERVENTION_WEIGHT = 3


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
    clean_title = _ROLES.sub(" ", title)
    title_signals = _signals(clean_title)
    title_names_an_intervention = any(
        weight >= _INTERVENTION_WEIGHT and name in title_signals for name, weight, _ in _SIGNALS
    )
    subject_signals = _signals(subject)
    if not title_names_an_intervention:
        if _weight(subject_signals) < _SUBJECT_MINIMUM:
            return False
        if _weight(subject_signals | _signals(body)) < _TOTAL_MINIMUM:
            return False
    title_on_topic = _CHILDRENS_SERVICES.search(clean_title) or title_signals
    return not (_OFF_TOPIC_TITLE.search(title) and not title_on_topic)
