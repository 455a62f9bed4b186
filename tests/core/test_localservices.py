"""`make services` / `make stop` (scripts/localservices): which servers it starts and when."""

import shutil
import socket
import threading

import pytest

import scripts.localservices as localservices
from scripts.localservices import urls
from scripts.localservices.servers import Postgres, Redis, pg_bindir

PG = "postgres"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the URLs -----------------------------------------------------------------------------


def test_database_url_parts_and_the_settings_default():
    (pg, redis) = urls.endpoints(environ={}, dotenv=None)
    assert (pg.kind, pg.host, pg.port, pg.user) == (PG, "127.0.0.1", 5432, "postgres")
    assert (redis.kind, redis.host, redis.port) == ("redis", "127.0.0.1", 6379)
    pg = urls.parse_database_url("postgresql://cppcc:s3cret@localhost:55432/cppcc_bare")
    assert (pg.host, pg.port, pg.user, pg.password) == ("localhost", 55432, "cppcc", "s3cret")
    assert urls.parse_database_url("postgres://db.example.gov.cn/cppcc").port == 5432


@pytest.mark.parametrize(
    "url",
    ["postgres:///cppcc", "postgres:///cppcc?host=/var/run/postgresql", "postgres://%2Ftmp/cppcc"],
)
def test_a_unix_socket_is_not_ours_to_start(url):
    endpoint = urls.parse_database_url(url)
    assert endpoint.host == ""
    assert not endpoint.local
    assert urls.decide(endpoint, urls.probe(endpoint)) == "unreachable"


def test_redis_url_parts():
    redis = urls.parse_redis_url("redis://:pw@localhost:56379/2")
    assert (redis.host, redis.port, redis.password, redis.local) == ("localhost", 56379, "pw", True)
    assert urls.parse_redis_url("redis:///0").host == "localhost"  # as redis-py reads it
    assert not urls.parse_redis_url("rediss://127.0.0.1:6380/0").local  # TLS: not ours
    with pytest.raises(ValueError, match="REDIS_URL"):
        urls.parse_redis_url("http://127.0.0.1:6379/")
    with pytest.raises(ValueError, match="DATABASE_URL"):
        urls.parse_database_url("mysql://127.0.0.1/cppcc")


@pytest.mark.parametrize(
    "host, local",
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("db", False),
        ("10.0.0.5", False),
        ("cppcc.example.gov.cn", False),
        ("", False),
    ],
)
def test_is_local(host, local):
    assert urls.is_local(host) is local


def test_the_environment_wins_over_dotenv(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\nexport DATABASE_URL='postgres://postgres@127.0.0.1:5999/x'\n"
        'REDIS_URL="redis://127.0.0.1:6999/0"\n'
    )
    pg, redis = urls.endpoints(environ={}, dotenv=dotenv)
    assert (pg.port, redis.port) == (5999, 6999)
    pg, redis = urls.endpoints(environ={"REDIS_URL": "redis://127.0.0.1:7000/0"}, dotenv=dotenv)
    assert (pg.port, redis.port) == (5999, 7000)


# --- the decision -------------------------------------------------------------------------

LOCAL = urls.Endpoint(PG, "DATABASE_URL", "127.0.0.1", 55432)
REMOTE = urls.Endpoint(PG, "DATABASE_URL", "db.example.gov.cn", 5432)


@pytest.mark.parametrize(
    "endpoint, answer, action",
    [
        (LOCAL, "answers", "use"),
        (REMOTE, "answers", "use"),
        (LOCAL, "refused", "start"),
        (REMOTE, "refused", "unreachable"),
        (LOCAL, "other", "busy"),
        (REMOTE, "other", "busy"),
        (LOCAL, "unreachable", "unreachable"),
        (REMOTE, "unreachable", "unreachable"),
    ],
)
def test_decide(endpoint, answer, action):
    assert urls.decide(endpoint, answer) == action


class FakeServer:
    def __init__(self, home):
        self.home, self.calls = home, []

    def init(self):
        self.calls.append("init")

    def start(self):
        self.calls.append("start")


@pytest.fixture
def fake(monkeypatch, tmp_path):
    """ensure_one with the probe answering what a test says and no real server or apt-get."""
    state = {"answers": [], "server": FakeServer(tmp_path), "installed": True, "packages": []}
    monkeypatch.setattr(localservices, "probe", lambda endpoint: state["answers"].pop(0))
    monkeypatch.setattr(localservices, "server_for", lambda endpoint, local: state["server"])
    monkeypatch.setattr(localservices, "_installed", lambda kind: state["installed"])
    monkeypatch.setattr(localservices, "install_packages", lambda *p: state["packages"].extend(p))
    return state


