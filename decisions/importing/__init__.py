"""Importing: sources (files, uploads, harvests) -> parse -> write, atomic and idempotent."""
