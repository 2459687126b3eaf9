"""The read-replica router: safe requests read from the replica, writes and the requests
after them from the primary.

The end-to-end test runs the site in a subprocess with DATABASE_REPLICA_URL pointing at
the primary (the same SQLite file), as the issue asks, and counts which alias ran each
query.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from archive_site import replicas
from archive_site.replicas import PRIMARY, PrimaryReplicaRouter
from decisions.models import Decision
from tests.conftest import ROOT

SCRIPT = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import User
    from tests.factories import make_decision
    decision = make_decision(reference="I60000091", title="Library hours")
    user = User.objects.create_superuser("editor", "e@example.gov.uk", "pw")

    def aliases(fetch):
        with CaptureQueriesContext(connections["default"]) as primary, \\
                CaptureQueriesContext(connections["replica"]) as replica:
            response = fetch()
        return {"status": response.status_code, "primary": len(primary),
                "replica": len(replica), "pinned": "read_primary" in response.cookies}

    browser, admin = Client(), Client()
    admin.force_login(user)
    out = {"anonymous_list": aliases(lambda: browser.get("/decisions/"))}
    out["anonymous_detail"] = aliases(lambda: browser.get("/herefordshire/decisions/I60000091/"))
    from tests.admin.test_decisions import change_form_data
    url = f"/admin/decisions/decision/{decision.pk}/change/"
    data = change_form_data(decision, title="Library opening times")
    out["admin_post"] = aliases(lambda: admin.post(url, data))
    out["admin_after"] = aliases(lambda: admin.get("/decisions/?q=opening"))
    out["after_title"] = admin.get("/herefordshire/decisions/I60000091/").content.decode().count(
        "Library opening times")
    admin.cookies.pop("read_primary")
    out["admin_later"] = aliases(lambda: admin.get("/decisions/"))
    print(json.dumps(out))
    """
)


def test_it_routes_reads_to_the_replica_and_a_writer_to_the_primary(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'primary.sqlite3'}"
    environ = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environ.update(
        DATABASE_URL=database,
        DATABASE_REPLICA_URL=database,
        DJANGO_SETTINGS_MODULE="archive_site.settings",
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    for page in ("anonymous_list", "anonymous_detail", "admin_later"):
        assert out[page]["status"] == 200, page
        assert out[page]["primary"] == 0, page
        assert out[page]["replica"] > 0, page
        assert not out[page]["pinned"], page
    assert out["admin_post"]["status"] == 302
    assert out["admin_post"]["replica"] == 0
    assert out["admin_post"]["pinned"]
    assert out["admin_after"]["status"] == 200
    assert out["admin_after"]["replica"] == 0  # the redirect after a save reads the primary
    assert out["admin_after"]["primary"] > 0
    assert out["after_title"] >= 1


def test_it_sends_writes_and_migrations_to_the_primary() -> None:
    router = PrimaryReplicaRouter()
    assert router.db_for_write(Decision) == PRIMARY
    assert router.allow_migrate(PRIMARY, "decisions")
    assert not router.allow_migrate("replica", "decisions")


@pytest.mark.parametrize(("allowed", "wrote"), [(False, False), (True, True)])
def test_it_reads_from_the_primary_outside_a_safe_request_or_after_a_write(
    allowed: bool, wrote: bool
) -> None:
    allowed_token = replicas._replica_allowed.set(allowed)
    wrote_token = replicas._wrote.set(wrote)
    try:
        assert PrimaryReplicaRouter().db_for_read(Decision) == PRIMARY
    finally:
        replicas._replica_allowed.reset(allowed_token)
        replicas._wrote.reset(wrote_token)
