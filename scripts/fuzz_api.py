"""A long schemathesis run against the JSON API: many generated requests per operation, on
the sample notices, failing on any 5xx. The test suite runs a short one (15 per operation).

Usage: .venv/bin/python scripts/fuzz_api.py [EXAMPLES_PER_OPERATION]   (default 1000)
DATABASE_URL picks the database, as for the tests.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    os.environ["API_FUZZ_EXAMPLES"] = sys.argv[1] if len(sys.argv) > 1 else "1000"
    os.chdir(ROOT)
    sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "tests/test_api_fuzz.py"]))
