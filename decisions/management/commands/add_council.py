"""Create a council, or update one.

Usage:
    python manage.py add_council SLUG --name NAME [--gss CODE] [--register-code HEF]
        [--moderngov URL] [--reference-pattern REGEX] [--contact-url URL]
        [--contact-email EMAIL] [--accessibility-url URL] [--start YYYY-MM-DD] [--end YYYY-MM-DD]

A new council needs a name; for one that exists, only the options given change. Every value
is checked first (the reference pattern must be a regular expression, the GSS code unique),
and a bad one is an error naming it, with nothing saved.
"""

from __future__ import annotations

from argparse import ArgumentTypeError
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from decisions.councils import save_council

OPTIONS = {  # option: council field
    "name": "name",
    "gss": "gss_code",
    "register_code": "register_code",
    "moderngov": "moderngov_url",
    "reference_pattern": "reference_pattern",
    "contact_url": "contact_url",
    "contact_email": "contact_email",
    "accessibility_url": "accessibility_url",
    "start": "start_date",
    "end": "end_date",
}


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a date like 2024-04-01") from None


class Command(BaseCommand):
    help = "Create a council, or update the one with this slug."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "slug", help="the council's short name in addresses, e.g. herefordshire"
        )
        parser.add_argument("--name", help="e.g. Herefordshire Council")
        parser.add_argument("--gss", help="the ONS GSS code, e.g. E06000019")
        parser.add_argument("--register-code", help="the three-letter register code, e.g. HEF")
        parser.add_argument("--moderngov", help="the council's ModernGov site")
        parser.add_argument("--reference-pattern", help=r"e.g. 'I[0-9]{5,12}'")
        parser.add_argument("--contact-url")
        parser.add_argument("--contact-email")
        parser.add_argument("--accessibility-url")
        parser.add_argument("--start", type=iso_date, help="when the council began")
        parser.add_argument("--end", type=iso_date, help="when it ended")

    def handle(self, *args: Any, **options: Any) -> None:
        values = {field: options[option] for option, field in OPTIONS.items()}
        try:
            council, created = save_council(options["slug"], **values)
        except ValidationError as error:
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            raise CommandError(f"council {options['slug']!r} not saved: {problems}") from None
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {council} ({council.slug}).")
