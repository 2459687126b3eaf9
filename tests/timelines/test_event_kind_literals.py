"""Event kinds are named by their EventKind member, never by a string literal of their value.

The vocabulary (rules/vocabulary.py) is their one home; a literal "deadline" compared with
a kind would keep working until the value changed, then silently match nothing.
"""

from __future__ import annotations

import ast
from pathlib import Path

from decisions.timelines.rules.vocabulary import EventKind

TIMELINES = Path(__file__).resolve().parent.parent.parent / "decisions" / "timelines"
KIND_VALUES = frozenset(kind.value for kind in EventKind)


def _kind_positions(tree: ast.AST) -> list[ast.expr]:
    """The expressions that stand for a kind: compared, returned, yielded, put in a set,
    passed as kind= or tied_to=, or paired with a pattern in a (kind, pattern) cue."""
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            found += [node.left, *node.comparators]
            found += [
                e
                for c in node.comparators
                if isinstance(c, ast.Tuple | ast.Set | ast.List)
                for e in c.elts
            ]
        elif isinstance(node, ast.Return | ast.Yield) and node.value is not None:
            found.append(node.value)
            if isinstance(node.value, ast.Tuple):
                found.append(node.value.elts[0])
        elif isinstance(node, ast.Set):
            found += node.elts
        elif isinstance(node, ast.keyword) and node.arg in {"kind", "tied_to"}:
            found.append(node.value)
        elif (
            isinstance(node, ast.Tuple)
            and len(node.elts) == 2
            and isinstance(node.elts[1], ast.Call)  # ("deadline", re.compile(...))
        ):
            found.append(node.elts[0])
    return found


def kind_literals(source: str) -> list[str]:
    """The string literals of a module that stand where a kind goes."""
    return [
        node.value
        for node in _kind_positions(ast.parse(source))
        if isinstance(node, ast.Constant) and node.value in KIND_VALUES
    ]


def test_it_finds_kinds_spelled_as_strings() -> None:
    source = (
        'if kind == "deadline": pass\n'
        'CUES = (("meeting", re.compile("x")),)\n'
        'KINDS = {"judgement"}\n'
        'def f():\n    return "inspection"\n'
        'make(kind="plan_phase")\n'
        'fields = ("decision", "origin")\n'  # a field name, not a kind
    )

    assert sorted(kind_literals(source)) == [
        "deadline", "inspection", "judgement", "meeting", "plan_phase",
    ]  # fmt: skip


def test_no_timeline_module_spells_an_event_kind_as_a_string() -> None:
    found = {
        str(path.relative_to(TIMELINES)): literals
        for path in sorted(TIMELINES.rglob("*.py"))
        if "migrations" not in path.parts
        and path.name != "vocabulary.py"
        and (literals := kind_literals(path.read_text(encoding="utf-8")))
    }

    assert found == {}
