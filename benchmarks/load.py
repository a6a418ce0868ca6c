"""Load benchmark of ``diemtin serve`` on loopback: requests/s and latency percentiles.

Starts ``diemtin serve`` (one uvicorn process) on 127.0.0.1 over a fresh database holding the
two example articles, then runs ``--clients`` concurrent keep-alive clients (asyncio, one
process) for ``--duration`` seconds per endpoint:

- ``GET /api/stories/{id}`` (the story with its stored cited summary);
- ``POST /api/summarize`` with the two example articles and ``max_words`` 120.

Usage::

    python benchmarks/load.py                        # 32 clients, 10 s per endpoint
    python benchmarks/load.py --clients 64 --duration 20 --json out.json

Only loopback is ever contacted; the run is bounded by ``--duration`` (at most 120 s each).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO.parent / "shared" / "examples" / "nato-russia"
HOST = "127.0.0.1"  # loopback only, by design
MAX_DURATION = 120.0


@dataclass
class Result:
    name: str
    clients: int
    duration: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        data = sorted(self.latencies)
        k = min(len(data) - 1, max(0, round(q / 100 * (len(data) - 1))))
        return data[k] * 1000

    def row(self) -> dict[str, Any]:
        n = len(self.latencies)
        return {
            "endpoint": self.name,
            "clients": self.clients,
            "requests": n,
            "errors": self.errors,
            "req_per_s": n / self.duration if self.duration else 0.0,
            "p50_ms": self.pct(50),
            "p90_ms": self.pct(90),
            "p99_ms": self.pct(99),
            "max_ms": max(self.latencies) * 1000 if n else float("nan"),
            "mean_ms": statistics.fmean(self.latencies) * 1000 if n else float("nan"),
        }


def machine() -> dict[str, Any]:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    versions = {}
    for mod in ("fastapi", "starlette", "uvicorn"):
        try:
            from importlib.metadata import version

            versions[mod] = version(mod)
        except Exception:
            versions[mod] = "?"
    return {
        "load_avg_1min": round(os.getloadavg()[0], 2),  # other work sharing these cores
        "cpu": model,
        "cores": usable,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        **versions,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def prepare_db(db: Path, example: Path) -> int:
    """Store the example articles and compute their story's summary; return the story id."""
    from diemtin.store import Store

    with Store(db) as store:
        report = store.ingest_paths([example])
        sid = report.stories[0]
        store.summarize_stories([sid])
        return sid


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "diemtin.cli", "serve", "--db", str(db), "--host", HOST,
           "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode()[-800:]}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/api/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start within 60 s")


def build_request(method: str, path: str, port: int, body: bytes | None = None) -> bytes:
    head = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: keep-alive",
            "Accept: application/json"]
    if body is not None:
        head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + (body or b"")


async def one_client(port: int, request: bytes, stop_at: float, result: Result,
                     record_from: float) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        while True:
            now = time.perf_counter()
            if now >= stop_at:
                break
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ", 2)[1])
            length = 0
            close = False
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                elif name.lower() == "connection" and value.strip().lower() == "close":
                    close = True
            await reader.readexactly(length)
            done = time.perf_counter()
            if now >= record_from:  # warm-up requests are not counted
                result.latencies.append(done - now)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status != 200:
                    result.errors += 1
            if close:
                writer.close()
                reader, writer = await asyncio.open_connection(HOST, port)
    finally:
        writer.close()


async def run_load(name: str, port: int, request: bytes, clients: int, duration: float,
                   warmup: float) -> Result:
    start = time.perf_counter()
    record_from = start + warmup
    stop_at = record_from + duration
    result = Result(name, clients, duration)
    await asyncio.gather(*(one_client(port, request, stop_at, result, record_from)
                           for _ in range(clients)))
    # the measured window ends when the last in-flight request started before stop_at ends
    result.duration = max(time.perf_counter(), stop_at) - record_from
    return result


def table(rows: list[dict[str, Any]]) -> str:
    cols = [("endpoint", "{}"), ("clients", "{}"), ("requests", "{}"), ("errors", "{}"),
            ("req_per_s", "{:.0f}"), ("p50_ms", "{:.1f}"), ("p90_ms", "{:.1f}"),
            ("p99_ms", "{:.1f}"), ("max_ms", "{:.1f}")]
    head = ["endpoint", "clients", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms"]
    body = [[fmt.format(r[c]) for c, fmt in cols] for r in rows]
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"  # noqa: E731
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(head), sep, *(line(b) for b in body)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=32, help="concurrent clients (>= 32 for the report)")
    ap.add_argument("--duration", type=float, default=10.0, help="measured seconds per endpoint")
    ap.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds before each run")
    ap.add_argument("--example", type=Path, default=EXAMPLE, help="folder of example articles")
    ap.add_argument("--only", choices=["get", "summarize"], default=None, help="run one endpoint")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args(argv)
    if not 1 <= args.clients <= 1024:
        ap.error("--clients must be 1-1024")
    duration = min(max(args.duration, 1.0), MAX_DURATION)
    warmup = min(max(args.warmup, 0.0), 30.0)
    if not args.example.is_dir():
        ap.error(f"{args.example}: example folder not found")

    texts = [p.read_text(encoding="utf-8") for p in sorted(args.example.glob("*.txt"))]
    with tempfile.TemporaryDirectory(prefix="diemtin-load-") as tmp:
        db = Path(tmp) / "load.db"
        sid = prepare_db(db, args.example)
        port = free_port()
        server = start_server(db, port)
        try:
            runs: list[tuple[str, bytes]] = []
            if args.only in (None, "get"):
                runs.append((f"GET /api/stories/{sid}",
                             build_request("GET", f"/api/stories/{sid}", port)))
            if args.only in (None, "summarize"):
                body = json.dumps({"articles": texts, "max_words": 120}, ensure_ascii=False).encode()
                runs.append(("POST /api/summarize", build_request("POST", "/api/summarize", port, body)))
            rows = []
            for name, request in runs:
                result = asyncio.run(run_load(name, port, request, args.clients, duration, warmup))
                rows.append(result.row())
                if result.errors:
                    print(f"warning: {name}: statuses {result.statuses}", file=sys.stderr)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    info = machine()
    print(table(rows))
    print()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    print(f"server: one uvicorn process (diemtin serve) on {HOST}; client: one asyncio process, "
          f"{args.clients} keep-alive connections; {duration:.0f} s measured after {warmup:.0f} s warm-up")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
