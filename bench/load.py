"""Load benchmark: simulated candidates against one OmniSim worker, then against a Node peer.

    .venv/bin/python bench/load.py [--steps 50,100,200,400,800] [--seconds 20] [--no-node]
                                   [--profile 500]

On demand, loopback only; prints figures, asserts nothing. Per step, a fresh server
(``omnisim serve`` on a temporary SQLite file, pinned with taskset to core 0) and a
load generator (Node socket.io-client, bench/node/generator.js, pinned to core 1):
each candidate plays the demo deck (training, ×60), joins, starts, and sends one
action a second (pickup, a line on its contact, or a draft). Printed per step:
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
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "bench" / "node"
PER_EXAM = 100  # candidates per exam (the roster allows 500)
PASSWORD = "mot-de-passe-du-banc"


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
                    urllib.request.urlopen(self.health, timeout=5).read()
                    self.lags.append(time.perf_counter() - began)
            except OSError:
                pass


def omnisim_server(tmp: Path) -> tuple[subprocess.Popen[bytes], str, list[str]]:
    """A fresh worker on a new SQLite file, a trainer, and the exams' candidate tokens."""
    store = str(tmp / "bench.db")
    env = os.environ | {
        "OMNISIM_SOCKETS_PER_ADDRESS": "100000",
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
    port = free_port()
    proc = subprocess.Popen(
        pinned(0, [*py, "serve", "--port", str(port), "--store", store]),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_http(url + "/healthz")
    return proc, url, [token]


def make_exams(url: str, api_token: str, n: int) -> list[str]:
    tokens: list[str] = []
    for start in range(0, n, PER_EXAM):
        size = min(PER_EXAM, n - start)
        body = {
            "deck": "bundled:demo",
            "mode": "training",
            "time_factor": 60,
            "candidates": [
                {"name": f"Candidat {start + i}", "number": f"{start + i}"} for i in range(size)
            ],
        }
        request = urllib.request.Request(
            url + "/api/exams",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {api_token}", "Content-Type": "application/json"},
            method="POST",
        )
        made = json.loads(urllib.request.urlopen(request, timeout=120).read())
        tokens += [
            link["url"].split("token=", 1)[1]
            for link in made["links"]
            if link["role"] == "candidate" and link["url"]
        ]
    return tokens


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


def step(kind: str, n: int, seconds: float, profile: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if kind == "omnisim":
            proc, url, (api_token,) = omnisim_server(tmp)
            tokens = make_exams(url, api_token, n)
            health: str | None = url + "/healthz"
        else:
            port = free_port()
            proc = subprocess.Popen(
                pinned(0, ["node", str(NODE / "server.js"), str(port)]),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            url = f"http://127.0.0.1:{port}"
            wait_http(url)
            tokens = [f"c{i}" for i in range(n)]
            health = None
        sampler = Sampler(proc.pid, health)
        spy = None
        try:
            cpu0, t0 = sampler.cpu(), time.monotonic()
            sampler.start()
            spy_bin = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
            if profile and Path(spy_bin).exists():
                (ROOT / "test-artifacts" / "bench").mkdir(parents=True, exist_ok=True)
                spy = subprocess.Popen(
                    [
                        spy_bin,
                        "record",
                        "-p",
                        str(proc.pid),
                        "-d",
                        str(int(seconds)),
                        "-r",
                        "50",
                        "-f",
                        "raw",
                        "-o",
                        str(ROOT / "test-artifacts" / "bench" / f"profile-{n}.txt"),
                        "--nonblocking",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            figures = generate(url, tokens, seconds, tmp)
            figures["cpu"] = (sampler.cpu() - cpu0) / (time.monotonic() - t0)
        finally:
            sampler.stop.set()
            if spy is not None:
                spy.wait(timeout=60)
            proc.terminate()
            proc.wait(timeout=20)
        figures["rss_mib"] = max(sampler.rss, default=0) / 1024
        figures["lag_p99"] = (
            sorted(sampler.lags)[int(len(sampler.lags) * 0.99)] if sampler.lags else None
        )
        return figures


def ms(value: float | None) -> str:
    return "   -  " if value is None else f"{value * 1000:6.1f}"


def show(kind: str, f: dict[str, Any]) -> None:
    expected = f["delivered"] + f["missed"]
    print(
        f"{kind:8} {f['candidates']:5d}  inject {ms(f['inject_p50'])}/{ms(f['inject_p99'])} ms"
        f"  ack {ms(f['ack_p50'])}/{ms(f['ack_p99'])} ms  {f['events_per_s']:7.0f} ev/s"
        f"  delivered {f['delivered']}/{expected}  gaps {f['gaps']} dups {f['dups']}"
        f"  refused {f['refused']}  cpu {f['cpu']:.2f}  rss {f['rss_mib']:.0f} MiB"
        f"  lag≤{ms(f['lag_p99'])} ms  drift {ms(f['drift_max'])} ms"
    )
    if f.get("refusals"):
        print(f"{'':15}refusals: {f['refusals']}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", default="50,100,200,400,800")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--no-node", action="store_true")
    parser.add_argument("--only-node", action="store_true")
    parser.add_argument("--profile", type=int, default=0, help="py-spy the worker at this step")
    args = parser.parse_args()
    if not (NODE / "node_modules" / "socket.io").is_dir():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=NODE, check=True)
    steps = [int(s) for s in args.steps.split(",")]
    results: dict[str, dict[int, dict[str, Any]]] = {"omnisim": {}, "node": {}}
    kinds = ["node"] if args.only_node else ["omnisim"] + ([] if args.no_node else ["node"])
    print("kind     cands  inject p50/p99       ack p50/p99       events/s …")
    for kind in kinds:
        for n in steps:
            f = step(kind, n, args.seconds, args.profile == n and kind == "omnisim")
            results[kind][n] = f
            show(kind, f)
            if f["inject_p99"] is not None and f["inject_p99"] > 5:
                print(f"{kind}: saturated at {n}, ramp stopped")
                break
    both = [n for n in steps if n in results["omnisim"] and n in results["node"]]
    for n in both:
        o, j = results["omnisim"][n], results["node"][n]
        per = [x["cpu"] / max(x["candidates"], 1) * 1000 for x in (o, j)]
        print(
            f"ratio at {n}: inject p99 ×{o['inject_p99'] / max(j['inject_p99'], 1e-6):.1f}, "
            f"ack p99 ×{o['ack_p99'] / max(j['ack_p99'], 1e-6):.1f}, CPU per candidate-second "
            f"{per[0]:.2f} ms vs {per[1]:.2f} ms (×{per[0] / max(per[1], 1e-6):.1f})"
        )
    if (
        args.profile
        and (ROOT / "test-artifacts" / "bench" / f"profile-{args.profile}.txt").exists()
    ):
        summarize(ROOT / "test-artifacts" / "bench" / f"profile-{args.profile}.txt")


def summarize(path: Path, top: int = 25) -> None:
    """Where the worker's main thread spent its samples, by our modules and by library."""
    inclusive: dict[str, int] = {}
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        seen = set()
        for frame in stack.split(";"):
            name = frame.split(" (")[0] + " " + frame.split("(")[-1].split(":")[0].split("/")[-1]
            if name not in seen:
                seen.add(name)
                inclusive[name] = inclusive.get(name, 0) + int(count)
    print(f"py-spy: {total} samples; inclusive share of the top functions:")
    for name, count in sorted(inclusive.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {count / max(total, 1) * 100:5.1f}%  {name}")


if __name__ == "__main__":
    main()
