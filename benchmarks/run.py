#!/usr/bin/env python
"""`make bench`: build the demo district at each scale in a scratch database of its own
(cppcc_bench1, cppcc_bench10, …), time the busiest pages (median, p95, queries, ratio to a
trivial view), write results/latest.{json,md}. Every scale is measured in the same run, one
after the other, so their ratios are read under the same machine load; `--no-seed` measures
the databases an earlier run built (migrated first), so the seeding can be done once.

Pages come from every `benchmarks/pages_*.py` (a `pages()` list of name/username/path);
other measurements from `benchmarks/extra_*.py` (a `run(scale) -> list[dict]`).
"""

import argparse
import importlib
import json
import os
import pkgutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cppcc_bench")


def bench_db(scale: int) -> str:
    """The scale's own database: the base URL's name with the scale after it."""
    base, _, query = BENCH_DB.partition("?")
    return f"{base}{scale}" + (f"?{query}" if query else "")


def _django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("TESTING", "true")  # dev secret, plain static storage, no HTTPS redirect
    os.environ.setdefault("REQUIRE_2FA", "false")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cppcc_portal.settings"
    import django

    django.setup()


def _use(url, scale):
    """Point this process (Django's connection, the extras' gunicorn) at the scale's
    database, and its cache entries at a version of their own: a page cached at one scale is
    never served at another."""
    from urllib.parse import urlparse

    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    name = urlparse(url).path.lstrip("/")
    connections["default"].settings_dict["NAME"] = name
    os.environ["DATABASE_URL"] = url
    caches["default"].version = 1000 + scale


def _manage(url, *args):
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true"}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, env=env, cwd=ROOT)


def _modules(prefix):
    import benchmarks

    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda i: i.name):
        if info.name.startswith(prefix):
            yield importlib.import_module(f"benchmarks.{info.name}")


def measure(scale, repeat):
    from benchmarks.harness import TRIVIAL_PATH, client_for, time_page

    rows = []
    trivial = time_page(client_for(None), TRIVIAL_PATH, repeat=repeat * 2)
    rows.append({"name": "trivial view", "scale": scale, **trivial, "ratio_to_trivial": 1.0})
    for module in _modules("pages_"):
        for page in module.pages():
            result = time_page(client_for(page.get("username")), page["path"], repeat=repeat)
            ratio = (
                round(result["median_ms"] / trivial["median_ms"], 1)
                if trivial["median_ms"]
                else None
            )
            rows.append({"name": page["name"], "scale": scale, **result, "ratio_to_trivial": ratio})
            print(
                f"  {page['name']:<40} {result['median_ms']:>8.1f} ms  p95 {result['p95_ms']:>8.1f}  "
                f"q {result['queries']:>3}  pg {result['pg_ms']}  x{ratio}  load {result['load']}  "
                f"[{result['status']}]",
                flush=True,
            )
    extras = []
    for module in _modules("extra_"):
        extras.extend({"scale": scale, **row} for row in module.run(scale))
    return rows, extras


def write(results, extras, seeding, merge=False):
    RESULTS.mkdir(parents=True, exist_ok=True)
    if merge and (RESULTS / "latest.json").exists():  # the other scales of an earlier run
        earlier = json.loads((RESULTS / "latest.json").read_text())
        scales = {r["scale"] for r in results}
        results = [r for r in earlier["pages"] if r["scale"] not in scales] + results
        extras = [r for r in earlier["extra"] if r["scale"] not in scales] + extras
        seeding = {**{int(k): v for k, v in earlier["seeding_seconds"].items()}, **seeding}
    by_name = {}
    for row in results:
        by_name.setdefault(row["name"], {})[row["scale"]] = row
    for row in results:
        scales = by_name[row["name"]]
        if row["scale"] != 1 and 1 in scales and scales[1]["median_ms"]:
            row["ratio_to_scale_1"] = round(row["median_ms"] / scales[1]["median_ms"], 2)
    payload = {
        "pages": results,
        "extra": extras,
        "seeding_seconds": seeding,
        "generated": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }
    (RESULTS / "latest.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2))
    lines = [
        "# Benchmark results",
        "",
        f"Generated {payload['generated']} by `make bench`.",
        "",
        "Seeding: " + ", ".join(f"scale {s}: {t:.0f} s" for s, t in seeding.items()),
        "",
        "pg ms: PostgreSQL's own execution time of the page's heaviest query (EXPLAIN ANALYZE);",
        "load: the 1-minute load average when the page was measured (2 cores).",
        "",
        "| page | scale | median ms | p95 ms | queries | pg ms | × trivial | × scale 1 | load |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in results:
        lines.append(
            f"| {row['name']} | {row['scale']} | {row['median_ms']} | {row['p95_ms']} | {row['queries']} | "
            f"{row.get('pg_ms') if row.get('pg_ms') is not None else ''} | "
            f"{row['ratio_to_trivial']} | {row.get('ratio_to_scale_1', '')} | {row.get('load', '')} |"
        )
    if extras:
        lines += ["", "| measurement | scale | figures |", "|---|---|---|"]
        for row in extras:
            figures = ", ".join(f"{k}={v}" for k, v in row.items() if k not in ("name", "scale"))
            lines.append(f"| {row['name']} | {row['scale']} | {figures} |")
    (RESULTS / "latest.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,10,30")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--no-seed",
        action="store_true",
        help="measure the scales' databases as an earlier run built them (after migrate)",
    )
    parser.add_argument(
        "--merge", action="store_true", help="keep the other scales of results/latest.json"
    )
    args = parser.parse_args()
    results, extras, seeding = [], [], {}
    scales = [int(s) for s in args.scales.split(",")]
    if not args.no_seed:
        for scale in scales:
            print(f"== scale {scale}: building the demo district", flush=True)
            _manage(bench_db(scale), "reset_database", "--yes")
            started = time.monotonic()
            _manage(bench_db(scale), "seed_demo", "--scale", str(scale), "--force")
            seeding[scale] = round(time.monotonic() - started, 1)
    for scale in scales:
        url = bench_db(scale)
        _manage(url, "migrate", "--no-input", "-v", "0")
        _manage(
            url,
            "shell",
            "-c",
            "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')",
        )
        if "django" not in sys.modules:
            _django(url)
        _use(url, scale)
        print(f"== scale {scale}: measuring {url.rsplit('/', 1)[-1]}", flush=True)
        rows, more = measure(scale, args.repeat)
        results += rows
        extras += more
        from django.db import connections

        connections.close_all()
        # after each scale: a later one failing keeps these
        write(results, extras, seeding, args.merge or args.no_seed)


if __name__ == "__main__":
    main()
