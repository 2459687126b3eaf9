"""The JSON API (app label `api`): read-only views over the archive's selectors and the
typed export record, with an OpenAPI 3 schema."""
