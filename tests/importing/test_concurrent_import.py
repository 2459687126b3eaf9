"""Two imports at once, in separate processes, on overlapping folders: every notice is
stored once, nothing is missing, and neither crashes.

On PostgreSQL the second import waits on the import lock (an advisory lock); on SQLite it
waits on the busy timeout with IMMEDIATE transactions, rather than failing with
"database is locked". Each run uses a database of its own: DBNAME_concurrent on PostgreSQL
(created afresh), a file in tmp_path on SQLite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from decisions.bench.synthetic import generate_notices
from tests.conftest import ROOT

COUNT = 1200

CHECK = """
import json
from django.db.models import Count
from decisions.models import Councillor, CouncillorAlias, Decision
print(json.dumps({
    "decisions": Decision.objects.count(),
    "references": sorted(Decision.objects.values_list("reference", flat=True)),
    "duplicate_aliases": CouncillorAlias.objects.values("name").annotate(n=Count("pk"))
        .filter(n__gt=1).count(),
    "councillors": Councillor.objects.count(),
    "unsigned": Decision.objects.exclude(signatory_name="").filter(signatory=None).count(),
}))
"""


def concurrent_database_url(tmp_path: Path) -> str:
    """A fresh database for this test only, on the backend the suite runs on."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp_path / 'concurrent.sqlite3'}"
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_concurrent"
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


def manage(url: str, *args: str, logs: Path) -> tuple[subprocess.Popen, Path]:
    """Start manage.py with its output in files (a waiting process cannot block on a pipe)."""
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    logs.mkdir(parents=True, exist_ok=True)
    # The child keeps its own copies of the file descriptors once these are closed.
    with (logs / "out").open("w") as out, (logs / "err").open("w") as err:
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=err
        )
    return process, logs


def finished(started: tuple[subprocess.Popen, Path]) -> tuple[int, str, str]:
    process, logs = started
    process.wait(timeout=600)
    return process.returncode, (logs / "out").read_text(), (logs / "err").read_text()


def test_two_imports_of_overlapping_folders_store_every_notice_once(tmp_path: Path) -> None:
    url = concurrent_database_url(tmp_path)
    migrating = manage(url, "migrate", "--noinput", "-v", "0", logs=tmp_path / "migrate")
    notices = list(generate_notices(COUNT, seed=11))
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for n, notice in enumerate(notices):
        # Two thirds each, overlapping in the middle third, under other file names and in
        # the opposite order (the order that deadlocked two unserialised imports).
        if n < COUNT * 2 // 3:
            (first / notice.name).write_bytes(notice.data)
        if n >= COUNT // 3:
            (second / f"{COUNT - n:06d}_{notice.name}").write_bytes(notice.data)
    code, _, err = finished(migrating)
    assert code == 0, err

    imports = [
        manage(url, "import_notices", str(folder), logs=tmp_path / f"log_{folder.name}")
        for folder in (first, second)
    ]
    results = [finished(started) for started in imports]

    for code, out, err in results:
        assert code == 0, err
        assert "Traceback" not in err
        assert "failed 0" in out
    if url.startswith("postgres"):  # the second one said it was waiting, and waited
        assert any("Another import is running; waiting" in err for _, _, err in results)
    code, out, err = finished(manage(url, "shell", "-c", CHECK, logs=tmp_path / "check"))
    assert code == 0, err
    state = json.loads(out.strip().splitlines()[-1])
    expected = sorted({notice.expected["reference"] for notice in notices})
    assert state["references"] == expected
    assert state["decisions"] == len(expected)
    assert state["duplicate_aliases"] == 0
    assert state["unsigned"] == 0


@pytest.mark.django_db
def test_the_councillor_registry_reads_one_snapshot_in_one_query(
    django_assert_num_queries,
) -> None:
    from decisions.councils import first_council
    from decisions.importing.councillor_registry import CouncillorRegistry
    from decisions.models import Councillor, CouncillorAlias

    council = first_council()
    lester = Councillor.objects.create(
        name="Jonathan Lester", slug="jonathan-lester", council=council
    )
    CouncillorAlias.objects.create(councillor=lester, name="JG Lester")
    Councillor.objects.create(
        name="Diana Toynbee", slug="diana-toynbee", council=council
    )  # no alias yet
    registry = CouncillorRegistry(council=council)
    with django_assert_num_queries(1):
        registry.load()
    assert registry.by_alias["jg lester"].pk == lester.pk
    assert registry.slugs == {"jonathan-lester", "diana-toynbee"}
    with django_assert_num_queries(0):
        assert registry.resolve("Cllr JG Lester").pk == lester.pk
