"""Fixtures for the public archive's tests: the five real sample notices, imported.

Import the fixtures you use explicitly: `from tests.fixtures_archive import seeds_fixture`
makes the `seeds` fixture available to that module.
"""

from __future__ import annotations

import pytest

from decisions.councils import first_council
from decisions.importing.pipeline import find_notice_files, import_sources, read_sources
from decisions.models import Decision
from decisions.timelines.models import Timeline
from tests.conftest import SAMPLES

# What each sample is, by its file number: the facts the search tests rely on.
SEED_REFERENCES = {
    "000": "I50043387",  # Ofsted Improvement Action Plan, 15 Dec 2022, key decision
    "001": "I50052101",  # Children and Young Persons' Improvement Plan - Phase 3, 17 Jul 2025
    "002": "I50042913",  # Inspection of Herefordshire Children's Services, 29 Sep 2022
    "003": "I50027300",  # ILACS inspection outcome, 18 Oct 2018, signed "JG Lester"
    "004": "I50053845",  # Children's Improvement Plan Phase 3, 5 Feb 2026
}


def import_seed_notices() -> dict[str, Decision]:
    """Import samples/notices/ through the real pipeline; return decisions by file number."""
    # Transactional tests (the browser ones) flush the rows data migrations made.
    Timeline.objects.get_or_create(
        council=first_council(),
        slug="childrens-services-improvement",
        defaults={"title": "Children's services improvement"},
    )
    files, missing = find_notice_files([SAMPLES])
    assert not missing
    summary = import_sources(read_sources(files))
    assert summary.counts["created"] == len(SEED_REFERENCES), summary.line()
    by_reference = {
        decision.reference: decision
        for decision in Decision.objects.filter(reference__in=SEED_REFERENCES.values())
    }
    return {number: by_reference[ref] for number, ref in SEED_REFERENCES.items()}


@pytest.fixture(name="seeds")
def seeds_fixture(db: None) -> dict[str, Decision]:
    """The five sample notices, imported; keyed "000" to "004"."""
    return import_seed_notices()
