"""Light load test of the web UI: N concurrent requests against the real server on loopback.

Starts ``uvicorn`` serving ``create_app(DB)`` in a subprocess on 127.0.0.1 (or uses ``--url``, which
must be a loopback address), warms every page once, then sends ``--requests`` requests over
a mix of pages and API routes with at most ``--concurrency`` in flight, and the same number to
``/api/health`` as the baseline. Prints JSON (errors, latency percentiles, the ratio of p95 to the
baseline's p95, the exact command) and writes it to build/bench/web_load.json.

    .venv/bin/python bench/web_load.py                       # demo corpus, 200 requests, 200 at once
    .venv/bin/python bench/web_load.py --db my.db --requests 500 --concurrency 50
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
SERVER = """
import sys, uvicorn
from newstrace.web import create_app
uvicorn.run(create_app(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def build_demo_db(path: Path) -> Path:
    """The bundled sample corpus, ingested and linked."""
    from newstrace.cli import sample_corpus
    from newstrace.pipeline import Corpus

    with Corpus(path) as c:
        c.ingest([str(sample_corpus())])
        c.link()
    return path


def pages_of(db: Path) -> list[str]:
    """The request mix: every page kind and its API twin, for the articles and sites in ``db``."""
    from newstrace.pipeline import Corpus

    with Corpus(db) as c:
        ids = [
            a
            for (a,) in c.store.conn.execute(
                "SELECT id FROM articles WHERE superseded=0 ORDER BY id LIMIT 20"
            )
        ]
        sites = [
            s
            for (s,) in c.store.conn.execute(
                "SELECT site FROM articles WHERE site IS NOT NULL "
                "GROUP BY site ORDER BY count(*) DESC LIMIT 5"
            )
        ]
        word = (c.store.conn.execute("SELECT title FROM articles LIMIT 1").fetchone() or ("news",))[
            0
        ].split()[0]
    paths = [
        "/",
        "/search",
        f"/search?q={quote(word)}",
        "/sites",
        "/network",
        "/trace",
        "/api/overview",
        f"/api/search?q={quote(word)}",
        "/api/network",
        "/api/sites",
    ]
    paths += [f"/article/{i}" for i in ids] + [f"/api/articles/{i}" for i in ids[:5]]
    paths += [f"/site/{quote(s, safe='')}" for s in sites]
    return paths


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port)], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with code {proc.returncode}")
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start within 60 s")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(q / 100 * (len(s) - 1))))
    return s[k]


async def fetch(host: str, port: int, path: str, timeout: float) -> int:
    """One ``GET path`` over a fresh connection (``Connection: close``); returns the status code.

    A minimal HTTP/1.1 client on asyncio streams: httpx's connection pool costs more CPU than the
    server with hundreds of connections in flight, and would measure itself instead of the server."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), timeout)  # to EOF: the whole response
    finally:
        writer.close()
    status_line = data.split(b"\r\n", 1)[0].split()
    if len(status_line) < 2 or not status_line[1].isdigit():
        raise ConnectionError("no HTTP status line")
    return int(status_line[1])


async def burst(base: str, paths: list[str], n: int, concurrency: int, timeout: float) -> dict[str, Any]:
    """``n`` GETs cycling over ``paths``, at most ``concurrency`` in flight; latencies in ms."""
    sem = asyncio.Semaphore(concurrency)
    lat: list[float] = []
    status: dict[str, int] = {}
    errors: list[str] = []
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80

    async def one(i: int) -> None:
        path = paths[i % len(paths)]
        async with sem:
            t0 = time.perf_counter()
            try:
                code = await fetch(host, port, path, timeout)
            except (TimeoutError, OSError, ConnectionError) as e:
                errors.append(f"{path}: {type(e).__name__}")
                return
            lat.append((time.perf_counter() - t0) * 1000)
            status[str(code)] = status.get(str(code), 0) + 1
            if code != 200:
                errors.append(f"{path}: HTTP {code}")

    t0 = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(n)))
    wall = time.perf_counter() - t0
    return {
        "requests": n,
        "ok": status.get("200", 0),
        "errors": len(errors),
        "error_samples": errors[:10],
        "status": status,
        "wall_s": round(wall, 3),
        "throughput_rps": round(n / wall, 1) if wall else None,
        "p50_ms": round(percentile(lat, 50), 1),
        "p95_ms": round(percentile(lat, 95), 1),
        "p99_ms": round(percentile(lat, 99), 1),
        "max_ms": round(max(lat), 1) if lat else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--db", type=Path, help="database to serve (default: the sample corpus, built in a temp dir)"
    )
    ap.add_argument(
        "--url", help="use this running server instead (loopback only), e.g. http://127.0.0.1:8000"
    )
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=200, help="requests in flight at most (bounded)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "web_load.json")
    args = ap.parse_args(argv)
    if not 1 <= args.concurrency <= 1000 or not 1 <= args.requests <= 100_000:
        ap.error("--concurrency must be 1..1000 and --requests 1..100000")
    tmp = tempfile.TemporaryDirectory(prefix="newstrace-load-")
    db = args.db or build_demo_db(Path(tmp.name) / "demo.db")
    proc = None
    try:
        if args.url:
            host = urlsplit(args.url).hostname or ""
            if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
                ap.error("--url must be a loopback address: this tool only loads your own machine")
            base = args.url.rstrip("/")
        else:
            proc, base = start_server(db)
        paths = pages_of(db)
        warm_errors = []
        with httpx.Client(base_url=base, timeout=args.timeout) as warm:
            for p in paths:  # first views load models and fill caches; not measured
                try:
                    if warm.get(p).status_code != 200:
                        warm_errors.append(p)
                except httpx.HTTPError:
                    warm_errors.append(p)
        baseline = asyncio.run(burst(base, ["/api/health"], args.requests, args.concurrency, args.timeout))
        result = asyncio.run(burst(base, paths, args.requests, args.concurrency, args.timeout))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        tmp.cleanup()
    report = {
        "benchmark": "web_load",
        "command": " ".join(
            shlex.quote(a)
            for a in [
                os.path.relpath(sys.executable, ROOT),
                "bench/web_load.py",
                *(argv if argv is not None else sys.argv[1:]),
            ]
        ),
        "server": "uvicorn, one process, on 127.0.0.1" if proc is not None else base,
        "cpus": os.cpu_count(),
        "concurrency": args.concurrency,
        "paths": paths,
        "warmup_errors": warm_errors,
        "pages": result,
        "baseline_health": baseline,
        "p95_ratio_to_baseline": round(result["p95_ms"] / baseline["p95_ms"], 2)
        if baseline["p95_ms"]
        else None,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0 if result["errors"] == 0 and baseline["errors"] == 0 and not warm_errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