def test_a_server_that_answers_is_used_as_it_is(fake):
    fake["answers"] = ["answers"]
    localservices.ensure_one(LOCAL)
    assert fake["server"].calls == []


def test_nothing_on_a_local_port_starts_a_cluster(fake):
    fake["answers"] = ["refused"]
    localservices.ensure_one(LOCAL)
    assert fake["server"].calls == ["init", "start"]
    assert fake["packages"] == []


def test_missing_packages_are_installed_first(fake):
    fake["answers"], fake["installed"] = ["refused", "refused"], False
    localservices.ensure_one(urls.Endpoint("redis", "REDIS_URL", "127.0.0.1", 56379))
    assert fake["packages"] == ["redis-server"]
    assert fake["server"].calls == ["start"]


def test_a_server_the_package_started_is_used(fake):
    fake["answers"], fake["installed"] = ["refused", "answers"], False
    localservices.ensure_one(LOCAL)
    assert fake["packages"] == ["postgresql"]
    assert fake["server"].calls == []


@pytest.mark.parametrize(
    "endpoint, answer, message",
    [
        (REMOTE, "refused", "not this host's loopback: start it there or change DATABASE_URL"),
        (LOCAL, "other", "something that is not PostgreSQL listens on 127.0.0.1:55432"),
    ],
)
def test_refusals_say_what_to_do(fake, endpoint, answer, message):
    fake["answers"] = [answer]
    with pytest.raises(SystemExit, match=message):
        localservices.ensure_one(endpoint)
    assert fake["server"].calls == []


# --- the probe and real servers -----------------------------------------------------------


@pytest.fixture
def listener():
    """A TCP server on a free port that answers every connection with `reply`."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    reply = {"bytes": b""}

    def serve():
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            with conn:
                conn.recv(64)
                conn.sendall(reply["bytes"])

    threading.Thread(target=serve, daemon=True).start()
    yield sock.getsockname()[1], reply
    sock.close()


@pytest.mark.parametrize(
    "kind, reply, answer",
    [
        (PG, b"N", "answers"),
        (PG, b"S", "answers"),
        (PG, b"HTTP/1.1 400", "other"),
        (PG, b"", "other"),  # hangs up, as Redis does on an SSLRequest
        ("redis", b"+PONG\r\n", "answers"),
        ("redis", b"-NOAUTH Authentication required.\r\n", "answers"),
        ("redis", b"SSH-2.0-OpenSSH", "other"),
    ],
)
def test_probe_tells_the_service_from_something_else(listener, kind, reply, answer):
    port, served = listener
    served["bytes"] = reply
    assert urls.probe(urls.Endpoint(kind, "", "127.0.0.1", port)) == answer


def test_probe_on_a_free_port_is_refused():
    assert urls.probe(urls.Endpoint("redis", "", "127.0.0.1", free_port())) == "refused"


@pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server not installed")
def test_a_redis_of_our_own_starts_and_stops(tmp_path):
    port = free_port()
    endpoint = urls.Endpoint("redis", "", "127.0.0.1", port)
    redis = Redis(tmp_path / f"redis-{port}", port)
    redis.start()
    try:
        pid = redis.running()
        assert pid and urls.probe(endpoint) == "answers"
        redis.start()  # idempotent
        assert redis.running() == pid
        assert [s.port for s in localservices.local_servers(tmp_path)] == [port]
    finally:
        redis.stop()
    assert redis.running() is None
    assert urls.probe(endpoint) == "refused"


@pytest.mark.skipif(pg_bindir() is None, reason="PostgreSQL server programs not installed")
def test_a_postgres_cluster_of_our_own_starts_and_stops(tmp_path):
    port = free_port()
    endpoint = urls.Endpoint(PG, "", "127.0.0.1", port)
    pg = Postgres(tmp_path / f"postgres-{port}", port, settings={"fsync": "off"})
    try:
        pg.init()
        pg.start()
        assert pg.running() and urls.probe(endpoint) == "answers"
        assert (pg.sockets / f".s.PGSQL.{port}").is_socket()
        pg.init()  # idempotent: the existing cluster is kept
        pg.start()
    finally:
        pg.stop()
        elsewhere = pg.home.resolve()  # the temporary folder when postgres cannot reach tmp_path
        shutil.rmtree(elsewhere, ignore_errors=True)
    assert pg.running() is None
    assert urls.probe(endpoint) == "refused"
