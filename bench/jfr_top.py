"""Summarises CPU samples of a JFR recording: where the time goes, by thread, by top frame (self
time) and by any frame on the stack (inclusive time), each as a share of all samples.

Usage: /usr/bin/python3 bench/jfr_top.py RECORDING.jfr [ROWS [FROM TO]]
FROM and TO (UTC, 2026-01-02T03:04:05) keep only the samples of that window. JFR_FILTER (default
org/loanmodel) adds an inclusive table restricted to frames that contain it.
"""

import collections
import json
import os
import subprocess
import sys


def frames(event):
    for frame in event["values"]["stackTrace"]["frames"]:
        method = frame["method"]
        yield f'{method["type"]["name"]}.{method["name"]}'


def main():
    recording = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    window = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else None
    wanted = os.environ.get("JFR_FILTER", "org/loanmodel")
    dump = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", recording],
        check=True, capture_output=True, text=True).stdout
    events = json.loads(dump)["recording"]["events"]
    if window:
        events = [e for e in events if window[0] <= e["values"]["startTime"][:19] <= window[1]]
    threads = collections.Counter()
    self_time = collections.Counter()
    inclusive = collections.Counter()
    for event in events:
        thread = event["values"]["sampledThread"]["javaName"] or "?"
        threads[thread.rstrip("0123456789-")] += 1
        stack = list(frames(event))
        if stack:
            self_time[stack[0]] += 1
        for name in set(stack):
            inclusive[name] += 1
    total = len(events)
    print(f"{total} CPU samples")
    mine = collections.Counter({name: count for name, count in inclusive.items() if wanted in name})
    tables = (("by thread", threads), ("self (top frame)", self_time),
              ("inclusive (anywhere on the stack)", inclusive), (f"inclusive, frames with {wanted}", mine))
    for title, counter in tables:
        print(f"\n{title}")
        for name, count in counter.most_common(rows):
            print(f"  {100 * count / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
