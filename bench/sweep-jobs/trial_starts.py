"""Reads the trials' run records of one sweep (a runs folder for in-process, else a prefix of the GCS emulator's bucket "bench") and
prints one row per trial: mode, round, sweep total ms, run, start -> first training step ms.
With --summary, reads those rows back and prints medians per mode and the ratios local-jobs / in-process."""
import json
import statistics
import sys
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path


def stamp(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def records_in_folder(folder):
    for path in sorted(Path(folder).glob("*/run.json")):
        yield json.loads(path.read_text())


def records_in_bucket(host, prefix):
    base = f"http://{host}/storage/v1/b/bench/o"
    listing = json.load(urllib.request.urlopen(f"{base}?prefix={urllib.parse.quote(prefix + '/')}"))
    for item in listing.get("items", []):
        name = item["name"]
        if name.count("/") == 2 and name.endswith("/run.json"):
            url = f"{base}/{urllib.parse.quote(name, safe='')}?alt=media"
            yield json.load(urllib.request.urlopen(url))


def rows(mode, round_, total, folder, host, prefix):
    records = records_in_folder(folder) if mode == "in-process" else records_in_bucket(host, prefix)
    records = [record for record in records if record.get("trial")]
    for record in records:
        trial = record.get("trial") or {}
        started = trial.get("task_started_utc") or record["created_utc"]
        first = record.get("first_step_utc")
        if record.get("status") != "completed" or first is None:
            sys.exit(f"{mode} round {round_}: run {record['name']} is {record.get('status')} without a first step")
        ms = (stamp(first) - stamp(started)).total_seconds() * 1000
        print(f"{mode}\t{round_}\t{total}\t{record['name']}\t{ms:.0f}")


def summary(path, load):
    table = [line.split("\t") for line in Path(path).read_text().splitlines() if line]
    by_mode = {}
    for mode, round_, total, _, ms in table:
        entry = by_mode.setdefault(mode, {"totals": {}, "starts": []})
        entry["totals"][round_] = int(total) / 1000
        entry["starts"].append(float(ms) / 1000)
    print(f"load average at the end: {load}")
    print(f"{'mode':<15}{'sweep total s (rounds)':<34}{'start -> first step s: median':<32}max")
    for mode, entry in by_mode.items():
        totals = " ".join(f"{t:.1f}" for t in entry["totals"].values())
        print(f"{mode:<15}{totals:<34}{statistics.median(entry['starts']):<32.2f}{max(entry['starts']):.2f}")
    jobs = by_mode["local-jobs"]
    for reference in ("in-process", "in-process-gs"):
        against = by_mode[reference]
        ratio = statistics.median(jobs["totals"].values()) / statistics.median(against["totals"].values())
        added = statistics.median(jobs["starts"]) - statistics.median(against["starts"])
        print(f"local-jobs / {reference}: sweep total {ratio:.2f}x (median of rounds), "
              f"start -> first step {added:+.2f} s (median)")


if __name__ == "__main__":
    if sys.argv[1] == "--summary":
        summary(sys.argv[2], sys.argv[3])
    else:
        rows(*sys.argv[1:7])
