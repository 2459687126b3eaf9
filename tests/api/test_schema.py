"""The OpenAPI 3 schema at /api/schema/, and the docs page that reads it."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from decisions.api.reference import endpoint_reference

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
        "/api/decisions/{council}/{reference}/",
        "/api/decisions/{reference}/",
        "/api/councils/",
        "/api/councillors/",
        "/api/councillors/{slug}/",
        "/api/timelines/",
        "/api/timelines/{slug}/",
        "/api/timelines/{council}/{slug}/",
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
    extra = {"id", "web", "modified", "withdrawn", "withdrawn_reason", "license"}
    assert decision == {*export_fields(), *extra}
    assert set(components["EventRecord"]["properties"]) == set(EventRecord.__annotations__)


def test_it_types_every_search_parameter_as_the_api_reads_it(client) -> None:
    schema = client.get("/api/schema/?format=json").json()
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/decisions/"]["get"]["parameters"]
    }
    assert parameters["year"] == {"type": "integer", "minimum": 1974, "maximum": 2100}
    assert parameters["date_from"]["type"] == "string"
    assert "format" not in parameters["date_from"]  # 15/12/2022 is read too
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert parameters["modified_since"] == {"type": "string", "format": "date-time"}


def test_it_prints_the_reference_on_the_docs_page_in_the_site_s_layout(client) -> None:
    html = client.get("/api/docs/").content.decode()
    assert '<a class="site-header__name" href="/">Cabinet decisions archive</a>' in html
    assert '<li><a href="/">Home</a></li>' in html
    assert '<div id="swagger-ui" class="api-console"></div>' in html
    assert "<code>GET /api/decisions/</code>" in html
    assert (
        '<th scope="row"><code>year</code></th><td>query</td><td>integer from 1974 to 2100</td>'
        in html
    )
    assert html.index('id="swagger-ui"') < html.index('id="reference"')


def test_it_reads_endpoints_from_a_schema() -> None:
    schema = {
        "paths": {
            "/api/x/{ref}/": {
                "get": {
                    "description": "One  x.",
                    "parameters": [
                        {
                            "name": "ref",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {"name": "sort", "in": "query", "schema": {"enum": ["a", "b"]}},
                        {
                            "name": "on",
                            "in": "query",
                            "schema": {"type": "string", "format": "date"},
                        },
                    ],
                    "responses": {"200": {"description": ""}, "404": {"description": "None."}},
                }
            }
        }
    }
    [endpoint] = endpoint_reference(schema)
    assert (endpoint.method, endpoint.path, endpoint.summary) == ("GET", "/api/x/{ref}/", "One x.")
    assert endpoint.anchor == "get-api-x-ref"
    assert [(p.name, p.where, p.type, p.required) for p in endpoint.parameters] == [
        ("ref", "path", "string", True),
        ("sort", "query", "one of: a, b", False),
        ("on", "query", "date (YYYY-MM-DD)", False),
    ]
    assert endpoint.responses == (("200", ""), ("404", "None."))
