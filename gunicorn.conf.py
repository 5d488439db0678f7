"""gunicorn settings for one app server behind nginx: `gunicorn -c gunicorn.conf.py "backend:create_app()"`.

Every value can be set from the environment (deploy/outreach.env.example):
- GUNICORN_BIND: where to listen (default 127.0.0.1:8000: nginx on the same machine; use the
  machine's private address when nginx runs elsewhere, and add that address to FORWARDED_ALLOW_IPS).
- WEB_CONCURRENCY: worker processes (default 2 per core, at least 2): each one is a whole app.
- GUNICORN_THREADS: threads per worker (default 4): requests mostly wait on PostgreSQL and Redis.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count() * 2)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# Each worker builds its own app (and its own database pool): no connection is shared across a fork.
preload_app = False
# A request that takes longer is stuck: the worker is replaced. Photo uploads over 2G take the longest,
# but nginx buffers the whole body first, so the app reads it at loopback speed.
timeout = 30
# On SIGTERM (systemctl stop / restart) a worker stops accepting and finishes what it has for up to
# this long; nginx sends new requests to the other servers meanwhile (proxy_next_upstream).
graceful_timeout = 25
keepalive = 5
# nginx reuses connections to the app (upstream keepalive): drop a worker after many requests to
# bound any slow leak, staggered so the workers of one server never restart together.
max_requests = 5000
max_requests_jitter = 500

# The client's address comes from X-Forwarded-For, which the app reads itself (TRUSTED_PROXIES=1 behind
# one nginx); gunicorn trusts the X-Forwarded-* headers only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to stderr (journald keeps them). The access line never carries the query string
# (backend/web.py's DropQueryStrings filter on gunicorn.access).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
proc_name = "outreach"
# gunicorn's control socket (~/.gunicorn/gunicorn.ctl) is one path per user: several servers on one
# machine would fight over it, and nothing here uses it.
control_socket_disable = True


def post_worker_init(worker):
    """Once the worker has built its app, the objects it holds for its whole life (the app, its routes,
    SQLAlchemy's mappers and compiled statements, the gazetteer) leave the collector's generations.

    A full collection walks every tracked object: with the app's ~270,000 in them, one took 140–200 ms, and
    a request that allocates (the province dashboard's 27,000 cells) triggered one every few requests. Frozen,
    a full collection walks only what requests made (1–2 ms): the dashboard's p95 went from 225 to 72 ms
    in the same run (BENCHMARKS.md, "Assessment")."""
    import gc

    gc.collect()
    gc.freeze()
