"""What the JIT compiler still does once the service is ready: C2 compilations and deoptimizations
from a Java Flight Recorder file, split at the moment /ready first answered 200.

Run by bench/jit-after-ready.sh: jit-after-ready.py RECORDING READY_EPOCH_SECONDS [RECORDING ...]
(pairs). Prints, per recording: C2 time in each of the first four seconds after ready (from each
compilation's start and duration), the C2 compilations that started after ready, largest first,
and the deoptimizations after ready.
"""

import json
import re
import subprocess
import sys
from datetime import datetime


def seconds(duration):
    """An ISO-8601 duration as JFR prints it (PT0.25S, PT1M2.5S) in seconds."""
    match = re.match(r"PT(?:(\d+)M)?([\d.]+)S", duration)
    return int(match.group(1) or 0) * 60 + float(match.group(2)) if match else 0.0


def epoch(stamp):
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def name(method):
    return method["type"]["name"].split("/")[-1] + "." + method["name"]


def report(recording, ready):
    printed = subprocess.run(
        ["jfr", "print", "--json", "--events", "jdk.Compilation,jdk.Deoptimization", recording],
        capture_output=True, text=True, check=True).stdout
    events = json.loads(printed)["recording"]["events"]
    busy = [0.0] * 4
    after = []
    deoptimized = []
    for event in events:
        values = event["values"]
        start = epoch(values["startTime"])
        if event["type"] == "jdk.Compilation":
            if values["compileLevel"] != 4:
                continue
            took = seconds(values["duration"])
            for second in range(4):
                overlap = min(start + took, ready + second + 1) - max(start, ready + second)
                busy[second] += max(overlap, 0.0)
            if start >= ready:
                after.append((took, start - ready, name(values["method"]), values.get("isOsr")))
        elif start >= ready and values.get("compiler") == "c2":
            deoptimized.append((start - ready, name(values["method"]), values["lineNumber"], values["reason"]))
    print(f"== {recording}")
    print("C2 busy in seconds 0-1, 1-2, 2-3, 3-4 after ready: " + ", ".join(f"{b:.2f} s" for b in busy))
    print(f"C2 compilations started after ready: {sum(a[0] for a in after):.2f} s in {len(after)}")
    for took, at, method, osr in sorted(after, reverse=True)[:15]:
        print(f"  {took:6.3f} s at +{at:5.2f} s  {method}{' (OSR)' if osr else ''}")
    print(f"C2 deoptimizations after ready: {len(deoptimized)}")
    for at, method, line, reason in sorted(deoptimized)[:15]:
        print(f"  +{at:5.2f} s  {method} line {line}: {reason}")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    for i in range(0, len(arguments), 2):
        report(arguments[i], float(arguments[i + 1]))
