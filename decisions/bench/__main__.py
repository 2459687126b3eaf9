"""Run a benchmark against the configured database.

Usage:
    python -m decisions.bench import [--count 10000] [--rounds 3] [--notice-bytes N]
    python -m decisions.bench import --count 300 --notice-bytes 990000 --rounds 1
    python -m decisions.bench search [--count 10000]

DATABASE_URL picks the database, as for the site (SQLite when unset).
"""

from __future__ import annotations

import argparse
import os


def main() -> None:
    """Parse arguments, set up Django, and run the chosen benchmark."""
    parser = argparse.ArgumentParser(prog="python -m decisions.bench")
    sub = parser.add_subparsers(dest="bench", required=True)
    imports = sub.add_parser("import", help="import throughput, re-import rate, memory")
    imports.add_argument("--count", type=int, default=10_000)
    imports.add_argument("--rounds", type=int, default=3)
    imports.add_argument(
        "--notice-bytes", type=int, default=0, help="grow each notice to about this many bytes"
    )
    search = sub.add_parser("search", help="search latency over synthetic decisions")
    search.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.bench == "import":
        from decisions.bench.import_bench import run_import_bench

        run_import_bench(count=args.count, rounds=args.rounds, notice_bytes=args.notice_bytes)
    else:
        from decisions.bench.search_bench import run_search_bench

        run_search_bench(count=args.count)


if __name__ == "__main__":
    main()
