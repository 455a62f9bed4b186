"""Timing pages in-process: median and p95 server time, query count, ratio to a trivial view."""

import os
import re
import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

TRIVIAL_PATH = "/ping"


def client_for(username):
    client = Client(HTTP_HOST="127.0.0.1")
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def time_page(client, path, *, repeat=15, warmup=2):
    """Median and p95 in milliseconds, the query count of one request, and the status."""
    for _ in range(warmup):
        response = client.get(path)
    reset_queries()  # request_started empties the log; start the capture from an empty one
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    query_count = len(queries)  # the capture reads the live log: count before it is reset
    heaviest = max(queries.captured_queries, key=lambda q: float(q["time"]), default=None)
    samples = []
    for _ in range(repeat):
        reset_queries()
        start = time.perf_counter()
        client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(p95, 2),
        "queries": query_count,
        "status": response.status_code,
        "pg_ms": postgres_time(heaviest["sql"]) if heaviest else None,
        "load": round(os.getloadavg()[0], 1),
    }


def postgres_time(sql):
    """PostgreSQL's own execution time of a query (EXPLAIN ANALYZE), in ms: the anchor that
    says how much of a page is the database. None for what cannot be explained."""
    if not re.match(r"\s*(SELECT|WITH)\b", sql, re.IGNORECASE):
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql.replace("%", "%%"))
            plan = cursor.fetchone()[0]
    except Exception:  # noqa: BLE001 - a query that only runs in its transaction, say
        connection.rollback() if connection.in_atomic_block else None
        return None
    if isinstance(plan, str):
        import json

        plan = json.loads(plan)
    return round(plan[0]["Execution Time"], 2)
