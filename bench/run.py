#!/usr/bin/env python3
"""make bench: every measurement of issue 6 on this machine, in one run.

Prints a table (name, value, goal, met?) and writes build/bench/results.json:
  {"figures": {name: value}, "goals": {...}, "met": {...}, "errors": {...},
   "details": {...}, "rounds": N, "machine": {...}}

Each comparison runs both sides in the same run, alternating, and keeps the
median of the rounds: these machines are noisy, so ratios are what count.
Every process started here listens on 127.0.0.1, stops by itself, and is
killed at the end, also on failure or Ctrl-C. BENCH_QUICK=1 (or --quick) is a
smoke run of a few seconds that goes through every tool.

    python3 bench/run.py [--bin build/bin] [--web build/web] [--quick]
"""
import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORES = os.cpu_count() or 1

# The reliability harness's processes: each started in its own session, all stopped at the end.
sys.path.insert(0, os.path.join(ROOT, "tests", "reliability"))
from harness import PROCS, interrupted, remove_database  # noqa: E402


class BenchError(Exception):
    """A figure that could not be measured honestly (a tool failed, unexpected statuses)."""


# ---- Settings ------------------------------------------------------------------

FULL = {
    "rounds": 5,
    "large_pupils": 300000,
    "small_pupils": 1000,
    "schools": 1000,
    "lookups_per_round": 200,   # distinct guardians each: no SMS budget is ever hit
    "lookup_connections": 4,
    "journeys_per_round": 40,
    "journey_concurrency": 2 * CORES,
    "login_seconds": 5.0,
    "argon2_seconds": 5.0,
    "login_slices": 5,  # alternations of both sides within a round (1 s each)
    "api_seconds": 4.0,
    "api_connections": 8,
    "web_timeout": 300,
}
QUICK = dict(FULL, rounds=2, large_pupils=3000, small_pupils=300, schools=50, lookups_per_round=20,
             journeys_per_round=4, login_seconds=0.5, argon2_seconds=0.5, login_slices=2, api_seconds=0.5,
             web_timeout=120)


