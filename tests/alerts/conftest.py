"""A real SMTP server on 127.0.0.1 for the alerts' tests (aiosmtpd), with Django's SMTP
backend pointed at it, and helpers that import the real sample notices."""

from __future__ import annotations

import email
import logging
import re
import socket
from email.message import EmailMessage
from email.policy import default
from io import StringIO
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from tests.conftest import SAMPLES

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's every SMTP line

OFSTED_PLAN = SAMPLES / "000_8f1dfd1b4376d4cb.txt"  # Diana Toynbee, 15 December 2022
PHASE_3 = SAMPLES / "001_aabf650a3fba3ef6.txt"  # Jonathan Lester, 17 July 2025
INSPECTION = SAMPLES / "002_c2dc0a9885e8cadb.txt"  # David Hitchiner, 29 September 2022
ILACS = SAMPLES / "003_83578647f8bd2a97.txt"  # "JG Lester", Ofsted, 18 October 2018
PLAN_2026 = SAMPLES / "004_7bdb559c16b9bd7d.txt"  # Jonathan Lester, 5 February 2026


class Inbox:
    """What the server received, and how it should answer next."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse_rcpt: str | None = None  # e.g. "550 5.1.1 No such user"
        self.refuse_data: str | None = None  # e.g. "451 4.3.0 Try again later"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:  # noqa: N802
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        if self.refuse_data:
            return self.refuse_data
        message = email.message_from_bytes(envelope.content, policy=default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def text(self, message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    def html(self, message: EmailMessage) -> str:
        return message.get_body(preferencelist=("html",)).get_content()

    def link(self, message: EmailMessage, kind: str) -> str:
        """The first link to /alerts/<kind>/… in the email's text part."""
        found = re.search(rf"(http\S+/alerts/{kind}/\S+/)", self.text(message))
        assert found, self.text(message)
        return found.group(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings) -> Inbox:
    """An SMTP server on a free port of 127.0.0.1, which Django's SMTP backend sends to."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "alerts@decisions.example.gov.uk"
    settings.SITE_URL = settings.SITE_URL or "https://decisions.example.gov.uk"
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Nothing one test cached reaches the next (the rate limits count in the database,
    which each test rolls back)."""
    from django.core.cache import cache

    cache.clear()


def import_notice(path: Path) -> None:
    call_command("import_notices", str(path), stdout=StringIO(), stderr=StringIO())
