"""Synthetic written statements of a decision, for benchmarks and tests of the whole pipeline.

Pure Python. Each notice comes with the values parse_notice should read from it. The notices
cycle through every known layout (html, tabbed-p, continued, unlabelled), every signature form
(one tab row, <p> pieces, several lines with the name broken), three encodings, two line
endings, four date styles, key and non-key decisions, single cabinet members as decision makers,
and lettered, numbered and roman clauses. Every notice has a unique reference and a unique
made-up word (its rare token), so search benchmarks can look for rare words as well as common.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from decisions.parsing.dates import MONTHS


def _words(text: str) -> tuple[str, ...]:
    """The words of a vocabulary string, as a tuple."""
    return tuple(text.split())


LAYOUTS = ("html", "tabbed-p", "continued", "unlabelled")
SIGNATURES = ("row", "p", "multiline")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")
DATE_STYLES = ("long", "ordinal", "numeric", "short")
CLAUSE_STYLES = ("a)", "(a)", "a.", "1.", "1)")

HOSTS = ("councillors.herefordshire.gov.uk", "democracy.example-council.gov.uk")
SHORT_MONTHS = _words("Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec")
PORTFOLIOS = (
    "children and young people",
    "children and families",
    "finance and corporate services",
    "infrastructure and transport",
    "environment",
    "housing, regulatory services and community safety",
    "health and adult wellbeing",
    "commissioning, procurement and assets",
)
FIRST_NAMES = _words(
    "Alun Bethan Carys Dafydd Elin Gareth Hywel Iona Jonah Keri Lowri Madoc Nerys Owain "
    "Rhian Seren Tomos Wynne Yasmin Zara"
)
SURNAMES = _words(
    "Ashdown Bevan Castellan Driscoll Ellery Fairweather Gwilliam Harcourt Ingram Jessop "
    "Kettlewell Lethbridge Marchbank Newbold Ormerod Pendry Quennell Radnor Stallard "
    "Tregarthen"
)
COMMON_SUBJECTS = (
    "highways maintenance",
    "school transport",
    "council tax support",
    "adult social care",
    "children's services",
    "waste collection",
    "housing allocations",
    "library services",
    "leisure centres",
    "planning policy",
    "public health",
    "climate emergency",
)
COMMON_NOUNS = ("plan", "strategy", "contract", "budget", "policy", "review", "programme")
RARE_WORDS = _words(
    "bollard culvert hedgerow orchard lengthsman coppice withy tithe sluice ford barrow "
    "perry cider drover stile lychgate smithy wharf weir mere bridleway spinney copse "
    "dingle kiln mortuary verderer reeve glebe heriot pannage commoner warren lammas"
)
PLACES = (
    "Hereford",
    "Leominster",
    "Ledbury",
    "Ross-on-Wye",
    "Kington",
    "Bromyard",
    "Golden Valley",
    "Wye Valley",
    "Credenhill",
    "Colwall",
)
ACTIONS = (
    "be approved",
    "be noted",
    "be adopted for consultation",
    "be endorsed",
    "be referred to scrutiny",
    "be reviewed within twelve months",
)
PURPOSE_OPENINGS = (
    "To approve the {subject} {noun} for {place}",
    "The purpose of this report is to present cabinet with the {subject} {noun}",
    "To consider the outcome of the consultation on the {subject} {noun}",
    "To agree the next steps for the {subject} {noun} in {place}",
)
_SYLLABLES = _words("ba de fi go ku la me ni po ru sa te vi wo xu ya zo ke mi du")
_ROMANS = ("i", "ii", "iii", "iv", "v")
_BOILERPLATE = (
    "Information about cabinet, including the names and contact details of the cabinet "
    "members, can be found here: "
)
_KEY_REASON = (
    "This is a key decision because it is likely to result in the council incurring "
    "expenditure which is, or the making of savings which are, significant having regard to "
    "the council\u2019s budget for the service or function concerned."
)
_NOTICE_SERVED = (
    "A notice was served in accordance with Part 3 (Key decisions) of The Local Authorities "
    "(Executive Arrangements) (Meetings and Access to Information) (England) Regulations 2012."
)
_GENERAL_EXCEPTION = "General exception or special urgency (as defined in the constitution)"
_CALL_IN = (
    "Call-in expiry date (decisions are not subject to call-in where special urgency provisions "
    "apply)"
)
_FOOTNOTES = (
    "a record of any conflict of interest declared by any executive member who is consulted "
    "by the member which relates to the decision;",
    "in respect of any declared conflict of interest, a note of dispensation granted.",
)
_DOCS = "As set out in the report. Documents relating to this decision are available at"
_FIRST_DAY = date(2015, 1, 1).toordinal()
_LAST_DAY = date(2026, 12, 31).toordinal()


@dataclass(frozen=True)
class SyntheticNotice:
    """One generated notice: a file name, its bytes, and what parse_notice should find."""

    name: str  # e.g. "syn_000123_html.txt"
    data: bytes
    expected: dict[str, Any]


@dataclass(frozen=True)
class _Clause:
    """A clause to write: its label, text and the index of its parent clause."""

    label: str
    text: str
    parent: int | None


def generate_notices(count: int, *, seed: int = 0) -> Iterator[SyntheticNotice]:
    """Yield count synthetic notices, the same ones for the same seed."""
    rng = random.Random(seed)
    for index in range(count):
        yield _notice(index + seed, index, seed, rng)


def rare_token(number: int) -> str:
    """A made-up word that no other number gives: 'zqbabababa' for 0, 'zqdebababa' for 1."""
    syllables = []
    for _ in range(4):
        number, digit = divmod(number, len(_SYLLABLES))
        syllables.append(_SYLLABLES[digit])
    while number:
        number, digit = divmod(number, len(_SYLLABLES))
        syllables.append(_SYLLABLES[digit])
    return "zq" + "".join(syllables)


def reference_number(index: int, seed: int) -> int:
    """The issue number of notice `index` of a seed: its reference is "I" and this number."""
    return 10_000_000 * (1 + seed % 9) + index


def notice_token(index: int, seed: int) -> str:
    """The rare token of notice `index` of a seed (in its purpose and one clause)."""
    return rare_token(seed * 10_000_000 + index)


def _notice(cycle: int, index: int, seed: int, rng: random.Random) -> SyntheticNotice:
    """Build one notice; cycle picks the variant so that every combination comes round."""
    layout = LAYOUTS[cycle % 4]
    signature_form = SIGNATURES[(cycle // 4) % 3]
    encoding = ENCODINGS[cycle % 3]
    newline = "\r\n" if (cycle // 3) % 2 else "\n"
    date_style = DATE_STYLES[(cycle // 2) % 4]
    clause_style = CLAUSE_STYLES[cycle % 5]
    nested = cycle % 7 in (0, 3)
    is_key = cycle % 3 == 1
    single_member = (cycle // 2) % 3 == 0
    mojibake = encoding == "utf-8" and cycle % 5 == 2
    nbsp = cycle % 6 == 5

    number = reference_number(index, seed)
    token = notice_token(index, seed)
    rare = rng.choice(RARE_WORDS)
    subject, noun, place = rng.choice(COMMON_SUBJECTS), rng.choice(COMMON_NOUNS), rng.choice(PLACES)
    decided = date.fromordinal(rng.randint(_FIRST_DAY, _LAST_DAY))
    call_in = decided + timedelta(days=rng.choice((5, 6, 7)))
    portfolio = rng.choice(PORTFOLIOS)
    maker = f"Cabinet member {portfolio}" if single_member else "Cabinet"
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    if rng.random() < 0.3:
        last = f"{last}-{rng.choice(SURNAMES)}"
    role = maker if single_member else "Leader of the Council"
    host = HOSTS[0] if cycle % 10 else HOSTS[1]

    title = f"{subject.capitalize()} {noun}: {rare} review {decided.year}"
    purpose = (
        rng.choice(PURPOSE_OPENINGS).format(subject=subject, noun=noun, place=place)
        + f", including the {token} proposals \u2013 phase {rng.randint(1, 4)}."
    )
    clauses = _clauses(rng, clause_style, nested, subject, noun, place, token)
    url, source_url = _issue_url(cycle, host, number)
    written = {
        "title": title,
        "maker": maker,
        "decided": _written_date(decided, date_style),
        "call_in": _written_date(call_in, date_style),
        "purpose": purpose.replace(" \u2013 ", " \u00e2\u20ac\u201c ") if mojibake else purpose,
        "url": url,
        "host": host,
        "options": f"To do nothing \u2013 rejected because the {noun} would lapse.",
        "signature": _signature(signature_form, role, first, last, _written_date(decided, "long")),
    }
    render = {
        "html": _render_html,
        "tabbed-p": _render_tabbed_p,
        "continued": _render_continued,
        "unlabelled": _render_unlabelled,
    }[layout]
    text = render(written, clauses, clause_style, is_key, number)
    if nbsp:
        text = text.replace("Date of decision\t", "Date of decision\t\u00a0", 1).replace(
            f" {token} ", f"\u00a0{token}\u00a0", 1
        )
    data = text.replace("\n", newline).encode(encoding)
    expected = {
        "reference": f"I{number}",
        "title": title,
        "decision_date": decided,
        "decision_maker": maker,
        "is_key_decision": is_key,
        "clause_labels": tuple(clause.label for clause in clauses),
        "clause_parents": tuple(clause.parent for clause in clauses),
        "signatory_name": f"{first} {last}",
        "signatory_role": role,
        "signed_date": decided,
        "call_in_expiry": call_in,
        "purpose": purpose,
        "source_url": source_url,
        "layout": layout,
        "rare_token": token,
        "rare_word": rare,
        "encoding": encoding,
        "signature_form": signature_form,
    }
    return SyntheticNotice(name=f"syn_{index:06d}_{layout}.txt", data=data, expected=expected)


def _clauses(
    rng: random.Random,
    style: str,
    nested: bool,
    subject: str,
    noun: str,
    place: str,
    token: str,
) -> list[_Clause]:
    """Between one and five top-level clauses, perhaps with roman sub-clauses under one."""
    count = rng.randint(1 if not nested else 2, 5)
    numbered = style.startswith(("1", "(1"))
    labels = [str(n + 1) if numbered else "abcde"[n] for n in range(count)]
    clauses: list[_Clause] = []
    for position, label in enumerate(labels):
        action = rng.choice(ACTIONS)
        if position == 0:
            text = f"the {subject} {noun} for {place} {action}"
        elif position == 1:
            text = f"the {token} arrangements for {rng.choice(PLACES)} {action}"
        else:
            text = f"the director be authorised to deliver the {noun} in {rng.choice(PLACES)}"
        if nested and position == 1:
            clauses.append(_Clause(label, "the following steps be taken:", None))
            parent = len(clauses) - 1
            for roman in _ROMANS[: rng.randint(2, 3)]:
                clauses.append(
                    _Clause(roman, f"a {rng.choice(RARE_WORDS)} survey {action}", parent)
                )
        else:
            clauses.append(_Clause(label, text, None))
    return clauses


def _label(label: str, style: str, *, roman: bool = False) -> str:
    """A label as the notice prints it: 'a)', '(a)', 'a.', '1.', '1)', '(i)'."""
    if roman:
        return f"({label})" if style == "(a)" else f"{label}."
    if style in ("(a)",):
        return f"({label})"
    return f"{label}{style[-1]}"


def _clause_lines(clauses: list[_Clause], style: str) -> list[str]:
    """Each clause as printed, ending in ';', '; and' before the last of its list, or '.'."""
    lines = []
    for index, clause in enumerate(clauses):
        siblings = [i for i, other in enumerate(clauses) if other.parent == clause.parent]
        if clause.text.endswith(":"):
            ending = ""
        elif index == len(clauses) - 1:
            ending = "."
        elif len(siblings) > 1 and index == siblings[-2]:
            ending = "; and"
        else:
            ending = ";"
        label = _label(clause.label, style, roman=clause.parent is not None)
        lines.append(f"{label} {clause.text}{ending}")
    return lines


def _issue_url(cycle: int, host: str, number: int) -> tuple[str, str]:
    """The documents URL as printed (sometimes OCR-damaged) and as the parser repairs it."""
    page, param = (
        ("mgIssueHistoryHome", "IId"),
        ("mglssueHistoryHome", "lld"),
        ("mgIssueHistoryHome", "Id"),
        ("mglIssueHistoryHome", "IId"),
    )[cycle % 4]
    return (
        f"http://{host}/{page}.aspx?{param}={number}",
        f"http://{host}/mgIssueHistoryHome.aspx?IId={number}",
    )


def _written_date(day: date, style: str) -> str:
    """A date as the notices write it: '5 March 2021', '5th March 2021', '05/03/2021'."""
    if style == "numeric":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if style == "short":
        return f"{day.day} {SHORT_MONTHS[day.month - 1]} {day.year}"
    if style == "ordinal":
        suffix = (
            "th" if 11 <= day.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
        )
        return f"{day.day}{suffix} {MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _signature(form: str, role: str, first: str, last: str, signed: str) -> str:
    """The signature block in one of its three printed forms."""
    if form == "row":
        return f"Councillor:\t{role} (Councillor {first} {last})\tDate\t{signed}\t"
    if form == "p":
        return (
            f"<p>Councillor: .....</p> <p>{role} (Councillor {first} {last})</p>\t"
            f"<p>Date {signed}</p>\n---\t------------------------------"
        )
    return f"---\n\nCouncillor: .....\n\nDate {signed}\n\n{role} (Councillor {first}  \n{last})"


def _header(is_key: bool) -> str:
    """The notice's heading line."""
    return f"Written statement of a {'key' if is_key else 'non-key'} decision"


