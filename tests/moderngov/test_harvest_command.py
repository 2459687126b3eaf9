"""manage.py harvest: one council whose harvest stops on an error is reported, and the
next council is harvested; the command then exits 1."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from decisions.models import Council, Decision
from decisions.moderngov.management.commands import harvest as command
from tests.fakes.kirklees_site import serve_council
from tests.moderngov.conftest import SINCE, roads


def test_it_reports_a_council_whose_harvest_stops_and_goes_on_to_the_next(
    kirklees, settings, monkeypatch
) -> None:
    settings.HARVEST_REQUEST_INTERVAL = 0.0
    calderdale = Council.objects.create(
        name="Calderdale Council",
        slug="calderdale",
        reference_pattern=r"I[0-9]{4,12}",
        moderngov_url=kirklees.site.base_url + "/calderdale/",
    )
    serve_council(
        kirklees.site,
        [roads()],
        since=SINCE,
        until=timezone.localdate(),
        prefix="/calderdale/",
    )
    real = command.harvest_council

    def breaks_for_the_first(council, **options):
        if council.slug == "calderdale":
            raise RuntimeError("the database went away")
        return real(council, **options)

    monkeypatch.setattr(command, "harvest_council", breaks_for_the_first)
    # Kirklees is harvested after Calderdale (by slug), from the same fake site.
    serve_council(kirklees.site, [roads()], since=SINCE, until=timezone.localdate())
    out, err = StringIO(), StringIO()

    with pytest.raises(SystemExit) as exited:
        call_command("harvest", f"--since={SINCE}", stdout=out, stderr=err)

    assert exited.value.code == 1
    assert "calderdale: the harvest stopped: RuntimeError('the database went away')" in (
        err.getvalue()
    )
    assert "kirklees: created 1" in out.getvalue()
    assert Decision.objects.get().council == kirklees.council
    assert not Decision.objects.filter(council=calderdale).exists()
