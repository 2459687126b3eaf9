"""The OpenAPI 3 schema at /api/schema/, and the docs page that reads it."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_it_serves_a_valid_openapi_3_schema(client) -> None:
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)  # raises on anything OpenAPI 3 does not allow
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["license"]["name"] == "Open Government Licence v3.0"
    assert set(schema["paths"]) == {
        "/api/decisions/",
        "/api/decisions/{reference}/",
        "/api/councillors/",
        "/api/councillors/{slug}/",
        "/api/timelines/",
        "/api/timelines/{slug}/",
        "/api/corrections/",
    }


def test_it_documents_the_search_parameters_and_the_400(client) -> None:
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/decisions/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "year", "date_from", "date_to", "key", "councillor", "sort"} <= names
    assert {"modified_since", "page", "page_size"} <= names
    assert {"200", "400", "404"} <= set(operation["responses"])
    record = schema["components"]["schemas"]["Decision"]["properties"]
    assert {"reference", "clauses", "signatory", "web", "modified", "license"} <= set(record)


def test_it_serves_the_docs_without_inline_scripts(client) -> None:
    html = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html and "<style>" not in html  # the CSP forbids inline code
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()


def test_it_describes_every_field_of_the_export_record(client) -> None:
    from decisions.opendata.export import export_fields
    from decisions.timelines.export import EventRecord

    components = client.get("/api/schema/?format=json").json()["components"]["schemas"]
    decision = set(components["Decision"]["properties"])
    assert decision == {*export_fields(), "id", "web", "modified", "license"}
    assert set(components["EventRecord"]["properties"]) == set(EventRecord.__annotations__)
