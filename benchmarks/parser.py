"""Benchmark of the time-phrase parser: cold start of `python -m bot when`, then per-phrase time.

Run from the repository root: `python benchmarks/parser.py`. Prints plain `key value` lines.
"""

from __future__ import annotations

import contextlib
import json
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.parsing.errors import ParseError  # noqa: E402  # after the path set-up above
from bot.parsing.time_phrases import parse_window  # noqa: E402

DEV = ROOT / "tests" / "data" / "when-dev.jsonl"
NOW, ZONE = "2026-03-10T09:15:00+01:00", "Europe/Paris"
RUNNER = "import sys; from bot.when import run; sys.exit(run(sys.argv[1:], sys.stdin, sys.stdout))"
COLD_RUNS = 7
ROUNDS = 30


def when_command() -> tuple[list[str], str]:
    """`python -m bot when` once bot/__main__.py exists, else the equivalent `python -c`."""
    arguments = ["--now", NOW, "--tz", ZONE]
    if (ROOT / "bot" / "__main__.py").exists():
        return [sys.executable, "-m", "bot", "when", *arguments], "python -m bot when"
    return [sys.executable, "-c", RUNNER, *arguments], "python -c bot.when.run"


def cold_start_seconds(command: list[str]) -> float:
    """Process start to the first answered phrase."""
    began = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    stdin, stdout = process.stdin, process.stdout
    if stdin is None or stdout is None:
        raise SystemExit("no pipes to the child process")
    stdin.write("tomorrow 8am to 5pm\n")
    stdin.flush()
    line = stdout.readline()
    elapsed = time.perf_counter() - began
    stdin.close()
    process.wait()
    if '"start"' not in line:
        raise SystemExit(f"unexpected answer from {command}: {line!r}")
    return elapsed


def phrase_samples() -> list[float]:
    """Seconds per phrase, every dev phrase timed ROUNDS times after a warm-up pass."""
    records = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    cases = [
        (r["text"], datetime.fromisoformat(r["now"]), ZoneInfo(r["tz"]), r["locale"])
        for r in records
    ]
    samples: list[float] = []
    for round_number in range(ROUNDS + 1):
        for text, now, zone, locale in cases:
            began = time.perf_counter()
            with contextlib.suppress(ParseError):
                parse_window(text, now=now, tz=zone, locale=locale)
            if round_number:  # round 0 is the warm-up
                samples.append(time.perf_counter() - began)
    return samples


def main() -> None:
    command, label = when_command()
    cold = [cold_start_seconds(command) for _ in range(COLD_RUNS)]
    print(f"cold_start_command {label}")
    print(f"cold_start_median_ms {statistics.median(cold) * 1000:.1f}")
    print(f"cold_start_max_ms {max(cold) * 1000:.1f}")
    samples = sorted(phrase_samples())
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(f"phrases {len(samples) // ROUNDS}")
    print(f"samples {len(samples)}")
    print(f"per_phrase_median_ms {statistics.median(samples) * 1000:.3f}")
    print(f"per_phrase_p99_ms {p99 * 1000:.3f}")
    print(f"per_phrase_max_ms {samples[-1] * 1000:.3f}")


if __name__ == "__main__":
    main()
