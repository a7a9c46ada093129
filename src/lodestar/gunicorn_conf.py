"""gunicorn settings for ``./lodestar serve``, every one from the environment.

LODESTAR_BIND (127.0.0.1:8000), LODESTAR_WORKERS (2 x cores + 1), LODESTAR_THREADS (4),
LODESTAR_TIMEOUT (60 s), LODESTAR_FORWARDED_ALLOW_IPS (127.0.0.1: the proxy's addresses).
"""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("LODESTAR_BIND", f"127.0.0.1:{os.environ.get('LODESTAR_PORT', '8000')}").split(",")
workers = int(os.environ.get("LODESTAR_WORKERS", str(2 * multiprocessing.cpu_count() + 1)))
# Threads per worker: requests waiting on PostgreSQL or on a file upload do not hold a process.
threads = int(os.environ.get("LODESTAR_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("LODESTAR_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never grows into an outage.
max_requests = int(os.environ.get("LODESTAR_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("LODESTAR_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Requests are logged by Django as JSON (lodestar.core.requestlog); gunicorn logs only its own events.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LODESTAR_LOG_LEVEL", "info").lower()
proc_name = "lodestar"
