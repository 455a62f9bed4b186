"""gunicorn settings for the portal: `.venv/bin/gunicorn -c gunicorn.conf.py cppcc_portal.wsgi`.

Sized for the reference host: 2 cores shared with PostgreSQL, Redis and the Celery worker.
- Two processes (WEB_CONCURRENCY, default the core count): a request's Python work is
  CPU-bound, so more processes than cores only add context switches and memory; the classic
  2 × cores + 1 assumes the database runs elsewhere.
- `gthread` with 4 threads each: while one thread waits for PostgreSQL or Redis (most of a
  page's time at the portal's sizes) another runs, and keep-alive connections from nginx are
  held by a thread pool instead of blocking a whole sync worker. No gevent/eventlet: psycopg
  and the Redis client would need monkey-patching, and threads already cover the waits.
- Recycled after ~2,000 requests (jittered, so both never restart at once) to bound memory
  growth; 60 s timeout for the longest exports (the big ones run as Celery jobs).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count(), 4)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = 5
timeout = 60
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
