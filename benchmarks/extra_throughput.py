"""Throughput on loopback: gunicorn as deployed (gunicorn.conf.py), the member home page and the leader
dashboard against the trivial view, in the same run (bounded: a few seconds per page)."""

import http.client
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8792
SECONDS = 8
CLIENTS = 4
PAGES = [
    ("trivial view", None, "/ping"),
    ("member home", "member", "/"),
    ("leader dashboard", "leader", "/dashboard/"),
]


def _cookie(username):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return f"sessionid={client.cookies['sessionid'].value}"


def _hammer(path, headers):
    """CLIENTS keep-alive connections for SECONDS; returns (requests/s, errors)."""
    done, errors, stop = [0], [0], time.monotonic() + SECONDS
    lock = threading.Lock()

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        while time.monotonic() < stop:
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                ok = False
            with lock:
                done[0] += ok
                errors[0] += not ok
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return round(done[0] / (time.monotonic() - started), 1), errors[0]


def run(scale):
    env = {**os.environ, "DEBUG": "false", "TESTING": "true", "REQUIRE_2FA": "false"}
    web = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            str(ROOT / "gunicorn.conf.py"),  # the deployment's worker class and counts
            "cppcc_portal.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/ping")
                break
            except OSError:
                time.sleep(0.1)
        rows, trivial = [], None
        for name, username, path in PAGES:
            headers = {"Host": "127.0.0.1"}
            if username:
                headers["Cookie"] = _cookie(username)
            for _ in range(10):  # both workers import and warm up first
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                conn.request("GET", path, headers=headers)
                conn.getresponse().read()
                conn.close()
            rate, errors = _hammer(path, headers)
            trivial = trivial or rate
            rows.append(
                {
                    "name": f"throughput: {name}",
                    "requests_per_s": rate,
                    "errors": errors,
                    "trivial_requests_per_s": trivial,
                    "share_of_trivial_pct": round(100 * rate / trivial, 1) if trivial else None,
                    "clients": CLIENTS,
                    "load": round(os.getloadavg()[0], 1),
                }
            )
        return rows
    finally:
        web.terminate()
        web.wait(10)