def _key_rows(is_key: bool) -> str:
    """The two rows only key decisions have, with the notice-served line between them."""
    if not is_key:
        return ""
    return (
        f"Reason for being a key decision\t{_KEY_REASON}\n{_NOTICE_SERVED}\t\n"
        f"{_GENERAL_EXCEPTION}\tNo\n"
    )


def _footnotes(bullet: str) -> str:
    """The two footnotes the template prints after the signature."""
    return f"\n\n{bullet} {_FOOTNOTES[0]}\n{bullet} and\n{bullet} {_FOOTNOTES[1]}"


def _render_html(
    w: dict[str, str], clauses: list[_Clause], style: str, is_key: bool, number: int
) -> str:
    """Markdown bold and HTML: <b> labels, an <ol> of explicitly labelled <li> items."""
    committee = f"http://{w['host']}/mgCommitteeDetails.aspx?ID=251"
    maker = w["maker"]
    if maker == "Cabinet":
        maker += f' {_BOILERPLATE}<a href="{committee}">{committee}</a>'
    items = " ".join(f"<li>{line}</li>" for line in _clause_lines(clauses, style))
    return (
        f"\n\n**{_header(is_key)}**  \n**{w['maker']}**\n\n"
        f"<b>Title</b>\t<b>{w['title']}</b>\n"
        f"Decision maker\t{maker}\n"
        f"Date of decision\t{w['decided']}\n"
        f"Report exemption class\tOpen\n"
        f"{_key_rows(is_key)}"
        f"Purpose\t{w['purpose']}\n"
        f'<b>Decision</b>\tThat: <ol style="list-style-type: none"> {items} </ol>\n\n'
        f'Reason for the decision\t{_DOCS} <a href="{w["url"]}">{w["url"]}</a>\n'
        f"Options considered\t{w['options']}\n"
        f"Declarations of interest (see below)\t\n"
        f"{_CALL_IN}\t{w['call_in']}\n\n"
        f"{w['signature']}{_footnotes('-')}"
    )


