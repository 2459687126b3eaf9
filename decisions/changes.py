"""A decision changed: the one service every write path calls, and nothing else does.

Importing (create and update), admin saves, clause corrections, councillor renames, merges
and splits, and a backup load each end by calling `decisions_changed(ids, kind=...)` in the
write's own transaction, and nothing else stamps, re-indexes or re-derives a decision. It
sets `updated_at` (what API mirrors sync on with `modified_since`), rebuilds the search
documents and runs the derived steps that apps register, telling them the kind (timelines
today; alerts hang off the same kind).

A write made of several parts (an admin save: the fields, then the clauses) wraps them in
`changes_together()`, so the decision is rebuilt and re-derived once, not once a part.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

from decisions.models import Decision
from decisions.seams import run_derived_steps
from decisions.search.document import rebuild_search_documents
from decisions.vocabulary import ChangeKind

# A decision named under several kinds in one write counts once, as the first of these.
_PRECEDENCE = (
    ChangeKind.CREATED,
    ChangeKind.RESTORED,
    ChangeKind.WITHDRAWN,
    ChangeKind.CORRECTED,
    ChangeKind.UPDATED,
)
# Stamped as they are written (created), or keeping the stamp they were dumped with (restored).
_NOT_STAMPED = frozenset({ChangeKind.CREATED, ChangeKind.RESTORED})
_STAMP_BATCH = 500  # ids per UPDATE, well inside SQLite's limit on parameters

_pending: ContextVar[dict[ChangeKind, set[int]] | None] = ContextVar("pending", default=None)
_pending_documents_current: ContextVar[set[int] | None] = ContextVar(
    "pending_documents_current", default=None
)


def decisions_changed(
    decision_ids: Iterable[int],
    *,
    kind: ChangeKind,
    final: bool = True,
    search_documents_current: Collection[int] = (),
) -> None:
    """Record that these decisions changed: stamp, re-index and re-derive them.

    `kind` says how (created, updated, corrected, withdrawn or restored) and reaches the
    derived steps. With final=False (an import's chunk), a step may leave the work that compares
    many decisions for the final call of the run. `search_documents_current` names the
    decisions whose search documents were computed as they were written (PostgreSQL's
    COPY writer computes them on the way in, from the same SQL), so they are not rebuilt.
    """
    kind = ChangeKind(kind)
    ids = set(decision_ids)
    if not ids:
        return  # nothing changed (a councillor with no decisions renamed, say)
    pending = _pending.get()
    if pending is not None:
        pending.setdefault(kind, set()).update(ids)
        current = _pending_documents_current.get()
        assert current is not None
        current.update(search_documents_current)
        return
    _apply({kind: ids}, final=final, documents_current=set(search_documents_current))


@contextmanager
def changes_together(*, final: bool = True) -> Iterator[None]:
    """Collect the decisions_changed calls of one write and apply them once, at the end.

    An import's chunk passes final=False: the work that compares many decisions waits for
    `batch_finished()` at the end of the run. Exiting with an exception applies nothing:
    the write's transaction is rolled back with it.
    """
    if _pending.get() is not None:  # already inside one: the outermost applies them
        yield
        return
    pending: dict[ChangeKind, set[int]] = {}
    current: set[int] = set()
    token, documents_token = _pending.set(pending), _pending_documents_current.set(current)
    try:
        yield
    finally:
        _pending.reset(token)
        _pending_documents_current.reset(documents_token)
    if any(pending.values()):  # a write that changed nothing derives nothing
        _apply(pending, final=final, documents_current=current)


def batch_finished() -> None:
    """End a batch written in parts (an import's chunks): run the derived work that compares
    many decisions (follow-up links), even when this run changed nothing, so a re-run
    finishes what an interrupted one left undone."""
    _apply({}, final=True, documents_current=set())


def _apply(
    changed: dict[ChangeKind, set[int]], *, final: bool, documents_current: set[int]
) -> None:
    claimed: set[int] = set()
    by_kind: list[tuple[ChangeKind, list[int]]] = []
    for kind in _PRECEDENCE:
        ids = sorted(changed.get(kind, set()) - claimed)
        claimed.update(ids)
        by_kind.append((kind, ids))
    stamped = [pk for kind, ids in by_kind if kind not in _NOT_STAMPED for pk in ids]
    now = timezone.now()
    for start in range(0, len(stamped), _STAMP_BATCH):
        Decision.objects.filter(pk__in=stamped[start : start + _STAMP_BATCH]).update(updated_at=now)
    if claimed - documents_current:
        rebuild_search_documents(decision_ids=sorted(claimed - documents_current))
    steps = [(kind, ids) for kind, ids in by_kind if ids] or [(ChangeKind.UPDATED, [])]
    for n, (kind, ids) in enumerate(steps, start=1):
        # The work that compares many decisions runs once, with the last call.
        if ids or final:
            run_derived_steps(ids, kind=kind, final=final and n == len(steps))
