"""The API reference as the docs page prints it without JavaScript: each endpoint, its
parameters with their types and its responses, read from the OpenAPI schema (so the page
and the interactive console can never disagree). `endpoint_reference` is pure."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str  # "query" or "path"
    type: str  # "integer from 1974 to 2100", "date-time", "one of: newest, oldest"
    required: bool
    description: str


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    summary: str
    parameters: tuple[Parameter, ...]
    responses: tuple[tuple[str, str], ...]  # (status, description)

    @property
    def anchor(self) -> str:
        """A fragment id for the endpoint, e.g. 'get-api-decisions-reference'."""
        words = "".join(c if c.isalnum() else "-" for c in f"{self.method}-{self.path}")
        return "-".join(filter(None, words.lower().split("-")))


def type_of(schema: dict[str, Any]) -> str:
    """A parameter's schema in words: 'integer from 1 to 100', 'date (YYYY-MM-DD)'."""
    if "enum" in schema:
        return "one of: " + ", ".join(str(value) for value in schema["enum"])
    kind = schema.get("format") or schema.get("type") or "string"
    if kind == "date":
        kind = "date (YYYY-MM-DD)"
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f"{kind} from {low} to {high}"
    if low is not None:
        return f"{kind}, at least {low}"
    return str(kind)


def endpoint_reference(schema: dict[str, Any]) -> list[Endpoint]:
    """Every operation in an OpenAPI 3 schema, in the schema's order."""
    endpoints = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = tuple(
                Parameter(
                    name=p["name"],
                    where=p.get("in", "query"),
                    type=type_of(p.get("schema", {})),
                    required=bool(p.get("required")),
                    description=" ".join(str(p.get("description", "")).split()),
                )
                for p in operation.get("parameters", ())
            )
            responses = tuple(
                (status, " ".join(str(body.get("description", "")).split()))
                for status, body in operation.get("responses", {}).items()
            )
            endpoints.append(
                Endpoint(
                    method=method.upper(),
                    path=path,
                    summary=" ".join(str(operation.get("description", "")).split()),
                    parameters=parameters,
                    responses=responses,
                )
            )
    return endpoints


@cache
def api_reference() -> list[Endpoint]:
    """The site's own API reference (the schema is built once per process)."""
    return endpoint_reference(SchemaGenerator().get_schema(request=None, public=True))
