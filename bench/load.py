"""Load benchmark: simulated candidates against one OmniSim worker, then against a Node peer.

    .venv/bin/python bench/load.py [--steps 50,100,200,400,800] [--seconds 45] [--no-node]
                                   [--profile 500]

On demand, loopback only; prints figures, asserts nothing. Per step, a fresh server
(``omnisim serve`` on a temporary SQLite file, pinned with taskset to core 0) and a
load generator (Node socket.io-client, bench/node/generator.js, pinned to core 1):
each candidate plays the demo deck (training, ×60) in an exam of 20 to 60 candidates, as
centres run them, joins, starts, and sends one action a second: a pickup, a draft, or a
line on its contact, as a candidate writes them (greetings, questions, recaps, apologies,
statements, goodbyes of 10 to 20 words; on an e-mail or complaint contact a reply of 100
to 200 words), every line new, so that the customer reads each one; a contact is closed
after a few lines (one for an e-mail) and the next one picked up. The deck's e-mail comes
40 s after a candidate starts (40 simulated minutes at ×60): hence a 45 s window. Printed per step:
inject-to-client latency (event ``wall_time`` to receipt, same clock), ack latency,
events/s, delivered vs expected (a last join counts what was missed), gaps and
duplicates the positions absorbed, refusals, the server's CPU and RSS, /healthz
latency (an upper bound of event-loop lag), and the simulated clock's drift.

The same ramp then runs against bench/node/server.js, a minimal socket.io 4 server
with the same event shapes, and the ratio at equal load is printed. The Node
packages are installed by this script into bench/node/node_modules (its own
package.json, not the project's). ``--profile N`` records a py-spy profile of the
OmniSim worker at N candidates (py-spy from pip) and prints where time goes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "bench" / "node"
EXAM_SIZES = (40, 20, 60, 30, 50)  # candidates per exam, in turn: as centres run them
PASSWORD = "mot-de-passe-du-banc"
IDLE_SECONDS = 3.0  # measured before each step: the processes' CPU with nobody connected


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pinned(core: int, cmd: list[str]) -> list[str]:
    """The command pinned to one core when taskset exists (the generator gets the other)."""
    return ["taskset", "-c", str(core), *cmd] if shutil.which("taskset") else cmd


def wait_http(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except urllib.error.HTTPError:
            return  # it answers (a worker on Redis says 503 until its relay is up)
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(url)


class Sampler(threading.Thread):
    """CPU seconds and RSS of a process, and /healthz latency, sampled every second."""

    def __init__(self, pid: int, health: str | None) -> None:
        super().__init__(daemon=True)
        self.pid, self.health = pid, health
        self.rss: list[int] = []
        self.lags: list[float] = []
        self.stop = threading.Event()

    def rss_now(self) -> int:
        status = Path(f"/proc/{self.pid}/status").read_text()
        return next(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS"))

    def cpu(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def run(self) -> None:
        while not self.stop.wait(1.0):
            try:
                status = Path(f"/proc/{self.pid}/status").read_text()
                self.rss += [
                    int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")
                ]
                if self.health:
                    began = time.perf_counter()
                    with contextlib.suppress(urllib.error.HTTPError):  # answered all the same
                        urllib.request.urlopen(self.health, timeout=5).read()
                    self.lags.append(time.perf_counter() - began)
            except OSError:
                pass


def redis_server(tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A fresh redis-server on a free loopback port, durable as in docker-compose.yml."""
    import socket

    port = free_port()
    proc = subprocess.Popen(
        pinned(
            0,
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(tmp),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ],
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return proc, f"redis://127.0.0.1:{port}/0"
        time.sleep(0.05)
    raise TimeoutError(f"redis-server on {port}")


def redis_calls(url: str) -> dict[str, int]:
    """Calls per command so far (INFO commandstats), commands run by scripts included."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        stats = client.info("commandstats")
    finally:
        client.close()
    return {name.removeprefix("cmdstat_"): int(v["calls"]) for name, v in stats.items()}


def omnisim_server(
    tmp: Path, workers: int = 1, redis: str = ""
) -> tuple[list[subprocess.Popen[bytes]], list[str], str]:
    """Fresh workers (one on a new SQLite file, or several sharing ``redis``), a trainer's
    API token. Every worker is pinned to core 0: the generator has core 1."""
    store = redis or str(tmp / "bench.db")
    env = os.environ | {
        "OMNISIM_SOCKETS_PER_ADDRESS": "100000",
        # Every simulated candidate comes from loopback: the per-address budgets (a room of 60
        # behind one NAT) would refuse the load itself, not measure it.
        "OMNISIM_PEOPLE_PER_ADDRESS": "100000",
        "OMNISIM_LANG": "fr",
        "PYTHONPATH": str(ROOT),
    }
    py = [sys.executable, "-m", "omnisim"]
    trainer = [*py, "trainer"]
    subprocess.run(
        [
            *trainer,
            "add",
            "--login",
            "banc",
            "--name",
            "Banc",
            "--password-stdin",
            "--store",
            store,
        ],
        input=PASSWORD + "\n",
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
    )
    token = subprocess.run(
        [*trainer, "token", "--login", "banc", "--store", store],
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
    ).stdout.strip()
    procs, urls = [], []
    for worker in range(workers):
        port = free_port()
        relay = ["--redis", redis] if redis else []
        with (tmp / f"worker-{worker}.log").open("wb") as log:
            procs.append(
                subprocess.Popen(
                    pinned(0, [*py, "serve", "--port", str(port), "--store", store, *relay]),
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        urls.append(f"http://127.0.0.1:{port}")
    for worker, url in enumerate(urls):
        try:
            wait_http(url + "/healthz", timeout=180)  # a loaded machine starts slowly
        except TimeoutError:
            for proc in procs:  # none left running behind the bench
                proc.terminate()
            log_text = (tmp / f"worker-{worker}.log").read_text(errors="replace")
            raise SystemExit(f"worker {worker} did not start:\n{log_text[-3000:]}") from None
    return procs, urls, token


def exam_sizes(n: int) -> list[int]:
    """``n`` candidates in exams of EXAM_SIZES in turn; a remainder under 20 joins the
    smallest exams one by one (none past 60)."""
    sizes: list[int] = []
    while sum(sizes) < n:
        sizes.append(min(EXAM_SIZES[len(sizes) % len(EXAM_SIZES)], n - sum(sizes)))
    if len(sizes) > 1 and sizes[-1] < min(EXAM_SIZES):
        rest = sizes.pop()
        for _ in range(rest):
            sizes[sizes.index(min(sizes))] += 1
    return sizes


def make_exams(url: str, api_token: str, n: int, urls: list[str] | None = None) -> list[Any]:
    """The candidates' tokens, in exams of exam_sizes(n).

    With several ``urls`` each exam is created through one worker in turn (it owns
    it) and each token comes as {"url", "token", "worker", "owner"} placed on the
    owner ("split" placement: each exam's candidates all on one worker); the caller moves
    them for "spread" (:func:`spread`).
    """
    where = urls or [url]
    tokens: list[Any] = []
    start = 0
    for k, size in enumerate(exam_sizes(n)):
        owner = k % len(where)
        body = {
            "deck": "bundled:demo",
            "mode": "training",
            "time_factor": 60,
            "candidates": [
                {"name": f"Candidat {start + i}", "number": f"{start + i}"} for i in range(size)
            ],
        }
        start += size
        request = urllib.request.Request(
            where[owner] + "/api/exams",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {api_token}", "Content-Type": "application/json"},
            method="POST",
        )
        made = json.loads(urllib.request.urlopen(request, timeout=120).read())
        mine = [
            link["url"].split("token=", 1)[1]
            for link in made["links"]
            if link["role"] == "candidate" and link["url"]
        ]
        if urls is None:
            tokens += mine
        else:
            tokens += [
                {"url": where[owner], "token": t, "worker": owner, "owner": owner} for t in mine
            ]
    return tokens


def spread(tokens: list[dict[str, Any]], urls: list[str]) -> list[dict[str, Any]]:
    """Every other candidate of each exam moved to the next worker: its actions are
    forwarded to the owner and its events relayed back through Redis."""
    out = []
    for i, t in enumerate(tokens):
        worker = (t["owner"] + i % 2) % len(urls)
        out.append(t | {"url": urls[worker], "worker": worker})
    return out


def generate(url: str, tokens: list[str], seconds: float, tmp: Path) -> dict[str, Any]:
    tokens_file = tmp / "tokens.json"
    tokens_file.write_text(json.dumps(tokens))
    ramp = max(3.0, len(tokens) / 100)
    out = subprocess.run(
        pinned(
            1, ["node", str(NODE / "generator.js"), url, str(tokens_file), str(seconds), str(ramp)]
        ),
        capture_output=True,
        text=True,
        timeout=seconds + ramp + 120,
        check=True,
    )
    figures: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def stop_all(
    procs: list[subprocess.Popen[bytes]], redis_proc: subprocess.Popen[bytes] | None
) -> None:
    """The workers, then their redis-server (the workers flush to it on the way out)."""
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.wait(timeout=20)
    if redis_proc is not None:
        redis_proc.terminate()
        redis_proc.wait(timeout=20)


def step(
    kind: str,
    n: int,
    seconds: float,
    profile: bool,
    workers: int = 1,
    placement: str = "split",
    on_redis: bool = False,
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        redis_proc, redis = None, ""
        procs: list[subprocess.Popen[bytes]]
        if kind == "omnisim":
            if workers > 1 or on_redis:
                redis_proc, redis = redis_server(tmp)
            procs, urls, api_token = omnisim_server(tmp, workers, redis)
            url = urls[0]
            try:
                tokens = make_exams(url, api_token, n, urls if workers > 1 else None)
                if placement == "spread":
                    tokens = spread(tokens, urls)
            except BaseException:  # a step that fails before its run leaves nothing behind
                stop_all(procs, redis_proc)
                raise
            healths: list[str | None] = [u + "/healthz" for u in urls]
        else:
            port = free_port()
            peer = (
                ["node", str(NODE / "server.js"), str(port)]
                if kind == "node"
                else [sys.executable, str(ROOT / "bench" / "floor.py"), str(port)]
            )
            procs = [
                subprocess.Popen(
                    pinned(0, peer),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            ]
            url = f"http://127.0.0.1:{port}"
            wait_http(url)
            tokens = [f"c{i}" for i in range(n)]
            healths = [None]
        samplers = [Sampler(p.pid, h) for p, h in zip(procs, healths, strict=True)]
        if redis_proc is not None:
            samplers.append(Sampler(redis_proc.pid, None))
        spy = None
        try:
            base_rss = [sampler.rss_now() for sampler in samplers]
            idle0, i0 = [sampler.cpu() for sampler in samplers], time.monotonic()
            time.sleep(IDLE_SECONDS)  # what the processes cost with nobody connected
            idle = [
                (sampler.cpu() - c) / (time.monotonic() - i0)
                for sampler, c in zip(samplers, idle0, strict=True)
            ]
            cpu0, t0 = [sampler.cpu() for sampler in samplers], time.monotonic()
            for sampler in samplers:
                sampler.start()
            spy_bin = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
            if profile and Path(spy_bin).exists():
                (ROOT / "test-artifacts" / "bench").mkdir(parents=True, exist_ok=True)
                spy = subprocess.Popen(
                    [
                        spy_bin,
                        "record",
                        "-p",
                        str(procs[0].pid),
                        "-d",
                        str(int(seconds)),
                        "-r",
                        "100",
                        "-f",
                        "raw",
                        "-o",
                        str(ROOT / "test-artifacts" / "bench" / f"profile-{n}.txt"),
                        "--nonblocking",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            calls0 = redis_calls(redis) if redis_proc is not None else {}
            figures = generate(url, tokens, seconds, tmp)
            elapsed = time.monotonic() - t0
            if redis_proc is not None:  # what the workers asked of Redis, by command
                after = redis_calls(redis)
                figures["redis_calls"] = {k: n - calls0.get(k, 0) for k, n in after.items()}
            cpus = [(s.cpu() - c) / elapsed for s, c in zip(samplers, cpu0, strict=True)]
        finally:
            for sampler in samplers:
                sampler.stop.set()
            if spy is not None:
                spy.wait(timeout=60)
            stop_all(procs, redis_proc)
            for log in tmp.glob("worker-*.log"):  # kept: a refusal's cause is in there
                shutil.copy(log, ROOT / "test-artifacts" / "bench" / f"{placement}-{n}-{log.name}")
        per = figures.get("workers", {})
        for i, sampler in enumerate(samplers[: len(procs)]):
            w = per.setdefault(str(i), {"candidates": 0})
            w["cpu"] = cpus[i]
            w["rss_mib"] = max(sampler.rss, default=0) / 1024
            w["rss_growth_kib"] = max(sampler.rss, default=0) - base_rss[i]
            w["lag_p99"] = pct(sampler.lags, 0.99)
        figures["workers"] = per
        figures["cpu"] = sum(cpus[: len(procs)])
        figures["cpu_seconds"] = figures["cpu"] * elapsed
        figures["idle_cpu"] = sum(idle[: len(procs)])
        figures["redis_idle_cpu"] = idle[len(procs)] if redis_proc is not None else None
        figures["redis_cpu"] = cpus[len(procs)] if redis_proc is not None else None
        figures["rss_mib"] = sum(w["rss_mib"] for w in per.values() if "rss_mib" in w)
        figures["rss_growth_kib"] = sum(
            w["rss_growth_kib"] for w in per.values() if "rss_growth_kib" in w
        )
        figures["lag_p99"] = max(
            (w["lag_p99"] for w in per.values() if w.get("lag_p99") is not None), default=None
        )
        return figures


def pct(values: list[float], p: float) -> float | None:
    return sorted(values)[int(len(values) * p)] if values else None


def ms(value: float | None) -> str:
    return "   -  " if value is None else f"{value * 1000:6.1f}"


def show(kind: str, f: dict[str, Any]) -> None:
    expected = f["delivered"] + f["missed"]
    n = max(f["candidates"], 1)
    print(
        f"{kind:8} {f['candidates']:5d}  inject {ms(f['inject_p50'])}/{ms(f['inject_p99'])} ms"
        f"  ack {ms(f['ack_p50'])}/{ms(f['ack_p99'])} ms  {f['events_per_s']:7.0f} ev/s"
        f"  delivered {f['delivered']}/{expected}  gaps {f['gaps']} dups {f['dups']}"
        f"  refused {f['refused']}  cpu {f['cpu']:.2f} ({f['cpu'] / n * 1000:.2f} ms/cand-s,"
        f" {(f['cpu'] - f.get('idle_cpu', 0)) / n * 1000:.2f} above idle)"
        f"  rss {f['rss_mib']:.0f} MiB (+{f.get('rss_growth_kib', 0) / n:.0f} KiB/cand)"
        f"  lag≤{ms(f['lag_p99'])} ms  drift {ms(f['drift_max'])} ms"
    )
    if f.get("lines"):
        print(f"{'':15}lines sent: {f['lines']['chat']} chat, {f['lines']['email']} e-mails")
    if f.get("cpu_seconds") and f["delivered"]:
        # Per unit of work done: it holds when a starved worker did less than was asked.
        print(
            f"{'':15}worker CPU per delivered event {f['cpu_seconds'] / f['delivered'] * 1e6:.0f}"
            " µs (the whole run: ramp, steady window, last joins)"
        )
    calls = f.get("redis_calls")
    if calls and f["delivered"]:
        top = sorted(calls.items(), key=lambda kv: -kv[1])[:8]
        said = ", ".join(f"{k} {n / f['delivered']:.2f}" for k, n in top if n)
        print(f"{'':15}Redis commands per delivered event: {said}")
    if f.get("redis_cpu") is not None:
        above = f["cpu"] + f["redis_cpu"] - f["idle_cpu"] - f["redis_idle_cpu"]
        print(
            f"{'':15}redis-server cpu {f['redis_cpu']:.2f} ({f['redis_cpu'] / n * 1000:.2f} "
            f"ms/cand-s); whole cluster {(f['cpu'] + f['redis_cpu']) / n * 1000:.2f} ms/cand-s"
            f", {above / n * 1000:.2f} above idle"
        )
    workers = f.get("workers", {})
    if len(workers) > 1:
        for label, w in sorted(workers.items()):
            m = max(w.get("candidates", 0), 1)
            print(
                f"{'':11}w{label} {w.get('candidates', 0):5d}  inject {ms(w.get('inject_p50'))}/"
                f"{ms(w.get('inject_p99'))} ms  ack {ms(w.get('ack_p50'))}/{ms(w.get('ack_p99'))}"
                f" ms  {w.get('events_per_s', 0):7.0f} ev/s  delivered {w.get('delivered', 0)}/"
                f"{w.get('delivered', 0) + w.get('missed', 0)}  gaps {w.get('gaps', 0)} dups "
                f"{w.get('dups', 0)}  refused {w.get('refused', 0)}  cpu {w.get('cpu', 0):.2f} "
                f"({w.get('cpu', 0) / m * 1000:.2f} ms per connected cand-s)  rss "
                f"{w.get('rss_mib', 0):.0f} MiB (+{w.get('rss_growth_kib', 0) / m:.0f} KiB/cand)"
                f"  lag≤{ms(w.get('lag_p99'))} ms"
            )
    if f.get("errors") or f.get("dropped"):
        print(
            f"{'':15}connected {f['connected']}/{f['candidates']}, dropped after connecting "
            f"{f.get('dropped', 0)} {f.get('drops', {})}; connections refused: "
            f"{f.get('connect_refusals', {})}"
        )
    if f.get("refusals"):
        print(f"{'':15}refusals: {f['refusals']}")


def within_targets(f: dict[str, Any]) -> bool:
    """Issue #12's targets: inject p99 < 100 ms, ack p99 < 200 ms, no loss."""
    return (
        f["inject_p99"] is not None
        and f["inject_p99"] < 0.100
        and f["ack_p99"] is not None
        and f["ack_p99"] < 0.200
        and f["missed"] == 0
        and f["errors"] == 0
        and f["connected"] >= f["candidates"]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", default="50,100,200,400,800")
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--no-node", action="store_true")
    parser.add_argument("--only-node", action="store_true")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also the Python floor (bench/floor.py): the Node peer's server on aiohttp, "
        "python-socketio and uvloop with OmniSim's wire settings, no engine, store or gateway",
    )
    parser.add_argument("--profile", type=int, default=0, help="py-spy the worker at this step")
    parser.add_argument("--workers", type=int, default=1, help="2: workers sharing Redis")
    parser.add_argument(
        "--redis",
        action="store_true",
        help="one worker on Redis too: the baseline two workers on Redis are compared with",
    )
    parser.add_argument(
        "--placement",
        default="split,spread",
        help="with --workers 2: split (each exam's candidates on its owner), spread (an "
        "exam's candidates across the workers: half forwarded, pushes relayed)",
    )
    args = parser.parse_args()
    if not (NODE / "node_modules" / "socket.io").is_dir():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=NODE, check=True)
    steps = [int(s) for s in args.steps.split(",")]
    out = ROOT / "test-artifacts" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    if args.workers > 1 or args.redis:
        several(args, steps, out)
        return
    results: dict[str, dict[int, dict[str, Any]]] = {"omnisim": {}, "node": {}, "floor": {}}
    kinds = ["node"] if args.only_node else ["omnisim"] + ([] if args.no_node else ["node"])
    kinds += ["floor"] if args.floor else []
    print("kind     cands  inject p50/p99       ack p50/p99       events/s …")
    for kind in kinds:
        for n in steps:
            f = step(kind, n, args.seconds, args.profile == n and kind == "omnisim")
            results[kind][n] = f
            show(kind, f)
            if f["inject_p99"] is not None and f["inject_p99"] > 5:
                print(f"{kind}: saturated at {n}, ramp stopped")
                break
    if results["omnisim"]:
        saved = out / "load-1-worker.json"  # merged: a later single step updates its own
        kept = json.loads(saved.read_text()) if saved.exists() else {}
        saved.write_text(json.dumps(kept | {str(n): f for n, f in results["omnisim"].items()}))
        capacity(results["omnisim"], "omnisim, one worker")
    for peer in ("node", "floor"):
        both = [n for n in steps if n in results["omnisim"] and n in results[peer]]
        for n in both:
            o, j = results["omnisim"][n], results[peer][n]
            per = [x["cpu"] / max(x["candidates"], 1) * 1000 for x in (o, j)]
            print(
                f"against {peer} at {n}: inject p99 "
                f"×{o['inject_p99'] / max(j['inject_p99'], 1e-6):.1f}, ack p99 "
                f"×{o['ack_p99'] / max(j['ack_p99'], 1e-6):.1f}, CPU per candidate-second "
                f"{per[0]:.2f} ms vs {per[1]:.2f} ms (×{per[0] / max(per[1], 1e-6):.1f})"
            )
    if (
        args.profile
        and (ROOT / "test-artifacts" / "bench" / f"profile-{args.profile}.txt").exists()
    ):
        summarize(ROOT / "test-artifacts" / "bench" / f"profile-{args.profile}.txt")


def capacity(results: dict[int, dict[str, Any]], label: str) -> int:
    held = [n for n, f in sorted(results.items()) if within_targets(f)]
    top = max(held, default=0)
    print(
        f"capacity ({label}): {top or 'none of the steps'} candidates within the targets "
        "(inject p99 < 100 ms, ack p99 < 200 ms, no loss)"
    )
    return top


def several(args: argparse.Namespace, steps: list[int], out: Path) -> None:
    """Two (or more) workers on one Redis: each placement's ramp, per worker, and what the
    figures can and cannot say on this machine."""
    # The baseline: one worker on Redis (same topology, one worker) when it was run with
    # --redis, else one worker on SQLite.
    on_redis = out / "load-1-worker-redis.json"
    one_file = on_redis if on_redis.exists() and args.workers > 1 else out / "load-1-worker.json"
    one: dict[str, Any] = json.loads(one_file.read_text()) if one_file.exists() else {}
    if args.workers > 1:
        print(f"baseline: {one_file.name}")
    cores = os.cpu_count() or 1
    print(
        f"{args.workers} workers sharing one redis-server (AOF, fsync always), all pinned to "
        f"core 0 with Redis; the generator on core 1 ({cores} cores here).\n"
        "On this machine the workers share ONE core, as one worker did: the ramp measures "
        "what distribution costs (Redis store round trips, the socket.io relay, forwarding), "
        "not a speed-up. What predicts an N-core box is the CPU per candidate-second of the "
        "workers and of redis-server, printed per step."
    )
    placements = args.placement.split(",") if args.workers > 1 else ["split"]  # one: no spread
    for placement in placements:
        print(f"\nplacement: {placement}")
        results: dict[int, dict[str, Any]] = {}
        for n in steps:
            f = step("omnisim", n, args.seconds, args.profile == n, args.workers, placement, True)
            results[n] = f
            show(f"{args.workers}w-{placement}"[:8], f)
            base = one.get(str(n))
            if base:
                mine = (f["cpu"] + (f["redis_cpu"] or 0)) / max(f["candidates"], 1) * 1000
                theirs = base["cpu"] / max(base["candidates"], 1) * 1000
                print(
                    f"{'':15}vs one worker at {n}: inject p99 {ms(f['inject_p99'])} vs "
                    f"{ms(base['inject_p99'])} ms, ack p99 {ms(f['ack_p99'])} vs "
                    f"{ms(base['ack_p99'])} ms, CPU per candidate-second {mine:.2f} ms "
                    f"(workers + Redis) vs {theirs:.2f} ms (×{mine / max(theirs, 1e-6):.2f})"
                )
            if f["inject_p99"] is not None and f["inject_p99"] > 5:
                print(f"saturated at {n}, ramp stopped")
                break
        if args.workers == 1:
            for f in results.values():
                f["store"] = "on Redis"
            on_redis.write_text(json.dumps({str(k): v for k, v in results.items()}))
            capacity(results, "1 worker on Redis")
            continue
        (out / f"load-{args.workers}-workers-{placement}.json").write_text(json.dumps(results))
        capacity(results, f"{args.workers} workers, {placement}")
        predict(results, one, args.workers)
        if args.profile and (out / f"profile-{args.profile}.txt").exists():
            print(f"worker 0 ({placement}):")
            summarize(out / f"profile-{args.profile}.txt")


def healthy(results: dict[int, dict[str, Any]]) -> int:
    """The largest step whose workers kept up (events/s per candidate at least 80 % of the
    smallest step's): beyond it they were starved and their CPU figures say nothing."""
    rate = {n: f["events_per_s"] / max(f["candidates"], 1) for n, f in results.items()}
    first = rate[min(rate)]
    return max(n for n in rate if rate[n] >= 0.8 * first)


def per_event(f: dict[str, Any]) -> float | None:
    """Worker CPU seconds per delivered event over the whole run (None if not recorded)."""
    if not f.get("cpu_seconds") or not f.get("delivered"):
        return None
    return float(f["cpu_seconds"]) / f["delivered"]


def predict(results: dict[int, dict[str, Any]], one: dict[str, Any], workers: int) -> None:
    """What the CPU costs say about a box with a core per worker and one for Redis.

    Marginal costs (above the processes' idle CPU) at the largest step the workers kept
    up with: saturation, not the latency targets, and only if CPU is the limit.
    """
    n = healthy(results)
    f = results[n]
    m = max(f["candidates"], 1)
    per = (f["cpu"] - f["idle_cpu"]) / m  # CPU s per candidate-second, all workers
    redis = ((f["redis_cpu"] or 0) - (f["redis_idle_cpu"] or 0)) / m
    idle_each = f["idle_cpu"] / workers
    print(
        f"at {n} (the largest step they kept up with): above idle, the workers use "
        f"{per * 1000:.2f} ms and redis-server {redis * 1000:.2f} ms of CPU per "
        f"candidate-second (idle: {idle_each:.3f} core per worker)"
    )
    base = one.get(str(n))
    if base and "idle_cpu" in base and per > 0:
        per_one = (base["cpu"] - base["idle_cpu"]) / max(base["candidates"], 1)
        print(
            f"  one worker ({base.get('store', 'on SQLite')}) at {n}: {per_one * 1000:.2f} ms "
            "above idle; CPU-bound "
            f"estimate of {workers} workers, a core each (Redis on its own core), against one: "
            f"×{workers * (1 - idle_each) / per / ((1 - base['idle_cpu']) / per_one):.2f}"
        )
        mine, theirs = per_event(f), per_event(base)
        if mine and theirs:
            print(
                f"  per delivered event: {mine * 1e6:.0f} µs of worker CPU on Redis vs "
                f"{theirs * 1e6:.0f} µs for one worker (×{mine / theirs:.2f}); with a core each, "
                f"{workers} workers against one: ×{workers * theirs / mine:.2f}"
            )
    if per > 0:
        print(
            f"  if CPU were the only limit, {workers} workers with a core each would saturate "
            f"at about {workers * (1 - idle_each) / per:.0f} candidates and Redis its core at "
            f"{1 / max(redis, 1e-9):.0f}. Not measured here: latency once each worker has its "
            "own core, a network between workers and Redis, Redis fsync on a real disk."
        )


# Steps of the worker's pipeline, each named by frames that begin it; a sample belongs to
# the step of its innermost such frame (a JSON dump under Feed.publish is "push").
STEPS = (
    ("SQLite writer thread", ("write_batch", "_worker")),
    ("engine: language (sentiment, SMS…)", ("analyse", "sentiment", "sms_tokens")),
    ("engine: decide (act, due)", ("Engine.act", "Engine.due", "Engine.next_due")),
    ("engine: fold", ("SessionRuntime.apply", "Engine.apply")),
    ("store: append, event-loop side", ("EventStore.append", "GroupCommit", "Backend._write")),
    ("store: reads", ("EventStore.read", "EventStore.last_seq")),
    ("relay: socket.io over Redis pub/sub", ("PubSubManager._publish", "PubSubManager._thread")),
    (
        "forward: owners (lease, forward, answer)",
        ("Owners.forward", "Owners._answer", "Owners._renew"),
    ),
    ("store: Redis appends", ("RedisBackend._flush", "RedisBackend.append")),
    ("push: publish, encode, fan-out", ("Feed.publish",)),
    ("join: answer a join", ("Gateway._do_join", "Feed.join", "Feed.catch_up")),
    (
        "connect: handshake, identify",
        ("Gateway._connect", "_handle_connect", "_handle_eio_connect"),
    ),
    ("scheduler: ticks (own part)", ("Scheduler._run",)),
    ("action: guard, parse, ack (own part)", ("Gateway._answer", "_handle_event")),
    ("receive: engine.io/socket.io decode", ("_handle_eio_message", "_websocket_handler")),
    ("idle: waiting in select", ("EpollSelector.select",)),
)


def summarize(path: Path, top: int = 25) -> None:
    """Where the worker spent its samples: per pipeline step, then the top functions."""
    inclusive: dict[str, int] = {}
    steps: dict[str, int] = {}
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        seen = set()
        frames = stack.split(";")
        for frame in frames:
            name = frame.split(" (")[0] + " " + frame.split("(")[-1].split(":")[0].split("/")[-1]
            if name not in seen:
                seen.add(name)
                inclusive[name] = inclusive.get(name, 0) + int(count)
        label = "other: event loop, aiohttp, timers"
        for frame in reversed(frames):
            function = frame.split(" (")[0]
            found = [s for s, marks in STEPS if any(function.endswith(m) for m in marks)]
            if found:
                label = found[0]
                break
        steps[label] = steps.get(label, 0) + int(count)
    print(f"py-spy: {total} samples (all threads); share per step of the pipeline:")
    for label, count in sorted(steps.items(), key=lambda kv: -kv[1]):
        print(f"  {count / max(total, 1) * 100:5.1f}%  {label}")
    print("inclusive share of the top functions:")
    for name, count in sorted(inclusive.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {count / max(total, 1) * 100:5.1f}%  {name}")


if __name__ == "__main__":
    main()