def finish(args, timeout, what, input_text=None):
    """Runs a command to its end (killed past `timeout`): answers (returncode, stdout, stderr)."""
    proc = PROCS.start(args, stdin=subprocess.PIPE if input_text is not None else subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(input_text, timeout=timeout)
    except subprocess.TimeoutExpired:
        PROCS.stop(proc)
        raise BenchError(f"{what}: no answer within {timeout} s")
    finally:
        PROCS.forget(proc)
    return proc.returncode, out, err


def run_tool(args, timeout, what):
    """Runs a bench tool to its end and answers the JSON object of its last stdout line."""
    returncode, out, err = finish(args, timeout, what)
    lines = [line for line in out.splitlines() if line.strip()]
    try:
        result = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        result = None
    if returncode != 0 or not isinstance(result, dict):
        tail = (err.strip().splitlines() or [""])[-1][:300]
        raise BenchError(f"{what}: exit {returncode}; {tail or (lines[-1][:300] if lines else 'no output')}")
    return result


def timed(args, timeout, what, input_text=None):
    """Wall-clock seconds of a command that must succeed."""
    start = time.monotonic()
    returncode, out, err = finish(args, timeout, what, input_text)
    seconds = time.monotonic() - start
    if returncode != 0:
        raise BenchError(f"{what}: exit {returncode}: {(err or out).strip()[-400:]}")
    return seconds


class Server:
    """sesame-server (or the baseline) on 127.0.0.1 and a free port, its log in a file."""

    def __init__(self, args, log_path, pattern, timeout=120):
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.proc = PROCS.start(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            with open(log_path, errors="replace") as f:
                match = re.search(pattern, f.read())
            if match:
                self.port = int(match.group(1))
                break
            if self.proc.poll() is not None or time.monotonic() > deadline:
                PROCS.stop(self.proc)
                with open(log_path, errors="replace") as f:
                    tail = f.read()[-600:]
                raise BenchError(f"{os.path.basename(args[0])} did not start: {tail}")
            time.sleep(0.05)

    @property
    def origin(self):
        return f"http://127.0.0.1:{self.port}"

    def peak_rss_mb(self):
        """VmHWM: the most resident memory the process ever had, in MiB."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        raise BenchError("no VmHWM")

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        PROCS.stop(self.proc)
        self.log.close()


def sesame_server(ctx, db, log_name, dev=False):
    args = [ctx.bin("sesame-server"), "--listen", "127.0.0.1:0", "--db", db, "--web", ctx.web_dir,
            # Every bench client talks from 127.0.0.1: each lookup and journey names its own
            # address in X-Forwarded-For, as parents at home have theirs (the per-client SMS budget).
            "--behind-proxy"]
    args += ["--dev"] if dev else ["--sms-gateway", "dev"]  # dev: the outbox is readable
    return Server(args, os.path.join(ctx.out, log_name), r"listening on http://127\.0\.0\.1:(\d+)")


# ---- Helpers -------------------------------------------------------------------

def median(values):
    return statistics.median(values)


def expect_statuses(result, allowed, what):
    """A figure is made of expected answers only, never of refusals."""
    statuses = {int(k): v for k, v in result.get("statuses", {}).items()}
    unexpected = {k: v for k, v in statuses.items() if k not in allowed}
    if unexpected or result.get("socket_errors", 0) or result.get("requests", 0) == 0:
        raise BenchError(f"{what}: statuses {statuses}, socket errors {result.get('socket_errors')}")


def write_lines(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_jsonl(path, limit=None):
    """The first `limit` rows (all when None): the large guardians.jsonl is 100 MB."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if limit is not None and len(rows) >= limit:
                break
            if line.strip():
                rows.append(json.loads(line))
    return rows


class Context:
    def __init__(self, args, settings):
        self.bin_dir = os.path.abspath(args.bin)
        self.out = os.path.abspath(args.out)
        self.settings = settings
        self.rounds = settings["rounds"]
        self.figures, self.goals, self.errors, self.details = {}, {}, {}, {}
        os.makedirs(self.out, exist_ok=True)
        self.web_dir = os.path.abspath(args.web)
        if not os.path.isdir(self.web_dir):  # the API needs no client files
            self.web_dir = os.path.join(self.out, "empty-web")
            os.makedirs(self.web_dir, exist_ok=True)
        self.web_for_node = os.path.abspath(args.web)

    def bin(self, name):
        path = os.path.join(self.bin_dir, name)
        if not os.access(path, os.X_OK):
            raise BenchError(f"{path} is missing: build it first (make bench does)")
        return path

    def load(self, port, *args, timeout=120, what="sesame-load"):
        return run_tool([self.bin("sesame-load"), "--port", str(port), *args], timeout, what)

    def goal(self, name, op, value, text):
        self.goals[name] = {"op": op, "value": value, "text": text}


# ---- Phases --------------------------------------------------------------------

def generate_academie(ctx):
    """The large and small académies, generated once per parameters (they are deterministic)."""
    s = ctx.settings
    generator = os.path.join(ROOT, "bench", "academie.py")
    stamp_text = json.dumps([s["large_pupils"], s["small_pupils"], s["schools"], os.path.getmtime(generator)])
    folders = {}
    for size, pupils in (("large", s["large_pupils"]), ("small", s["small_pupils"])):
        folder = os.path.join(ctx.out, "academie", f"{size}-{pupils}")
        stamp = os.path.join(folder, "stamp")
        if not (os.path.exists(stamp) and open(stamp).read() == stamp_text):
            print(f"  generating the {size} académie ({pupils} pupils)…", flush=True)
            timed([sys.executable, generator, "--pupils", str(pupils), "--schools", str(s["schools"]),
                   "--out", folder], 600, "academie.py")
            with open(stamp, "w") as f:
                f.write(stamp_text)
        folders[size] = folder
    return folders


def csv_args(folder):
    return ["--schools", os.path.join(folder, "schools.csv"), "--pupils", os.path.join(folder, "pupils.csv"),
            "--guardians", os.path.join(folder, "guardians.csv"), "--links", os.path.join(folder, "links.csv")]


def sesame_import(ctx, folder, db):
    remove_database(db)
    return timed([ctx.bin("sesame-admin"), "import", "--db", db, *csv_args(folder)], 900, "sesame-admin import")


def sqlite_cli_import(folder, db):
    """The floor: sqlite3's own .import of the same files into plain tables, no checks, no index."""
    remove_database(db)
    script = ".mode csv\n.separator ;\n" + "".join(
        f".import '{os.path.join(folder, name)}.csv' {name}\n" for name in ("schools", "pupils", "guardians", "links"))
    return timed(["sqlite3", "-bail", db], 900, "sqlite3 .import", input_text=script)


def bench_import(ctx, folders):
    sesame_s, cli_s, ratios = [], [], []
    db_cli = os.path.join(ctx.out, "import-sqlite.db")
    db_sesame = os.path.join(ctx.out, "large.db")
    for r in range(ctx.rounds):
        # Alternating which side goes first, so that neither always meets a warmer cache.
        pair = {}
        order = ("sesame", "cli") if r % 2 == 0 else ("cli", "sesame")
        for side in order:
            if side == "sesame":
                pair[side] = sesame_import(ctx, folders["large"], db_sesame)
            else:
                pair[side] = sqlite_cli_import(folders["large"], db_cli)
        sesame_s.append(pair["sesame"])
        cli_s.append(pair["cli"])
        ratios.append(pair["sesame"] / pair["cli"])
        print(f"  import round {r + 1}: sesame-admin {pair['sesame']:.2f} s, sqlite3 {pair['cli']:.2f} s", flush=True)
    remove_database(db_cli)
    ctx.figures.update(import_s=median(sesame_s), sqlite_cli_import_s=median(cli_s), import_ratio=median(ratios))
    ctx.details["import"] = {"sesame_s": sesame_s, "sqlite_cli_s": cli_s, "ratios": ratios,
                             "pupils": ctx.settings["large_pupils"]}
    return db_sesame  # the last Sésame import is the large database of the next phases


def lookup_bodies(guardians, start, count):
    return [{"last_name": g["last_name"], "first_name": g["first_name"], "phone": g["phone"]}
            for g in guardians[start:start + count]]


def bench_lookups(ctx, folders, large_db):
    s = ctx.settings
    small_db = os.path.join(ctx.out, "small.db")
    sesame_import(ctx, folders["small"], small_db)
    per_round = s["lookups_per_round"]
    warmup = 20
    need = per_round * ctx.rounds + warmup
    # Rows [0, warmup) warm up, then each round takes the next per_round: no guardian twice.
    guardians = {size: read_jsonl(os.path.join(folders[size], "guardians.jsonl"), need) for size in folders}
    if len(guardians["small"]) < need:
        raise BenchError(f"the small académie has {len(guardians['small'])} guardians with a mobile, {need} needed")
    servers = {"small": sesame_server(ctx, small_db, "lookup-small.log"),
               "large": sesame_server(ctx, large_db, "lookup-large.log")}
    p99 = {"small": [], "large": []}
    p50 = {"small": [], "large": []}
    try:
        def lookups(size, rows, tag):
            server = servers[size]
            bodies = os.path.join(ctx.out, f"lookup-{size}-{tag}.jsonl")
            write_lines(bodies, rows)
            result = ctx.load(server.port, "--method", "POST", "--path", "/api/v1/activation",
                              "-H", "Content-Type: application/json", "-H", f"Origin: {server.origin}",
                              "-H", f"X-Forwarded-For: bench-lookup-{tag}-{{seq}}",
                              "--bodies", bodies, "-n", str(len(rows)), "-c", str(s["lookup_connections"]),
                              "-d", "120", what=f"lookups ({size})")
            expect_statuses(result, {201}, f"POST /api/v1/activation ({size})")
            return result

        # Warm-up: first connections, first statements.
        for size in ("small", "large"):
            lookups(size, lookup_bodies(guardians[size], 0, warmup), "warmup")
        for r in range(ctx.rounds):
            order = ("small", "large") if r % 2 == 0 else ("large", "small")
            for size in order:
                result = lookups(size, lookup_bodies(guardians[size], warmup + r * per_round, per_round), f"r{r}")
                p99[size].append(result["p99_ms"])
                p50[size].append(result["p50_ms"])
            print(f"  lookup round {r + 1}: p99 small {p99['small'][-1]:.1f} ms, large {p99['large'][-1]:.1f} ms",
                  flush=True)
    finally:
        for server in servers.values():
            server.stop()
    ctx.figures.update(lookup_p99_ms_small=median(p99["small"]), lookup_p99_ms_large=median(p99["large"]))
    ctx.details["lookup"] = {"p99_ms": p99, "p50_ms": p50, "per_round": per_round,
                             "connections": s["lookup_connections"],
                             "note": "POST /api/v1/activation answers no sooner than SecurityConfig's "
                                     "enumeration_answer_floor (25 ms): a lookup faster than that is hidden by it"}
    ctx.lookups_used_large = need


def bench_activation(ctx, folders, large_db, accounts_file):
    s = ctx.settings
    guardians_file = os.path.join(folders["large"], "guardians.jsonl")
    first = getattr(ctx, "lookups_used_large", 0)  # guardians the lookups did not use
    per_round = s["journeys_per_round"]
    server = sesame_server(ctx, large_db, "activation.log", dev=True)
    rates = []
    try:
        for r in range(ctx.rounds):
            result = run_tool([ctx.bin("sesame-journeys"), "--port", str(server.port), "--guardians", guardians_file,
                               "--first", str(first + r * per_round), "--count", str(per_round),
                               "-c", str(s["journey_concurrency"]), "--accounts-out", accounts_file,
                               "--max-seconds", "300"], 400, "sesame-journeys")
            if result["failed"] or result["journeys"] != per_round:
                raise BenchError(f"activation journeys: {result['failures']} ({result['first_failure']})")
            rates.append(result["per_s"])
            print(f"  activation round {r + 1}: {result['per_s']:.1f} journeys/s", flush=True)
    finally:
        server.stop()
    ctx.figures["activation_per_s"] = median(rates)
    ctx.details["activation"] = {"per_s": rates, "journeys_per_round": per_round,
                                 "concurrency": s["journey_concurrency"]}


def bench_login_and_api(ctx, large_db, accounts_file):
    s = ctx.settings
    concurrency = 2 * CORES
    accounts = read_jsonl(accounts_file)
    if len(accounts) < 2 * concurrency:
        # Fewer accounts than requests in flight would let one identifier's attempts overlap.
        raise BenchError(f"only {len(accounts)} accounts for {concurrency} connections")
    server = sesame_server(ctx, large_db, "login-api.log")
    try:
        login, argon2, ratios, threads = [], [], [], None
        # Each round alternates the two sides in short slices: on a shared host the hash
        # rate itself drifts from one run to the next (argon2id alone measured 38 to 80/s
        # back to back), and slices let both sides meet the same states of the host.
        slices = s["login_slices"]
        for r in range(ctx.rounds):
            done = {"login": [0, 0.0], "argon2": [0, 0.0]}  # operations, seconds
            for k in range(slices):
                order = ("login", "argon2") if (r + k) % 2 == 0 else ("argon2", "login")
                for side in order:
                    if side == "login":
                        result = ctx.load(server.port, "--method", "POST", "--path", "/api/v1/session",
                                          "-H", "Content-Type: application/json", "-H", f"Origin: {server.origin}",
                                          "--bodies", accounts_file, "-c", str(concurrency),
                                          "-d", str(s["login_seconds"] / slices), what="sign-ins")
                        expect_statuses(result, {200}, "POST /api/v1/session")
                        done["login"][0] += result["requests"]
                        done["login"][1] += result["seconds"]
                    else:
                        result = run_tool([ctx.bin("sesame-argon2-rate"), "-d", str(s["argon2_seconds"] / slices)],
                                          120, "sesame-argon2-rate")
                        threads = result["threads"]
                        done["argon2"][0] += result["hashes"]
                        done["argon2"][1] += result["seconds"]
            pair = {side: count / max(1e-9, seconds) for side, (count, seconds) in done.items()}
            login.append(pair["login"])
            argon2.append(pair["argon2"])
            ratios.append(pair["login"] / pair["argon2"])
            print(f"  login round {r + 1}: {pair['login']:.1f} sign-ins/s, argon2id {pair['argon2']:.1f}/s",
                  flush=True)
        ctx.figures.update(login_per_s=median(login), argon2_per_s=median(argon2), login_efficiency=median(ratios))
        ctx.figures["server_rss_mb"] = server.peak_rss_mb()
        ctx.goal("server_rss_mb", "<=", 64 + 20 * threads, f"≤ 64 + 20 × {threads} concurrent hashes")
        ctx.details["login"] = {"login_per_s": login, "argon2_per_s": argon2, "ratios": ratios,
                                "connections": concurrency, "argon2_threads": threads, "accounts": len(accounts)}
        bench_api(ctx, server, accounts[0])
    finally:
        server.stop()


def session_cookie(server, account):
    request = urllib.request.Request(server.origin + "/api/v1/session", data=json.dumps(account).encode(),
                                     headers={"Content-Type": "application/json", "Origin": server.origin},
                                     method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        for header in answer.headers.get_all("Set-Cookie") or []:
            match = re.match(r"(sesame_session=[^;]+)", header)
            if match:
                return match.group(1)
    raise BenchError("POST /api/v1/session gave no session cookie")


def bench_api(ctx, server, account):
    s = ctx.settings
    cookie = session_cookie(server, account)
    baseline = Server([ctx.bin("sesame-bench-baseline"), "--port", "0"], os.path.join(ctx.out, "baseline.log"),
                      r"listening on http://127\.0\.0\.1:(\d+)")
    try:
        api, base, ratios, client_share = [], [], [], []
        for r in range(ctx.rounds):
            order = ("api", "baseline") if r % 2 == 0 else ("baseline", "api")
            pair = {}
            for side in order:
                target = server if side == "api" else baseline
                before_client = resource.getrusage(resource.RUSAGE_CHILDREN)
                before_server = target.cpu_seconds()
                result = ctx.load(target.port, "--path", "/api/v1/me", "-H", f"Cookie: {cookie}",
                                  "-c", str(s["api_connections"]), "-d", str(s["api_seconds"]),
                                  what=f"GET /api/v1/me ({side})")
                after_client = resource.getrusage(resource.RUSAGE_CHILDREN)
                expect_statuses(result, {200}, f"GET /api/v1/me ({side})")
                pair[side] = result["per_s"]
                if side == "baseline":
                    # The load generator's share of the CPU against the bare server: when it is
                    # well under one half, the client is not what limits the baseline.
                    client_cpu = (after_client.ru_utime + after_client.ru_stime
                                  - before_client.ru_utime - before_client.ru_stime)
                    server_cpu = target.cpu_seconds() - before_server
                    client_share.append(client_cpu / max(1e-9, client_cpu + server_cpu))
            api.append(pair["api"])
            base.append(pair["baseline"])
            ratios.append(pair["api"] / pair["baseline"])
            print(f"  api round {r + 1}: GET /me {pair['api']:.0f}/s, baseline {pair['baseline']:.0f}/s", flush=True)
    finally:
        baseline.stop()
    ctx.figures.update(api_per_s=median(api), baseline_per_s=median(base), api_efficiency=median(ratios))
    ctx.details["api"] = {"api_per_s": api, "baseline_per_s": base, "ratios": ratios,
                          "connections": s["api_connections"], "client_cpu_share_vs_baseline": client_share}


WEB_FIGURES = ("web_first_load_gzip_bytes", "first_frame_ms", "idle_frames_per_s")


def bench_web(ctx):
    script = os.path.join(ROOT, "bench", "web_bench.mjs")
    if not os.path.exists(script):
        ctx.details["web"] = "bench/web_bench.mjs absent: web figures not measured"
        return
    try:
        result = run_tool(["node", script, "--server", ctx.bin("sesame-server"), "--web", ctx.web_for_node],
                          ctx.settings["web_timeout"], "node bench/web_bench.mjs")
        missing = [name for name in WEB_FIGURES if not isinstance(result.get(name), (int, float))]
        if missing:
            raise BenchError(f"web_bench.mjs: no number for {', '.join(missing)}")
    except BenchError as error:
        for name in WEB_FIGURES:
            ctx.errors[name] = str(error)
        return
    for name in WEB_FIGURES:
        ctx.figures[name] = result[name]
    ctx.details["web"] = {k: v for k, v in result.items() if k not in WEB_FIGURES}


# ---- Report --------------------------------------------------------------------

ORDER = ["login_per_s", "argon2_per_s", "login_efficiency", "api_per_s", "baseline_per_s", "api_efficiency",
         "activation_per_s", "import_s", "sqlite_cli_import_s", "import_ratio", "lookup_p99_ms_small",
         "lookup_p99_ms_large", "server_rss_mb", *WEB_FIGURES]


def fixed_goals(ctx):
    ctx.goal("login_efficiency", ">=", 0.85, "≥ 0.85")
    ctx.goal("api_efficiency", ">=", 0.6, "≥ 0.6")
    ctx.goal("import_ratio", "<=", 2, "≤ 2")
    # The web figures' goals: a plain page of the State's design system weighs about 240 000 gzip bytes.
    ctx.goal("web_first_load_gzip_bytes", "<=", 250000, "≤ 250 000")
    ctx.goal("first_frame_ms", "<=", 1000, "≤ 1 000")
    ctx.goal("idle_frames_per_s", "<=", 0, "0")
    small = ctx.figures.get("lookup_p99_ms_small")
    if small is not None:
        ctx.goal("lookup_p99_ms_large", "<=", 1.5 * small, f"≤ 1.5 × small = {1.5 * small:.1f}")


def is_met(ctx, name):
    goal = ctx.goals.get(name)
    value = ctx.figures.get(name)
    if goal is None or value is None:
        return None
    return value >= goal["value"] if goal["op"] == ">=" else value <= goal["value"]


def show(value):
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def report(ctx, started, machine):
    fixed_goals(ctx)
    names = [n for n in ORDER if n in ctx.figures or n in ctx.errors]
    names += [n for n in list(ctx.figures) + list(ctx.errors) if n not in names]
    rows = []
    for name in names:
        met = is_met(ctx, name)
        if name in ctx.errors:
            value, verdict = "ERROR: " + ctx.errors[name], "no"
        else:
            value, verdict = show(ctx.figures[name]), {True: "yes", False: "NO", None: ""}[met]
        rows.append((name, value, ctx.goals.get(name, {}).get("text", "report"), verdict))
    widths = [max(len(r[i]) for r in rows + [("name", "value", "goal", "met?")]) for i in range(4)]
    widths[1] = min(widths[1], 60)
    line = "  ".join("{:<%d}" % w for w in widths)
    print()
    print(line.format("name", "value", "goal", "met?"))
    print(line.format(*("-" * w for w in widths)))
    for r in rows:
        print(line.format(r[0], r[1] if len(r[1]) <= 60 else r[1][:57] + "…", r[2], r[3]))
    results = {
        "figures": ctx.figures,
        "goals": ctx.goals,
        "met": {name: is_met(ctx, name) for name in ctx.goals if name in ctx.figures},
        "errors": ctx.errors,
        "rounds": ctx.rounds,
        "quick": ctx.settings["large_pupils"] == QUICK["large_pupils"],
        "details": ctx.details,
        "machine": dict(machine, load_average_end=os.getloadavg()),
        "duration_s": round(time.monotonic() - started, 1),
    }
    path = os.path.join(ctx.out, "results.json")
    with open(path, "w") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
    print(f"\n{path} ({results['duration_s']} s)")


def describe_machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
        with open("/proc/meminfo") as f:
            mem_kib = int(next(l for l in f if l.startswith("MemTotal")).split()[1])
    except (OSError, StopIteration):
        mem_kib = 0
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split(" ")[0]
    return {"cores": CORES, "cpu": model, "memory_gib": round(mem_kib / 1024 / 1024, 1),
            "kernel": platform.release(), "python": platform.python_version(), "sqlite3": sqlite,
            "load_average_start": os.getloadavg()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"), help="folder of the built programs")
    parser.add_argument("--web", default=os.path.join(ROOT, "build", "web"), help="folder of the built web client")
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "bench"), help="where files and results go")
    parser.add_argument("--quick", action="store_true", default=os.environ.get("BENCH_QUICK") == "1",
                        help="a smoke run of a few seconds (also BENCH_QUICK=1)")
    parser.add_argument("--rounds", type=int, help="rounds of each comparison (default 5, 2 when quick)")
    parser.add_argument("--only", help="comma-separated phases: import,lookup,activation,login,web")
    args = parser.parse_args()
    settings = dict(QUICK if args.quick else FULL)
    if args.rounds:
        settings["rounds"] = args.rounds
    ctx = Context(args, settings)
    phases = set((args.only or "import,lookup,activation,login,web").split(","))

    # SIGTERM ends the run like Ctrl-C: through the finally below, which stops every process.
    signal.signal(signal.SIGTERM, interrupted)
    started = time.monotonic()
    machine = describe_machine()
    print(f"make bench: {ctx.rounds} rounds a comparison, {CORES} cores, results in {ctx.out}", flush=True)
    accounts_file = os.path.join(ctx.out, "accounts.jsonl")
    large_db = os.path.join(ctx.out, "large.db")

    def phase(name, names, body):
        if name not in phases:
            return
        print(f"- {name}", flush=True)
        try:
            body()
        except BenchError as error:
            print(f"  failed: {error}", flush=True)
            for n in names:
                ctx.errors.setdefault(n, str(error))

    try:
        folders = generate_academie(ctx)
        phase("import", ["import_s", "sqlite_cli_import_s", "import_ratio"], lambda: bench_import(ctx, folders))
        if not os.path.exists(large_db) and phases & {"lookup", "activation", "login"}:
            sesame_import(ctx, folders["large"], large_db)  # when --only skipped the import phase
        phase("lookup", ["lookup_p99_ms_small", "lookup_p99_ms_large"], lambda: bench_lookups(ctx, folders, large_db))
        if "activation" in phases and os.path.exists(accounts_file):
            os.remove(accounts_file)
        phase("activation", ["activation_per_s"], lambda: bench_activation(ctx, folders, large_db, accounts_file))
        phase("login", ["login_per_s", "argon2_per_s", "login_efficiency", "server_rss_mb", "api_per_s",
                        "baseline_per_s", "api_efficiency"], lambda: bench_login_and_api(ctx, large_db, accounts_file))
        phase("web", list(WEB_FIGURES), lambda: bench_web(ctx))
    except BenchError as error:  # outside a phase: the académie or the large database
        print(f"  failed: {error}", flush=True)
        ctx.errors["bench"] = str(error)
    except KeyboardInterrupt:
        print("\ninterrupted: stopping every process the bench started", flush=True)
        PROCS.stop_all()
        return 130
    finally:
        PROCS.stop_all()
    report(ctx, started, machine)
    return 1 if ctx.errors else 0


if __name__ == "__main__":
    sys.exit(main())