def _render_tabbed_p(
    w: dict[str, str], clauses: list[_Clause], style: str, is_key: bool, number: int
) -> str:
    """Tab rows with <p> fragments, and the call-in label broken over two lines."""
    committee = f"http://{w['host']}/mgCommitteeDetails.aspx?ID=251"
    maker = f"<p>{w['maker']}</p>"
    if w["maker"] == "Cabinet":
        maker += f" <p>{_BOILERPLATE.strip()}</p> <p>{committee}</p>"
    paragraphs = " ".join(f"<p>{line}</p>" for line in _clause_lines(clauses, style))
    return (
        f"\n\n{_header(is_key)}\n{w['maker']}\n\n"
        f"Title\t{w['title']}\n"
        f"Decision maker\t{maker}\n"
        f"Date of decision\t{w['decided']}\n"
        f"Report exemption class\tOpen\n"
        f"{_key_rows(is_key)}"
        f"Purpose\t{w['purpose']}\n"
        f"Decision\t<p>That:</p> {paragraphs}\n"
        f"Reason for the decision\t<p>{_DOCS}</p> <p>{w['url']}</p>\n"
        f"Options considered\t{w['options']}\n"
        f"Declarations of interest (see below)\t\n"
        f"Call-in expiry date (decisions are not subject to call-in)\t{w['call_in']}\n\n"
        f"where special urgency provisions apply)\t\n---\t--\n\n"
        f"{w['signature']}{_footnotes('-')}"
    )


