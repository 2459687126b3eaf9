"""A kill after the chunks commit, before the final derived step: a plain re-run (every file
unchanged) still rebuilds the follow-up links."""

from __future__ import annotations

import pytest

from decisions import changes
from decisions.importing.pipeline import find_notice_files, import_sources, read_sources
from decisions.timelines.models import DecisionLink, Timeline
from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db


class Killed(Exception):
    pass


def test_a_rerun_after_a_crash_rebuilds_the_follow_up_links(monkeypatch) -> None:
    Timeline.objects.get_or_create(
        slug="childrens-services-improvement",
        defaults={"title": "Children's services improvement"},
    )
    real_step = changes.run_derived_steps

    def killed_at_the_end(ids, *, kind, final: bool) -> None:
        if final:
            raise Killed  # as if the process died after the last chunk committed
        real_step(ids, kind=kind, final=final)

    monkeypatch.setattr(changes, "run_derived_steps", killed_at_the_end)
    files, _ = find_notice_files([SAMPLES])
    with pytest.raises(Killed):
        import_sources(read_sources(files))
    assert not DecisionLink.objects.exists()
    monkeypatch.setattr(changes, "run_derived_steps", real_step)

    summary = import_sources(read_sources(files))
    assert summary.counts["unchanged"] == 5
    assert DecisionLink.objects.exists()
