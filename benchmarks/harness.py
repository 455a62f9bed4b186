"""Timing pages in-process: median and p95 server time, query count, ratio to a trivial view."""

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
    }
