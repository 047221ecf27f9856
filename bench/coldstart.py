"""Cold start of the Java server: how fast a fresh process serves in its first seconds after /ready.

Run by bench/coldstart.sh, which waits for a quiet machine, pins the server and makes the archives.
Two modes, each given the command that starts java (taskset included), to which the serve options
(loopback, free ports, a fresh prediction log) are appended:

  coldstart.py curve LABEL SECONDS -- COMMAND...
      one server: spawn, poll GET /ready every 2 ms until 200, then at once one wrk run of
      SECONDS + 1 s with bench/wrk/per-second.lua (the /predict load of predict.lua, counted per
      second from the moment /ready answered 200), the server's CPU per thread in each of those
      seconds, then WRK_WARMUP of the same load and a WRK_DURATION run: the warm figure of the same
      server. Prints each second's requests and its ratio to warm. Exit 10 when other processes
      took more than BENCH_MAX_STOLEN s of CPU during the cold window or the warm run.
  coldstart.py ready LABEL RUNS -- COMMAND...
      spawn to the first 200 from /ready (and from /health), RUNS times after one discarded run.

Settings from the environment: LOAD_CORE (1), WRK_CONNECTIONS (32), WRK_WARMUP (40s),
WRK_DURATION (20s), BENCH_MAX_STOLEN (2.0), BENCH_OUT (target/bench).
"""

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.environ.get("BENCH_OUT", os.path.join(ROOT, "target", "bench"))
LOAD_CORE = os.environ.get("LOAD_CORE", "1")
CONNECTIONS = os.environ.get("WRK_CONNECTIONS", "32")
WARMUP = os.environ.get("WRK_WARMUP", "40s")
DURATION = os.environ.get("WRK_DURATION", "20s")
MAX_STOLEN = float(os.environ.get("BENCH_MAX_STOLEN", "2.0"))
HZ = os.sysconf("SC_CLK_TCK")
PREDICT_LUA = os.path.join(ROOT, "bench", "wrk", "predict.lua")
PER_SECOND_LUA = os.path.join(ROOT, "bench", "wrk", "per-second.lua")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status(port, path):
    """The HTTP status of GET path, or None when nothing answers."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            line = s.recv(64)
            match = re.match(rb"HTTP/1\.1 (\d{3})", line)
            return int(match.group(1)) if match else None
    except OSError:
        return None


class Server:
    """One spawned server on free ports with its own prediction log."""

    def __init__(self, command, folder, log_name):
        self.port, self.metrics_port = free_port(), free_port()
        self.args = command + ["serve", "--host", "127.0.0.1", "--port", str(self.port),
                               "--metrics-port", str(self.metrics_port),
                               "--prediction-log", os.path.join(folder, f"p-{self.port}.db"),
                               "--model-dir", os.path.join(folder, f"models-{self.port}")]
        self.log = open(os.path.join(OUT, log_name), "w")
        self.spawned = time.monotonic()
        self.process = subprocess.Popen(self.args, stdout=self.log, stderr=subprocess.STDOUT)

    def await_status(self, path, wanted, limit=120):
        """Polls path every 2 ms until it answers wanted; returns that moment (monotonic)."""
        while status(self.port, path) != wanted:
            if self.process.poll() is not None:
                raise SystemExit(f"server exited with {self.process.returncode}: {' '.join(self.args)}")
            if time.monotonic() - self.spawned > limit:
                raise SystemExit(f"{path} did not answer {wanted} within {limit} s")
            time.sleep(0.002)
        return time.monotonic()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


def cpu_of_others(exclude):
    """CPU ticks used so far by every process except those in exclude, by pid."""
    ticks = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) in exclude:
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks[pid] = int(fields[11]) + int(fields[12])
    return ticks


def stolen(before, after):
    """CPU seconds other processes used in between: growth of those seen twice plus new ones."""
    return sum(t - before.get(pid, 0) for pid, t in after.items()) / HZ


def threads(pid):
    """CPU ticks so far of each thread of pid: tid to (kind, ticks)."""
    found = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                text = f.read()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        kind = ("C2" if name.startswith("C2 ") else "C1" if name.startswith("C1 ")
                else "event loop" if name.startswith("vert.x-eventloo")
                else "log writer" if name.startswith("prediction-log")
                else "GC" if name.startswith(("VM Thread", "GC Thread", "G1 ")) else "other")
        found[tid] = (kind, int(fields[11]) + int(fields[12]))
    return found


def used_by_kind(before, after):
    """CPU ticks each kind of thread used between two readings; threads that ended are left out."""
    kinds = {}
    for tid, (kind, ticks) in after.items():
        kinds[kind] = kinds.get(kind, 0) + ticks - before.get(tid, (kind, 0))[1]
    return kinds


def wrk(url, duration, script, *args):
    command = ["taskset", "-c", LOAD_CORE, "wrk", "-t1", f"-c{CONNECTIONS}", f"-d{duration}", "-s", script, url]
    if args:
        command += ["--", *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def finished(process, label):
    output = process.communicate()[0]
    with open(os.path.join(OUT, f"wrk-{label}.txt"), "w") as f:
        f.write(output)
    if "Non-2xx" in output:
        raise SystemExit(f"{label}: some answers were not 2xx: {output}")
    return output


def per_second(output):
    return {int(m.group(1)): int(m.group(2)) for m in re.finditer(r"^SECOND (\d+) (\d+)$", output, re.M)}


def curve(label, seconds, command):
    kinds = ["event loop", "C2", "C1", "log writer", "GC", "other"]
    with tempfile.TemporaryDirectory() as folder:
        others_before = cpu_of_others({os.getpid()})
        server = Server(command, folder, f"server-{label}.log")
        try:
            answering = server.await_status("/health", 200)
            ready = server.await_status("/ready", 200)
            url = f"http://127.0.0.1:{server.port}/predict"
            load = wrk(url, f"{seconds + 1}s", PER_SECOND_LUA, f"{ready:.6f}")
            samples = [threads(server.process.pid)]
            for second in range(1, seconds + 1):
                time.sleep(max(0.0, ready + second - time.monotonic()))
                samples.append(threads(server.process.pid))
            counts = per_second(finished(load, f"{label}-cold"))
            cold_stolen = stolen(others_before, cpu_of_others({os.getpid(), server.process.pid, load.pid}))
            finished(wrk(url, WARMUP, PREDICT_LUA), f"{label}-warmup")
            before = cpu_of_others({os.getpid(), server.process.pid})
            warm_run = wrk(url, DURATION, PER_SECOND_LUA)
            warm_output = finished(warm_run, f"{label}-warm")
            warm_stolen = stolen(before, cpu_of_others({os.getpid(), server.process.pid, warm_run.pid}))
        finally:
            server.stop()
    warm = float(re.search(r"^Requests/sec:\s+([\d.]+)", warm_output, re.M).group(1))
    warm_seconds = per_second(warm_output)
    full = [warm_seconds[s] for s in sorted(warm_seconds)[:-1]]  # the last second is cut short
    print(f"spawn to /health 200   {1000 * (answering - server.spawned):.0f} ms")
    print(f"spawn to /ready 200    {1000 * (ready - server.spawned):.0f} ms")
    print(f"warm                   {warm:.0f} req/s after {WARMUP} of load (per second {min(full)}-{max(full)})")
    print("second after ready   req/s   of warm   server CPU: " + "  ".join(f"{k:>10}" for k in kinds))
    ratios = []
    for second in range(seconds):
        by_kind = used_by_kind(samples[second], samples[second + 1])
        used = {k: by_kind.get(k, 0) / HZ for k in kinds}
        ratio = counts.get(second, 0) / warm
        ratios.append(ratio)
        print(f"{second:>3}-{second + 1:<3}            {counts.get(second, 0):>6}   {100 * ratio:>6.1f}%"
              "               " + "  ".join(f"{100 * used[k]:>9.0f}%" for k in kinds))
    first_five = sum(counts.get(s, 0) for s in range(5)) / 5 / warm
    print(f"seconds 0-5 after ready: {100 * first_five:.1f}% of warm; every second from "
          f"{next((s for s, r in enumerate(ratios) if all(x >= 0.8 for x in ratios[s:])), 'none')} on at >= 80%")
    print(f"CPU used by other processes: {cold_stolen:.1f} s from spawn to the end of second {seconds}, "
          f"{warm_stolen:.1f} s during the warm run")
    print(f"RESULT {label}.ready_ms={1000 * (ready - server.spawned):.0f} {label}.warm_rps={warm:.0f} "
          f"{label}.first5_pct={100 * first_five:.1f} {label}.ratios="
          + ",".join(f"{100 * r:.0f}" for r in ratios)
          + f" {label}.others_cold_s={cold_stolen:.1f} {label}.others_warm_s={warm_stolen:.1f}")
    if max(cold_stolen, warm_stolen) > MAX_STOLEN:
        print(f"DISTURBED   other processes took {max(cold_stolen, warm_stolen):.1f} s of CPU (limit {MAX_STOLEN} s)")
        sys.exit(10)


def ready_times(label, runs, command):
    def once(folder):
        server = Server(command, folder, f"server-{label}.log")
        try:
            answering = server.await_status("/health", 200)
            ready = server.await_status("/ready", 200)
            return answering - server.spawned, ready - server.spawned
        finally:
            server.stop()

    with tempfile.TemporaryDirectory() as folder:
        once(folder)  # discarded: the first run pays for cold file caches
        before = cpu_of_others({os.getpid()})
        times = [once(folder) for _ in range(runs)]
        others = stolen(before, cpu_of_others({os.getpid()}))
    health = sorted(1000 * t[0] for t in times)
    ready = sorted(1000 * t[1] for t in times)
    print("to /ready (ms)   " + " ".join(f"{t:.0f}" for t in ready))
    print(f"median           /ready {statistics.median(ready):.0f} ms (min {ready[0]:.0f}, max {ready[-1]:.0f}),"
          f" /health {statistics.median(health):.0f} ms")
    print(f"CPU used by other processes: {others:.1f} s")
    print(f"RESULT {label}.ready_median_ms={statistics.median(ready):.0f} {label}.ready_max_ms={ready[-1]:.0f} "
          f"{label}.health_median_ms={statistics.median(health):.0f} {label}.others_s={others:.1f}")


def main():
    mode, label, number = sys.argv[1:4]
    if sys.argv[4] != "--":
        raise SystemExit("usage: coldstart.py curve|ready LABEL N -- COMMAND...")
    command = sys.argv[5:]
    os.makedirs(OUT, exist_ok=True)
    if mode == "curve":
        curve(label, int(number), command)
    elif mode == "ready":
        ready_times(label, int(number), command)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
