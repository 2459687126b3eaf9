"""Which email addresses the alerts take: a plain addr-spec (RFC 5322's dot-atom local
part, a domain of letters, digits and hyphens), nothing quoted, no control character or
space anywhere. Stricter than Django's EmailField, which takes a quoted local part with a
control character in it, an address no email header can carry. Pure Python: no Django."""

from __future__ import annotations

import re

# RFC 5322 atext, ASCII only: letters, digits and these.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
# A domain label: letters (an internationalised domain's too), digits, inner hyphens.
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_PLAIN = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")


def is_plain_address(address: str) -> bool:
    """True for a plain name@example.org address."""
    return _PLAIN.fullmatch(address) is not None and address.isprintable()
