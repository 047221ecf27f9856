"""Time from starting the Java server until GET /health answers 200, several times.

Started by bench/startup.sh. The clock starts just before the process is spawned and stops at the
first 200 from /health; polling is a plain socket every 2 ms, cheap next to a JVM starting.
"""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def one_run(command, folder):
    port, metrics = free_port(), free_port()
    args = command + ["serve", "--host", "127.0.0.1", "--port", str(port), "--metrics-port", str(metrics),
                      "--prediction-log", os.path.join(folder, f"p-{port}.db")]
    start = time.monotonic()
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not healthy(port):
            if server.poll() is not None:
                raise SystemExit(f"server exited with {server.returncode} before answering: {' '.join(args)}")
            if time.monotonic() - start > 60:
                raise SystemExit("server did not answer /health within 60 s")
            time.sleep(0.002)
        return time.monotonic() - start
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    runs = int(sys.argv[1])
    command = sys.argv[2:]
    with tempfile.TemporaryDirectory() as folder:
        one_run(command, folder)  # discarded: the first run pays for cold file caches
        times = [one_run(command, folder) for _ in range(runs)]
    ms = sorted(t * 1000 for t in times)
    print("runs (ms)   " + " ".join(f"{t:.0f}" for t in ms))
    print(f"median      {statistics.median(ms):.0f} ms, min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms (target <= 1500 ms)")
    print(f"RESULT median_ms={statistics.median(ms):.0f} max_ms={ms[-1]:.0f}")


if __name__ == "__main__":
    main()
