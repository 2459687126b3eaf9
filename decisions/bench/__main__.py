"""Run a benchmark against the configured database.

Usage:
    python -m decisions.bench import [--count 10000] [--rounds 3] [--notice-bytes N] [--jobs N]
    python -m decisions.bench import --count 300 --notice-bytes 990000 --rounds 1
    python -m decisions.bench search [--count 10000]
    python -m decisions.bench facets   (SQLite: the two facet-count forms, on loaded data)
    python -m decisions.bench clone --to 1000000 [--councils 300]   (PostgreSQL; after `search`)
    python -m decisions.bench explain --q council [--param year=2024]   (PostgreSQL)
    python -m decisions.bench rum [--rounds 2] [--repeats 3] [--no-pages]   (needs rum)
    python -m decisions.bench api [--count 10000]
    python -m decisions.bench pdf [--count 500] [--rounds 3] [--style grid|borderless]
    python -m decisions.bench ocr [--limit N]   (needs Tesseract)
    python -m decisions.bench pdfbomb [--inflated-mb 5120] [--files 4]
    python -m decisions.bench exports [--count 10000] [--clone-to 100000] [--exports 6]
    python -m decisions.bench datasette [--seconds 20] [--clients 8]   (needs '.[bench]')
    python -m decisions.bench load [--seconds 60] [--clients 32] [--workers 4]
    python -m decisions.bench alerts [--alerts 100000] [--decisions 1000] [--councils 300]
    python -m decisions.bench harvest [--count 2000]   (a fake ModernGov site, interval 0)

DATABASE_URL picks the database, as for the site (SQLite when unset).
"""

from __future__ import annotations

import argparse
import importlib
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
    imports.add_argument(
        "--jobs", type=int, default=None, help="parsing worker processes (default: cores - 1)"
    )
    search = sub.add_parser("search", help="search latency over synthetic decisions")
    search.add_argument("--count", type=int, default=10_000)
    sub.add_parser("facets", help="SQLite facet counts, row by row against the index")
    clone = sub.add_parser("clone", help="copy the search benchmark's decisions to N rows")
    clone.add_argument("--to", type=int, default=1_000_000)
    clone.add_argument(
        "--councils", type=int, default=None, help="spread every row over N councils"
    )
    explain = sub.add_parser("explain", help="EXPLAIN ANALYZE the SQL of one search page")
    explain.add_argument("--q", required=True, help="the search words")
    explain.add_argument("--param", action="append", default=[], help="another name=value")
    rum = sub.add_parser("rum", help="GIN against RUM indexes, A B A B (an evaluation)")
    rum.add_argument("--rounds", type=int, default=2)
    rum.add_argument("--repeats", type=int, default=3)
    rum.add_argument("--no-pages", action="store_true", help="SQL only, not the page bench")
    api = sub.add_parser("api", help="JSON API list-page latency over synthetic decisions")
    api.add_argument("--count", type=int, default=10_000)
    ocr = sub.add_parser("ocr", help="scanned notices: seconds a page, fields right")
    ocr.add_argument("--limit", type=int, default=None, help="scan only the first N fixtures")
    pdf = sub.add_parser("pdf", help="PDF notices parsed and imported per second, on one core")
    pdf.add_argument("--count", type=int, default=500)
    pdf.add_argument("--rounds", type=int, default=3)
    pdf.add_argument(
        "--style",
        choices=("grid", "borderless"),
        default="grid",
        help="borderless: no ruling lines, so the positional reader reads every table",
    )
    exports = sub.add_parser("exports", help="full CSV time; /healthz under concurrent exports")
    exports.add_argument("--count", type=int, default=10_000)
    exports.add_argument("--clone-to", type=int, default=None)
    exports.add_argument("--exports", type=int, default=6)
    bomb = sub.add_parser("pdfbomb", help="the PDF worker's peak memory on a decompression bomb")
    bomb.add_argument("--inflated-mb", type=int, default=5120)
    bomb.add_argument("--files", type=int, default=4)
    datasette = sub.add_parser("datasette", help="the archive and Datasette, side by side")
    datasette.add_argument("--seconds", type=float, default=20)
    datasette.add_argument("--clients", type=int, default=8)
    load = sub.add_parser("load", help="gunicorn under load: errors, throughput, memory")
    load.add_argument("--seconds", type=float, default=60)
    load.add_argument("--clients", type=int, default=32)
    load.add_argument("--workers", type=int, default=4)
    alerts = sub.add_parser("alerts", help="time to match and queue the email alerts")
    alerts.add_argument("--alerts", type=int, default=100_000)
    alerts.add_argument("--decisions", type=int, default=1_000)
    alerts.add_argument("--councils", type=int, default=300)
    harvest = sub.add_parser("harvest", help="ModernGov harvest: pages/s, CPU a page, estimates")
    harvest.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456789")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.bench == "import":
        from decisions.bench.import_bench import run_import_bench

        run_import_bench(
            count=args.count,
            rounds=args.rounds,
            notice_bytes=args.notice_bytes,
            jobs=args.jobs,
        )
    elif args.bench == "facets":
        from decisions.bench.facet_bench import run_facet_bench

        run_facet_bench()
    elif args.bench == "api":
        from decisions.bench.api_bench import run_api_bench

        run_api_bench(count=args.count)
    elif args.bench == "ocr":
        from decisions.bench.ocr_bench import run_ocr_bench

        run_ocr_bench(limit=args.limit)
    elif args.bench == "pdf":
        from decisions.bench.pdf_bench import run_pdf_bench

        run_pdf_bench(count=args.count, rounds=args.rounds, style=args.style)
    elif args.bench == "exports":
        from decisions.bench.export_bench import run_export_bench

        run_export_bench(count=args.count, clone_to=args.clone_to, exports=args.exports)
    elif args.bench == "pdfbomb":
        from decisions.bench.pdf_bomb import run_bomb_bench

        run_bomb_bench(inflated_mb=args.inflated_mb, files=args.files)
    elif args.bench == "alerts":
        # The alerts app's own benchmark, run only with the app installed: the core never
        # imports an app built on it (tests/test_core_independence.py).
        from django.apps import apps

        if not apps.is_installed("decisions.alerts"):
            parser.error("the alerts app (decisions.alerts) is not installed")
        bench = importlib.import_module("decisions.alerts.bench")
        bench.run_alerts_bench(alerts=args.alerts, decisions=args.decisions, councils=args.councils)
    elif args.bench == "search":
        from decisions.bench.search_bench import run_search_bench

        run_search_bench(count=args.count)
    elif args.bench == "clone":
        from decisions.bench.clone import run_clone

        run_clone(to=args.to, councils=args.councils)
    elif args.bench == "explain":
        from decisions.bench.explain import run_explain

        params = dict(item.split("=", 1) for item in args.param)
        run_explain({"q": args.q, **params})
    elif args.bench == "rum":
        from decisions.bench.rum_eval import run_rum_eval

        run_rum_eval(rounds=args.rounds, repeats=args.repeats, pages=not args.no_pages)
    elif args.bench == "datasette":
        from decisions.bench.datasette_bench import run_datasette_bench

        run_datasette_bench(seconds=args.seconds, clients=args.clients)
    elif args.bench == "harvest":
        from decisions.bench.harvest_bench import run_harvest_bench

        run_harvest_bench(count=args.count)
    else:
        from decisions.bench.load_bench import run_load_bench

        run_load_bench(seconds=args.seconds, clients=args.clients, workers=args.workers)


if __name__ == "__main__":
    main()
