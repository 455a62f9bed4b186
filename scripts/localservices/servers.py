"""Servers of our own: a PostgreSQL cluster and a redis-server, each in a folder given."""

import contextlib
import hashlib
import os
import pwd
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from .urls import Endpoint, log, wait_for

SOCKET_PATH_MAX = 100  # a Unix socket path may not exceed 107 bytes


def pg_bindir():
    """The newest Debian PostgreSQL server, else whatever initdb is on the PATH."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: [int(n) for n in p.parts[-3].split(".") if n.isdigit()],
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def install_packages(*packages):
    """Debian packages, as the Makefile installs chromium: only as root, else say what to do."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit(
            f"localservices: {' '.join(packages)} missing: install it (apt-get install "
            f"{' '.join(packages)}) or point the URL at a running server"
        )
    log(f"installing Debian packages: {' '.join(packages)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", *packages],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def _alive(pid, name):
    """The process exists and is `name` (not a reused pid, not a zombie)."""
    try:
        return name.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _pid_in(pidfile, name):
    try:
        pid = int(Path(pidfile).read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pid if _alive(pid, name) else None


class Postgres:
    """A cluster of our own in `home`: data/, its socket directory run/, postgres.log.

    PostgreSQL refuses to run as root: as root the server runs as the `postgres` user (the
    Debian package's), and if that user cannot reach `home` the cluster lives in the temporary
    folder with `home` a link to it."""

    def __init__(self, home, port, *, superuser="postgres", listen="127.0.0.1", settings=None):
        self.home, self.port, self.superuser, self.listen = Path(home), port, superuser, listen
        self.settings = dict(settings or {})

    data = property(lambda self: self.home / "data")
    sockets = property(lambda self: self.home / "run")
    logfile = property(lambda self: self.home / "postgres.log")

    def _owner(self):
        if os.geteuid() != 0:
            return {}
        with contextlib.suppress(KeyError):
            pw = pwd.getpwnam("postgres")
            return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
        if not shutil.which("useradd"):
            raise SystemExit("localservices: no postgres user to run PostgreSQL as")
        subprocess.run(["useradd", "--system", "--user-group", "postgres"], check=True)
        return self._owner()

    def _pg(self, program, *args, **kwargs):
        bindir = pg_bindir()
        if bindir is None:
            raise SystemExit("localservices: PostgreSQL's server programs (initdb) not found")
        # No pipes for pg_ctl start: the server would inherit them and we would wait forever.
        kwargs.setdefault("stdout", subprocess.DEVNULL)
        kwargs.setdefault("stderr", subprocess.DEVNULL)
        return subprocess.run(
            [str(bindir / program), *map(str, args)],
            check=True,
            timeout=120,
            cwd=self.home.resolve(),
            **self._owner(),
            **kwargs,
        )

    def _reachable(self, folder):
        owner = self._owner()
        if not owner:
            return True
        return (
            subprocess.run(["test", "-x", str(folder), "-a", "-w", str(folder)], **owner).returncode
            == 0
        )

    def _prepare(self):
        if self.home.exists():
            return
        if self.home.is_symlink():  # its folder in the temporary folder went with a reboot
            self.home.unlink()
        self.home.parent.mkdir(parents=True, exist_ok=True)
        owner = self._owner()
        socket_path = self.home.resolve() / "run" / f".s.PGSQL.{self.port}"
        probe_dir = Path(tempfile.mkdtemp(dir=self.home.parent))
        try:
            if owner:
                os.chown(probe_dir, owner["user"], owner["group"])
            fits = self._reachable(probe_dir) and len(str(socket_path)) <= SOCKET_PATH_MAX
        finally:
            probe_dir.rmdir()
        if fits:
            self.home.mkdir()
        else:
            digest = hashlib.sha1(str(self.home.resolve()).encode()).hexdigest()[:10]
            elsewhere = Path(tempfile.gettempdir()) / f"cppcc-pg-{digest}"
            elsewhere.mkdir(exist_ok=True)
            self.home.symlink_to(elsewhere)
        self.sockets.mkdir(exist_ok=True)
        if owner:
            for folder in (self.home.resolve(), self.sockets):
                os.chown(folder, owner["user"], owner["group"])

    def init(self):
        """Create the cluster unless it exists (UTF-8, C.UTF-8, trust on loopback)."""
        self._prepare()
        if (self.data / "PG_VERSION").exists():
            return
        try:
            self._pg(
                "initdb",
                "-D",
                self.data.resolve(),
                "--auth=trust",
                "-U",
                self.superuser,
                "--locale=C.UTF-8",
                "-E",
                "UTF8",
                "--no-instructions",
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        except subprocess.CalledProcessError as exc:
            raise SystemExit(f"localservices: initdb failed:\n{exc.stdout}")

    def running(self):
        """The postmaster's pid, or None."""
        return _pid_in(self.data / "postmaster.pid", "postgres")

    def start(self):
        if self.running():
            return
        options = [f"-p {self.port}", f"-k {shlex.quote(str(self.sockets.resolve()))}"]
        for name, value in {"listen_addresses": self.listen, **self.settings}.items():
            options.append(f"-c {name}={shlex.quote(str(value))}")
        try:
            self._pg(
                "pg_ctl",
                "-D",
                self.data.resolve(),
                "-w",
                "-t",
                "60",
                "-l",
                self.logfile.resolve(),
                "-o",
                " ".join(options),
                "start",
            )
        except subprocess.CalledProcessError:
            tail = self.logfile.read_text(errors="replace")[-2000:] if self.logfile.exists() else ""
            raise SystemExit(f"localservices: PostgreSQL did not start:\n{tail}")

    def stop(self, mode="fast"):
        if self.running():
            self._pg("pg_ctl", "-D", self.data.resolve(), "-w", "-m", mode, "stop")

    def restart(self):
        self.stop()
        self.start()


class Redis:
    """A redis-server of our own (no persistence), daemonized, its pidfile and log in `home`."""

    def __init__(self, home, port, *, bind="127.0.0.1", password=""):
        self.home, self.port, self.bind, self.password = Path(home), port, bind, password

    pidfile = property(lambda self: self.home / "redis.pid")
    logfile = property(lambda self: self.home / "redis.log")

    def running(self):
        return _pid_in(self.pidfile, "redis-server")

    def start(self):
        if self.running():
            return
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("localservices: redis-server not found")
        self.home.mkdir(parents=True, exist_ok=True)
        command = [
            binary,
            "--port",
            self.port,
            "--bind",
            *self.bind.split(),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--dir",
            self.home.resolve(),
            "--pidfile",
            self.pidfile.resolve(),
            "--logfile",
            self.logfile.resolve(),
        ]
        if self.password:
            command += ["--requirepass", self.password]
        subprocess.run(list(map(str, command)), check=True, stdout=subprocess.DEVNULL, timeout=30)
        endpoint = Endpoint("redis", "", self.bind.split()[0], self.port)
        # It writes its pidfile just after it starts listening: wait for both.
        deadline = time.monotonic() + 15
        while not (self.running() and wait_for(endpoint, 1)) and time.monotonic() < deadline:
            time.sleep(0.05)
        if not (self.running() and wait_for(endpoint, 1)):
            tail = self.logfile.read_text(errors="replace")[-2000:] if self.logfile.exists() else ""
            raise SystemExit(f"localservices: Redis did not start:\n{tail}")

    def stop(self):
        pid = self.running()
        if pid:
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 15
            while _alive(pid, "redis-server") and time.monotonic() < deadline:
                time.sleep(0.05)
            if _alive(pid, "redis-server"):
                os.kill(pid, signal.SIGKILL)
        self.pidfile.unlink(missing_ok=True)
