"""Councillor name matching: the same person under different spellings, never two people."""

from __future__ import annotations

import pytest

from decisions.names import best_display_name, clean_name, parse_person_name, same_person


def person(raw: str):
    parsed = parse_person_name(raw)
    assert parsed is not None
    return parsed


def test_it_strips_titles_and_spacing() -> None:
    assert clean_name("Councillor  Jonathan\u00a0 Lester") == "Jonathan Lester"
    assert clean_name("Cllr. David Hitchiner)") == "David Hitchiner"


def test_it_splits_run_together_initials() -> None:
    assert person("JG Lester").given == ("J", "G")
    assert person("J.G. Lester").given == ("J", "G")
    assert person("Jonathan Lester").given == ("Jonathan",)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("JG Lester", "Jonathan Lester"),
        ("Councillor JG Lester", "Jonathan Gareth Lester"),
        ("J Lester", "JG Lester"),
        ("Lester", "Jonathan Lester"),
        ("Diana Toynbee", "diana toynbee"),
    ],
)
def test_it_matches_compatible_spellings(a: str, b: str) -> None:
    assert same_person(person(a), person(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jonathan Lester", "James Lester"),
        ("JG Lester", "JP Lester"),
        ("JG Lester", "Peter Lester"),
        ("Jonathan Lester", "Jonathan Hitchiner"),
        ("Jonathan Gareth Lester", "Jonathan Paul Lester"),
    ],
)
def test_it_never_merges_different_people(a: str, b: str) -> None:
    assert not same_person(person(a), person(b))


def test_it_prefers_the_most_complete_spelling() -> None:
    assert best_display_name(["JG Lester", "Jonathan Lester"]) == "Jonathan Lester"
    assert best_display_name(["Jonathan Lester", "J Lester"]) == "Jonathan Lester"


def test_it_strips_bidi_controls_and_invisible_characters_from_names() -> None:
    from decisions.names import clean_name

    assert clean_name("Jonathan \u202eLester\u202c") == "Jonathan Lester"
    assert clean_name("Jo\u200bnathan Les\u2066ter\u2069") == "Jonathan Lester"


def test_a_name_with_an_rtl_override_is_the_same_councillor(db) -> None:
    from decisions.importing.councillor_registry import CouncillorRegistry

    registry = CouncillorRegistry()
    plain = registry.resolve("Jonathan Lester")
    assert registry.resolve("Councillor Jonathan \u202eLester") is plain


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Siân Davies", "sian-davies"),
        ("Zoë Brontë", "zoe-bronte"),
        ("Łukasz Nowak", "lukasz-nowak"),
        ("Søren Straße", "soren-strasse"),
    ],
)
def test_slugs_keep_accented_letters_as_their_base_letter(name: str, slug: str) -> None:
    from decisions.councillors import free_slug

    assert free_slug(name, set()) == slug
