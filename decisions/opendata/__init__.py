"""Open data: the export record, CSV, feeds, the call-in calendar, sitemaps, HTTP helpers."""
