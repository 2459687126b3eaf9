"""decisions/search/params.py: the query string's contract, and the 400 body naming bad ones."""

from __future__ import annotations

from decisions.search.params import invalid_parameter_body


def test_it_names_each_bad_parameter_with_its_messages() -> None:
    body = invalid_parameter_body({"year": ["Year must be a number"], "key": ("No", "Never")})

    assert body == {
        "detail": "Invalid parameter: year, key",
        "errors": {"year": ["Year must be a number"], "key": ["No", "Never"]},
    }


def test_a_forms_own_errors_are_non_field_errors_and_messages_are_text() -> None:
    class Lazy:
        def __str__(self) -> str:
            return "The ‘to’ date must be after the ‘from’ date"

    body = invalid_parameter_body({"__all__": [Lazy()]})

    assert body == {
        "detail": "Invalid parameter: non_field_errors",
        "errors": {"non_field_errors": ["The ‘to’ date must be after the ‘from’ date"]},
    }
