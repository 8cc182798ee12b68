#!/usr/bin/env python3
"""make fuzz: each libFuzzer target of tests/fuzz for --seconds, one after the other.

A target is a folder of tests/fuzz/corpus/ (its committed seeds) with its
program sesame-fuzz-<name> in --bin (the SESAME_FUZZ=ON build). Each run gets:

  build/fuzz/corpus/<name>/     first corpus folder: what the run finds is kept here
  tests/fuzz/corpus/<name>/     second one, only read: the seeds
  tests/fuzz/<name>.dict        libFuzzer's dictionary, when there is one
  build/fuzz/artifacts/<name>/  where libFuzzer writes a reproducer (crash-, leak-,
                                timeout-, oom-…)
  build/fuzz/logs/<name>.log    the whole output

with a time limit per input (--timeout), an RSS limit (--rss-mb) and leak
detection. Any crash, broken property, sanitizer report, leak, timeout or
out-of-memory fails the run (exit 1) and names the target and its reproducer;
`sesame-fuzz-<name> <reproducer>` replays it. Prints, per target: executions
per second, coverage (cov: edges, ft: features) and corpus size.

    python3 tests/fuzz/run.py [--bin build/fuzz/bin] [--out build/fuzz] [--seconds 60] [--targets a,b]
"""
import argparse
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEEDS = os.path.join(HERE, "corpus")

# libFuzzer's status lines: "#4096 pulse cov: 812 ft: 2301 corp: 140/5127b ... exec/s: 2048 rss: 60Mb"
STATUS = re.compile(r"^#(\d+)\s+(\w+)\s+cov: (\d+) ft: (\d+) corp: (\d+)/(\d+)(b|Kb|Mb)\b")
EXEC_S = re.compile(r"exec/s: (\d+)")


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.path.join(ROOT, "build", "fuzz", "bin"))
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "fuzz"))
    parser.add_argument("--seconds", type=int, default=60, help="fuzzing time per target")
    parser.add_argument("--timeout", type=int, default=10, help="seconds one input may take")
    parser.add_argument("--rss-mb", type=int, default=2048, help="memory one target may use")
    parser.add_argument("--targets", default="", help="comma-separated names (default: every corpus folder)")
    return parser.parse_args()


def size_in_bytes(number, unit):
    return int(number) * {"b": 1, "Kb": 1024, "Mb": 1024 * 1024}[unit]


def folder_size(path):
    files = [os.path.join(path, f) for f in os.listdir(path)] if os.path.isdir(path) else []
    files = [f for f in files if os.path.isfile(f)]
    return len(files), sum(os.path.getsize(f) for f in files)


def corpus_folder(args, name):
    return os.path.join(args.out, "corpus", name)


def run_target(name, args):
    program = os.path.join(args.bin, "sesame-fuzz-" + name)
    corpus = corpus_folder(args, name)
    artifacts = os.path.join(args.out, "artifacts", name) + os.sep
    log_path = os.path.join(args.out, "logs", name + ".log")
    for folder in (corpus, artifacts, os.path.dirname(log_path)):
        os.makedirs(folder, exist_ok=True)
    command = [program, "-max_total_time=%d" % args.seconds, "-timeout=%d" % args.timeout,
               "-rss_limit_mb=%d" % args.rss_mb, "-detect_leaks=1", "-print_final_stats=1",
               "-artifact_prefix=" + artifacts]
    dictionary = os.path.join(HERE, name + ".dict")
    if os.path.isfile(dictionary):
        command.append("-dict=" + dictionary)
    command += [corpus, os.path.join(SEEDS, name)]
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")

    before = set(os.listdir(artifacts))
    started = time.monotonic()
    with open(log_path, "w") as log:
        log.write(" ".join(command) + "\n")
        log.flush()
        try:
            # libFuzzer stops by itself; the margin only catches a program that cannot.
            code = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, cwd=args.out, env=env,
                                  timeout=args.seconds + args.timeout + 120).returncode
        except subprocess.TimeoutExpired:
            code = "hung"
    elapsed = time.monotonic() - started

    result = {"name": name, "code": code, "seconds": elapsed, "log": log_path, "exec_s": None,
              "cov": None, "ft": None, "corp": None, "corp_bytes": None, "runs": None}
    with open(log_path, errors="replace") as log:
        text = log.read()
    for line in text.splitlines():
        match = STATUS.match(line)
        if match:
            result.update(runs=int(match[1]), cov=int(match[3]), ft=int(match[4]), corp=int(match[5]),
                          corp_bytes=size_in_bytes(match[6], match[7]))
            speed = EXEC_S.search(line)
            if speed:
                result["exec_s"] = int(speed[1])
        if line.startswith("stat::average_exec_per_sec:"):
            result["exec_s"] = int(line.split(":")[-1])
    result["kept"] = folder_size(corpus)[0]
    result["reproducers"] = sorted(os.path.join(artifacts, f) for f in set(os.listdir(artifacts)) - before
                                   if not f.startswith("slow-unit-"))
    summary = [line for line in text.splitlines() if line.startswith("SUMMARY:") or "property broken" in line
               or line.startswith("==") and "ERROR" in line]
    result["why"] = summary[:3]
    return result


def main():
    args = arguments()
    args.bin, args.out = os.path.abspath(args.bin), os.path.abspath(args.out)
    names = sorted(d for d in os.listdir(SEEDS) if os.path.isdir(os.path.join(SEEDS, d)))
    if args.targets:
        wanted = args.targets.split(",")
        unknown = [n for n in wanted if n not in names]
        if unknown:
            sys.exit("unknown fuzz target(s): %s (known: %s)" % (", ".join(unknown), ", ".join(names)))
        names = wanted
    missing = [n for n in names if not os.access(os.path.join(args.bin, "sesame-fuzz-" + n), os.X_OK)]
    if missing:
        sys.exit("not built in %s: %s (make fuzz builds them)" % (args.bin, ", ".join(missing)))

    print("fuzzing %d targets for %d s each: %s" % (len(names), args.seconds, ", ".join(names)), flush=True)
    results = []
    for name in names:
        result = run_target(name, args)
        results.append(result)
        state = "ok" if result["code"] == 0 else "FAILED"
        print("  %-11s %-6s %7s exec/s  cov %-5s ft %-6s corpus %s inputs, %s bytes (%s kept in %s)  %.0f s" % (
            name, state, result["exec_s"], result["cov"], result["ft"], result["corp"], result["corp_bytes"],
            result["kept"], os.path.relpath(corpus_folder(args, name), ROOT), result["seconds"]), flush=True)

    failed = [r for r in results if r["code"] != 0]
    for r in failed:
        print("\nFAILED: %s (exit %s), log %s" % (r["name"], r["code"], r["log"]))
        for line in r["why"]:
            print("  " + line)
        for path in r["reproducers"]:
            print("  reproducer: %s\n  replay:     %s %s" % (
                path, os.path.join(args.bin, "sesame-fuzz-" + r["name"]), path))
        if not r["reproducers"]:
            print("  no reproducer written (see the log)")
    if failed:
        return 1
    print("every target ran clean; new corpus entries are in %s" % os.path.join(args.out, "corpus"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
