"""Project-local PostgreSQL and Redis for a machine that has none (`make services`, `make stop`).

`ensure` reads DATABASE_URL and REDIS_URL (the environment, then `.env`, then the defaults of
settings.py). A server that answers there is used as it is. Only when nothing answers and the
URL points at this host does it start one of its own under `.local/` on the URL's port —
installing the Debian packages first when they are missing and we are root. `stop` stops
those servers and nothing else: they are found by their pidfiles under `.local/`.

Standard library only: it runs before the virtualenv exists, and benchmarks/drills.py starts
its private servers with the same classes (`servers.py`). Run as
`python3 -m scripts.localservices ensure|stop|status` from the project folder.
"""

import contextlib
import fcntl
import shutil

from .servers import Postgres, Redis, install_packages, pg_bindir
from .urls import ROOT, decide, endpoints, log, probe

LOCAL = ROOT / ".local"
# The project cluster is for development and tests: speed over surviving a crash of the
# machine (`make stop && rm -rf .local` starts afresh; `make run` seeds the demo again).
DEV_POSTGRES_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


# --- the commands -------------------------------------------------------------------------


def server_for(endpoint, local=LOCAL):
    """The project-local server that would stand in for `endpoint` (one folder per port)."""
    if endpoint.kind == "postgres":
        return Postgres(
            local / f"postgres-{endpoint.port}",
            endpoint.port,
            superuser=endpoint.user,
            listen="localhost" if endpoint.host == "localhost" else endpoint.host,
            settings=DEV_POSTGRES_SETTINGS,
        )
    bind = "127.0.0.1 -::1" if endpoint.host == "localhost" else endpoint.host
    return Redis(
        local / f"redis-{endpoint.port}", endpoint.port, bind=bind, password=endpoint.password
    )


def _installed(kind):
    return pg_bindir() is not None if kind == "postgres" else bool(shutil.which("redis-server"))


def ensure_one(endpoint, local=LOCAL):
    action = decide(endpoint, probe(endpoint))
    if action == "use":
        log(f"{endpoint.title} answers at {endpoint.address}")
        return
    if action == "busy":
        raise SystemExit(
            f"localservices: something that is not {endpoint.title} listens on "
            f"{endpoint.address}: free the port or change {endpoint.variable}"
        )
    if action == "unreachable":
        raise SystemExit(
            f"localservices: {endpoint.title} does not answer at {endpoint.address}, which is "
            f"not this host's loopback: start it there or change {endpoint.variable}"
        )
    if not _installed(endpoint.kind):
        install_packages("postgresql" if endpoint.kind == "postgres" else "redis-server")
        if probe(endpoint) == "answers":  # the package started its own server on that port
            log(f"{endpoint.title} answers at {endpoint.address}")
            return
    server = server_for(endpoint, local)
    if endpoint.kind == "postgres":
        server.init()
    server.start()
    log(f"started {endpoint.title} at {endpoint.address} in {server.home} (`make stop` stops it)")


def local_servers(local=LOCAL):
    """The project-local servers that have a folder under `local`, running or not."""
    servers = []
    for folder in sorted(local.glob("postgres-*")) if local.is_dir() else []:
        servers.append(Postgres(folder, int(folder.name.split("-")[1])))
    for folder in sorted(local.glob("redis-*")) if local.is_dir() else []:
        servers.append(Redis(folder, int(folder.name.split("-")[1])))
    return servers


@contextlib.contextmanager
def _lock(local=LOCAL):
    """Two `make` runs at once must not both start a server on the same port."""
    local.mkdir(parents=True, exist_ok=True)
    with open(local / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def ensure():
    with _lock():
        for endpoint in endpoints():
            ensure_one(endpoint)


def stop():
    with _lock():
        for server in local_servers():
            if server.running():
                server.stop()
                log(f"stopped {type(server).__name__} on port {server.port} ({server.home})")


def status():
    for endpoint in endpoints():
        log(f"{endpoint.variable}: {endpoint.title} at {endpoint.address}: {probe(endpoint)}")
    for server in local_servers():
        pid = server.running()
        state = f"running, pid {pid}" if pid else "stopped"
        log(f"project-local {type(server).__name__} on port {server.port}: {state}")


COMMANDS = {"ensure": ensure, "stop": stop, "status": status}
