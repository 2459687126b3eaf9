"""Run a benchmark against the configured database.

Usage:
    python -m decisions.bench import [--count 10000] [--rounds 3]
    python -m decisions.bench search [--count 10000]
    python -m decisions.bench api [--count 10000]
    python -m decisions.bench pdf [--count 500] [--rounds 3]

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
    search = sub.add_parser("search", help="search latency over synthetic decisions")
    search.add_argument("--count", type=int, default=10_000)
    api = sub.add_parser("api", help="JSON API list-page latency over synthetic decisions")
    api.add_argument("--count", type=int, default=10_000)
    pdf = sub.add_parser("pdf", help="PDF notices parsed and imported per second, on one core")
    pdf.add_argument("--count", type=int, default=500)
    pdf.add_argument("--rounds", type=int, default=3)
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

        run_import_bench(count=args.count, rounds=args.rounds)
    elif args.bench == "api":
        from decisions.bench.api_bench import run_api_bench

        run_api_bench(count=args.count)
    elif args.bench == "pdf":
        from decisions.bench.pdf_bench import run_pdf_bench

        run_pdf_bench(count=args.count, rounds=args.rounds)
    else:
        from decisions.bench.search_bench import run_search_bench

        run_search_bench(count=args.count)


if __name__ == "__main__":
    main()
