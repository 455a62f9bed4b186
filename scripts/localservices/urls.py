"""What DATABASE_URL and REDIS_URL ask for, and whether anything answers there."""

import ipaddress
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cppcc"  # as in settings.py
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis"}


def log(message):
    print(f"localservices: {message}", flush=True)


@dataclass(frozen=True)
class Endpoint:
    kind: str  # "postgres" or "redis"
    variable: str  # the environment variable it came from
    host: str  # "" for a Unix socket
    port: int
    user: str = ""
    password: str = ""

    @property
    def title(self):
        return "PostgreSQL" if self.kind == "postgres" else "Redis"

    @property
    def address(self):
        return f"{self.host or 'unix socket'}:{self.port}"

    @property
    def local(self):
        return is_local(self.host)


def is_local(host):
    """A TCP address on this host's loopback, where we may start a server."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_database_url(url, variable="DATABASE_URL"):
    parts = urlsplit(url)
    if parts.scheme not in POSTGRES_SCHEMES:
        raise ValueError(f"{variable} is not a PostgreSQL URL: {url}")
    host = unquote(parts.hostname or "")
    socket_dir = parse_qs(parts.query).get("host", [""])[0]
    if host.startswith("/") or socket_dir.startswith("/"):
        host = ""  # a socket directory
    return Endpoint(
        "postgres",
        variable,
        host,
        parts.port or 5432,
        user=unquote(parts.username or "") or "postgres",
        password=unquote(parts.password or ""),
    )


def parse_redis_url(url, variable="REDIS_URL"):
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise ValueError(f"{variable} is not a Redis URL: {url}")
    # TLS needs certificates we would not have: treat rediss:// like a remote server.
    host = (parts.hostname or "localhost") if parts.scheme == "redis" else ""
    return Endpoint(
        "redis", variable, host, parts.port or 6379, password=unquote(parts.password or "")
    )


def read_env(environ=None, dotenv=ROOT / ".env"):
    """The variables as settings.py sees them: the environment wins over `.env`."""
    values = {}
    if dotenv and Path(dotenv).is_file():
        for line in Path(dotenv).read_text().splitlines():
            line = line.strip().removeprefix("export ").strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip().strip("'\"")
    values.update(os.environ if environ is None else environ)
    return values


def endpoints(environ=None, dotenv=ROOT / ".env"):
    env = read_env(environ, dotenv)
    return [
        parse_database_url(env.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
        parse_redis_url(env.get("REDIS_URL") or DEFAULT_REDIS_URL),
    ]


def decide(endpoint, answer):
    """What to do about an endpoint given what its port answered (see `probe`):
    "use" it, "start" a server of our own, or refuse: "busy" (something else has the port),
    "unreachable" (down, and not ours to start)."""
    if answer == "answers":
        return "use"
    if answer == "other":
        return "busy"
    if answer == "refused" and endpoint.local:
        return "start"
    return "unreachable"


# --- is anything there --------------------------------------------------------------------

# PostgreSQL answers an SSLRequest with one byte, S or N; Redis a PING with +PONG (or an
# error such as -NOAUTH: still Redis). Neither needs a client library or a password.
_HELLO = {"postgres": (8).to_bytes(4, "big") + (80877103).to_bytes(4, "big"), "redis": b"PING\r\n"}


def _is_answer(kind, reply):
    if kind == "postgres":
        return reply[:1] in (b"S", b"N")
    return reply[:1] in (b"+", b"-")


def _ask(service, family, kind, proto, address, timeout):
    with socket.socket(family, kind, proto) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(address)
        except ConnectionRefusedError:
            return "refused"
        except OSError:
            return "unreachable"
        try:
            sock.sendall(_HELLO[service])
            reply = sock.recv(16)
        except OSError:  # it listens but says nothing we know, or hangs up
            return "other"
    return "answers" if _is_answer(service, reply) else "other"


def probe(endpoint, timeout=1.0):
    """What is at the endpoint: "answers", "refused" (nothing listens), "other" (something
    that is not the service) or "unreachable" (no such host, a socket, no route)."""
    if not endpoint.host:
        return "unreachable"
    try:
        addresses = socket.getaddrinfo(endpoint.host, endpoint.port, type=socket.SOCK_STREAM)
    except OSError:
        return "unreachable"
    answers = set()
    for family, kind, proto, _, address in addresses:
        answers.add(_ask(endpoint.kind, family, kind, proto, address, timeout))
    for answer in ("answers", "other", "refused"):
        if answer in answers:
            return answer
    return "unreachable"


def wait_for(endpoint, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if probe(endpoint, timeout=0.5) == "answers":
            return True
        time.sleep(0.1)
    return False