def _render_continued(
    w: dict[str, str], clauses: list[_Clause], style: str, is_key: bool, number: int
) -> str:
    """An issue reference line, inline clauses, and rows continued on tab-indented lines."""
    lines = _clause_lines(clauses, style)
    half = max(1, len(lines) // 2)
    first_part, second_part = " ".join(lines[:half]), " ".join(lines[half:])
    decision = f"Decision\t {first_part}"
    if second_part:
        decision += f"\n\n\t{second_part}"
    return (
        f"\n\nIssue reference: I{number}\n\n{_header(is_key)} {w['maker']}\n\n"
        f"Title\t{w['title']}\n"
        f"Decision maker\t{w['maker']} {_BOILERPLATE}http://{w['host']}/mgCommitteeDetails.aspx?ID=251\n"
        f"Date of decision\t{w['decided']}\n"
        f"Report exemption class\tOpen\n"
        f"{_key_rows(is_key)}"
        f"Purpose\t{w['purpose']}\n"
        f"{decision}\n"
        f"Reason for the decision\t{_DOCS} {w['url']}\n"
        f"Options considered\tThere are no alternative options. The council is directed as "
        f"follows: to comply with any instructions of the Secretary of State or\n\n"
        f"\tthe commissioner; b) to co-operate with the commissioner: i. on premises; "
        f"ii. on documents.\n"
        f"Declarations of interest (see \u2022 below)\t\n"
        f"{_CALL_IN}\t{w['call_in']}\n\n"
        f"{w['signature']}\n\n\u2022 {_FOOTNOTES[0]}\n\n\u2022\t\u2022 {_FOOTNOTES[1]}\t\t\t"
    )


def _render_unlabelled(
    w: dict[str, str], clauses: list[_Clause], style: str, is_key: bool, number: int
) -> str:
    """The first rows without labels, one per line with trailing tabs, and a broken URL."""
    maker = w["maker"]
    if maker == "Cabinet":
        maker += f" {_BOILERPLATE}<u>http://{w['host']}/mgCommitteeDetails.aspx?l</u> D=251"
    key_rows = f"{_KEY_REASON}\t\t\t\n{_NOTICE_SERVED}\t\t\t\nNo\t\t\t\n" if is_key else ""
    decision = " ".join(_clause_lines(clauses, style))
    return (
        f"\n\nIssue reference: I{number}\n\n{_header(is_key)} Cabinet\n\n"
        f"{w['title']}\t\t\t\n"
        f"{maker}\t\t\t\n"
        f"{w['decided']}\t\t\t\n"
        f"Open\t\t\t\n"
        f"{key_rows}"
        f"{w['purpose']}\t\t\t\n"
        f" That: {decision} \t\t\t\n\n"
        f"Reason for the decision\t{_DOCS} {w['url']}\t\t\t\t\n"
        f"Options considered\t1. {w['options']}\t\t\t\t\n"
        f"Declarations of interest (see \u2022 below)\t\t\t\t\t\n"
        f"{_CALL_IN}\t{w['call_in']}\t\t\t\t\n\n"
        f"{w['signature']}\n\n a record of any conflict of interest\n\nand\n\n"
        f"\u2022 {_FOOTNOTES[1]}"
    )
