"""Score blind round 5 through `python -m bot when`, in aggregate only.

Runs every phrase of `round5.jsonl` through the command line exactly as an outside measure does
(one process per reference clock, phrases on stdin, from a directory without `bot.toml`, so the
defaults are DESIGN's), and prints, per language and per kind of phrase: strict accuracy, wrong
readings (a value that differs from the expectation, or a value where an error was expected) and
errors (an error where a value was expected). It never lists the phrases it misses: the set is a
measure of generalisation, not a list of phrasings to fix one by one.

Usage: python tests/parsing/blind/score.py [--json]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SET = HERE / "round5.jsonl"
DEFAULT_DURATION = timedelta(hours=2)
Record = dict[str, Any]


def load(path: Path = SET) -> list[Record]:
    """The records of the set, in file order."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _api(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def accepted(record: Record) -> list[tuple[str, str]]:
    """Every (start, end) pair that counts as right, strictly (instants: end = start + 2 h)."""
    start = record["expected_start"]
    end = record["expected_end"] or _api(_instant(start) + DEFAULT_DURATION)
    pairs = [(start, end)]
    pairs += [(one["start"], one["end"]) for one in record.get("alternatives", [])]
    return pairs


def answers(records: list[Record]) -> list[Record]:
    """The command's answer to every record, one process per (now, tz, locale)."""
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        groups[(record["now"], record["tz"], record["locale"])].append(index)
    out: list[Record] = [{} for _ in records]
    env = {key: value for key, value in os.environ.items() if key != "BOT_CONFIG"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    with tempfile.TemporaryDirectory() as empty:
        for (now, tz, locale), indexes in groups.items():
            stdin = "".join(records[i]["text"] + "\n" for i in indexes)
            command = [sys.executable, "-m", "bot", "when", "--now", now, "--tz", tz]
            done = subprocess.run(  # noqa: S603  # our own interpreter and module
                [*command, "--locale", locale],
                input=stdin,
                capture_output=True,
                text=True,
                encoding="utf-8",
                cwd=empty,
                env=env,
                check=True,
            )
            lines = done.stdout.splitlines()
            if len(lines) != len(indexes):
                raise RuntimeError(f"{len(indexes)} phrases in, {len(lines)} answers out")
            for index, line in zip(indexes, lines, strict=True):
                out[index] = json.loads(line)
    return out


def verdict(record: Record, answer: Record) -> str:
    """`right`, `wrong` (a reading that differs) or `error` (no reading where one was expected)."""
    if record.get("expect_error"):
        return "right" if "error" in answer else "wrong"
    if "error" in answer:
        return "error"
    return "right" if (answer.get("start"), answer.get("end")) in accepted(record) else "wrong"


def score(records: list[Record] | None = None) -> dict[str, Record]:
    """Aggregate figures: {language: {n, right, wrong, error, accuracy, kinds: {kind: {...}}}}."""
    records = load() if records is None else records
    replies = answers(records)
    figures: dict[str, Record] = {}
    for record, answer in zip(records, replies, strict=True):
        language = record["locale"][:2]
        outcome = verdict(record, answer)
        per_language = figures.setdefault(
            language, {"n": 0, "right": 0, "wrong": 0, "error": 0, "kinds": {}}
        )
        per_kind = per_language["kinds"].setdefault(
            record["category"], {"n": 0, "right": 0, "wrong": 0, "error": 0}
        )
        for bucket in (per_language, per_kind):
            bucket["n"] += 1
            bucket[outcome] += 1
    for per_language in figures.values():
        for bucket in (per_language, *per_language["kinds"].values()):
            bucket["accuracy"] = bucket["right"] / bucket["n"]
    return figures


def report(figures: dict[str, Record]) -> str:
    """The figures as a plain table."""
    lines = []
    for language, per_language in sorted(figures.items()):
        lines.append(
            f"{language}: strict {per_language['accuracy']:.3f} "
            f"({per_language['right']}/{per_language['n']}), "
            f"wrong readings {per_language['wrong']}, errors {per_language['error']}"
        )
        lines.append(f"  {'kind':<20} {'n':>4} {'strict':>7} {'wrong':>6} {'errors':>6}")
        for kind, bucket in sorted(per_language["kinds"].items()):
            lines.append(
                f"  {kind:<20} {bucket['n']:>4} {bucket['accuracy']:>7.3f} "
                f"{bucket['wrong']:>6} {bucket['error']:>6}"
            )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    figures = score()
    text = json.dumps(figures, indent=2, sort_keys=True) if "--json" in argv else report(figures)
    sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
