#!/usr/bin/env python3
"""web_load.py URL COOKIE CLIENTS REQUESTS PATH...: CLIENTS concurrent
browsers (threads, one keep-alive connection each) each GET every PATH
REQUESTS times with the session cookie; prints per path
"RESULT|web_<name>_p50_ms|X" and p99 lines. A figure, not a test."""
import http.client
import sys
import threading
import time
import urllib.parse

url, cookie, clients, requests = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
paths = sys.argv[5:]
u = urllib.parse.urlparse(url)
lat = {p: [] for p in paths}
errors = []
lock = threading.Lock()
start = threading.Barrier(clients)


def client():
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    start.wait()
    for _ in range(requests):
        for p in paths:
            t0 = time.perf_counter()
            c.request("GET", p, headers={"Cookie": "qp_session=" + cookie})
            r = c.getresponse()
            body = r.read()
            dt = (time.perf_counter() - t0) * 1000
            with lock:
                lat[p].append(dt)
                if r.status != 200 or len(body) < 500:
                    errors.append((p, r.status))


threads = [threading.Thread(target=client) for _ in range(clients)]
t0 = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
wall = time.perf_counter() - t0
total = sum(len(v) for v in lat.values())
for p in paths:
    v = sorted(lat[p])
    name = {"/": "day", "/historique": "history"}.get(p, p.strip("/").replace("/", "_"))
    p50 = v[len(v) // 2]
    p99 = v[min(len(v) - 1, int(len(v) * 0.99))]
    print("%-14s %5d requests, %d clients: p50 %.1f ms, p99 %.1f ms, max %.1f ms"
          % (p, len(v), clients, p50, p99, v[-1]))
    print("RESULT|web_%s_p50_ms|%.1f" % (name, p50))
    print("RESULT|web_%s_p99_ms|%.1f" % (name, p99))
print("%d requests in %.2f s: %.0f pages/s; %d errors" % (total, wall, total / wall, len(errors)))
print("RESULT|web_pages_per_s|%.0f" % (total / wall))
print("RESULT|web_errors|%d" % len(errors))
