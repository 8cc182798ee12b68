#!/usr/bin/env python3
"""make soak: 200 parents on 200 keep-alive connections for 60 s, a realistic mix.

A fresh database holds a generated académie (bench/academie.py); sesame-server
runs on it as in production (no --dev: the dev SMS gateway only logs a masked
number) with --behind-proxy, each parent naming its own X-Forwarded-For
address as it would at home. The driver first makes one account per parent
through the activation journey, then each parent, on its own keep-alive
connection and thread, loops until the time is up over:

  config        GET /api/v1/config
  me            GET /api/v1/me with its session
  signout       DELETE /api/v1/session, then
  signin_ok     POST /api/v1/session with the right password
  signin_wrong  a typo (401), then the right password (signin_ok)
  signin_guess  wrong passwords for an identifier nobody has: 401, then 429
                too_many_attempts with retry_after_seconds once the fifth
                failure starts the wait, as predicted (docs/api.md,
                "Sign-in throttle")
  activation_*  a whole "Je n'ai pas de compte" journey for a fresh guardian:
                start 201, code 200 (the code read from the outbox table, the
                parent's phone), children 200, password 201, then GET /me

Every status the model does not predict is unexpected; any 5xx, socket error
or unexpected status fails the run (exit 1). --allow KIND:STATUS and
--max-socket-errors loosen the expectations explicitly, e.g. to observe a
server whose connection pool is smaller than the parents.

Prints requests served, p50/p99/max per kind and the statuses.

    python3 tests/reliability/soak.py [--bin build/bin] [--seconds 60] [--connections 200]
"""
import argparse
import collections
import json
import os
import random
import re
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (PROCS, ROOT, SOCKET_ERRORS, Client, HarnessError, binary, empty_web_folder,  # noqa: E402
                     import_academie, percentile, prepare_academie, read_guardians,
                     run_main, snapshot_binaries, start_server)

KINDS = ["config", "me", "signout", "signin_ok", "signin_wrong", "signin_guess", "activation_start",
         "activation_code", "activation_children", "activation_password"]
EXPECTED = {"config": {200}, "me": {200}, "signout": {204}, "signin_ok": {200}, "signin_wrong": {401},
            "activation_start": {201}, "activation_code": {200}, "activation_children": {200},
            "activation_password": {201}}  # signin_guess: predicted request by request
# Scenario weights: mostly reads by signed-in parents, some sign-ins, a few new accounts.
MIX = [("me", 55), ("config", 20), ("sign_again", 6), ("typo", 4), ("guess", 5), ("activation", 5)]
# docs/api.md, "Sign-in throttle": after 5 failures wait 1 min, doubling up to 15 min
# (SecurityConfig.login).
FAILURES_BEFORE_WAIT, FIRST_WAIT, MAX_WAIT = 5, 60, 900


def two_letters(n):
    """0 -> 'aa', 1 -> 'ab'…: a number below 676 in the letters an identifier's name allows."""
    return chr(ord("a") + n // 26 % 26) + chr(ord("a") + n % 26)


def login_wait(failures):
    if failures < FAILURES_BEFORE_WAIT:
        return 0
    return min(MAX_WAIT, FIRST_WAIT * 2 ** (failures - FAILURES_BEFORE_WAIT))


class Tally:
    """What every request got, merged from the threads at the end."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = collections.defaultdict(list)
        self.by_connection = {"new": [], "reused": []}  # latencies of first and later requests
        self.errors_by_connection = collections.Counter()
        self.parents_answered = 0  # parents that got at least one answer in the soak
        self.statuses = collections.defaultdict(collections.Counter)
        self.socket_errors = collections.defaultdict(collections.Counter)
        self.unexpected = collections.defaultdict(collections.Counter)
        self.examples = []

    def merge(self, other):
        with self.lock:
            for kind, values in other.latencies.items():
                self.latencies[kind].extend(values)
            for which, values in other.by_connection.items():
                self.by_connection[which].extend(values)
            self.errors_by_connection.update(other.errors_by_connection)
            self.parents_answered += 1 if any(other.latencies.values()) else 0
            for kind, counter in other.statuses.items():
                self.statuses[kind].update(counter)
            for kind, counter in other.socket_errors.items():
                self.socket_errors[kind].update(counter)
            for kind, counter in other.unexpected.items():
                self.unexpected[kind].update(counter)
            self.examples.extend(other.examples[:3])


class Stop(Exception):
    """The parent cannot go on with its scenario (an answer it cannot use)."""


class Parent:
    """One simulated parent: one thread, one keep-alive connection, one account."""

    def __init__(self, number, account, ctx):
        self.number = number
        self.identifier, self.password = account
        self.ctx = ctx
        self.rng = random.Random(ctx.seed * 1000 + number)
        self.client = Client(ctx.port, timeout=ctx.args.request_timeout, forwarded_for=f"soak-{number}")
        self.cookie = None
        self.tally = Tally()
        self.guess_generation = 0
        self.guess_failures = 0
        self.guess_last_failure = (0.0, 0.0)  # (sent, answered) of the last failure
        self.journeys = 0

    def call(self, kind, method, path, body=None, cookie=None, forwarded_for=None, expected=None):
        try:
            answer = self.client.request(method, path, body, cookie=cookie, forwarded_for=forwarded_for)
        except SOCKET_ERRORS as error:
            self.tally.socket_errors[kind][type(error).__name__] += 1
            self.tally.errors_by_connection["new" if self.client.last_fresh else "reused"] += 1
            if len(self.tally.examples) < 3:
                self.tally.examples.append(f"{kind}: socket error {error!r}")
            raise Stop()
        self.tally.latencies[kind].append(answer.ms)
        self.tally.by_connection["new" if self.client.last_fresh else "reused"].append(answer.ms)
        self.tally.statuses[kind][answer.status] += 1
        allowed = (expected if expected is not None else EXPECTED[kind]) | self.ctx.allowed.get(kind, set())
        if answer.status not in allowed:
            self.tally.unexpected[kind][answer.status] += 1
            if len(self.tally.examples) < 3:
                self.tally.examples.append(f"{kind}: {answer.status} {answer.body[:160]}")
            raise Stop()
        return answer

    def sign_in(self, kind="signin_ok"):
        answer = self.call(kind, "POST", "/api/v1/session", {"identifier": self.identifier, "password": self.password})
        if answer.status == 200:
            self.cookie = answer.cookie()

    def run(self, deadline):
        scenarios, weights = zip(*MIX)
        try:
            time.sleep(self.rng.uniform(0, 1.0))  # parents do not all arrive in the same millisecond
            while time.monotonic() < deadline:
                scenario = self.rng.choices(scenarios, weights)[0]
                try:
                    getattr(self, "scenario_" + scenario)()
                except Stop:
                    self.cookie = None  # start again from a clean state
                    time.sleep(0.05)
        finally:
            self.client.close()
            self.ctx.tally.merge(self.tally)

    def scenario_me(self):
        if not self.cookie:
            self.sign_in()
        self.call("me", "GET", "/api/v1/me", cookie=self.cookie)

    def scenario_config(self):
        self.call("config", "GET", "/api/v1/config")

    def scenario_sign_again(self):
        if self.cookie:
            self.call("signout", "DELETE", "/api/v1/session", cookie=self.cookie)
            self.cookie = None
        self.sign_in()

    def scenario_typo(self):
        self.call("signin_wrong", "POST", "/api/v1/session",
                  {"identifier": self.identifier, "password": self.password + "x"})
        self.sign_in()  # a success clears the failures: the own identifier never waits

    def scenario_guess(self):
        # The server counts a failure when it starts handling the request (before the hash), in
        # whole seconds; the driver only knows when it sent and when the answer came. So the
        # wait the server measured lies within bounds, and only outside them is one answer wrong.
        failures = self.guess_failures
        wait = login_wait(failures)
        sent = time.monotonic()
        try:
            answer = self.call("signin_guess", "POST", "/api/v1/session",
                               {"identifier": self.guess_identifier(),
                                "password": f"Devine!{self.rng.randrange(10**6)}"},
                               expected={401, 429})
        except Stop:
            # An answer lost: the server may or may not have counted it; guess a fresh identifier.
            self.guess_generation += 1
            self.guess_failures = 0
            raise
        answered = time.monotonic()
        if wait == 0:
            must = 401
        else:
            first_sent, first_answered = self.guess_last_failure
            least, most = sent - first_answered - 1, answered - first_sent + 1
            must = 429 if most < wait else 401 if least >= wait else None
        if must is not None and answer.status != must:
            self.fail("signin_guess", f"{answer.status} where {must} was due after {failures} failures")
        if answer.status == 401:
            self.guess_failures += 1
            self.guess_last_failure = (sent, answered)
        else:
            error = answer.data.get("error", {}) if isinstance(answer.data, dict) else {}
            if error.get("code") != "too_many_attempts" or not isinstance(error.get("retry_after_seconds"), int):
                self.fail("signin_guess", "429 without too_many_attempts and retry_after_seconds")

    def guess_identifier(self):
        """Nobody's identifier (p.nomXX: letters, then 2 or 3 digits): the generic answer, the same
        throttle. Unique per parent and generation."""
        name = "devine" + two_letters(self.guess_generation) + two_letters(self.number // 1000)
        return f"x.{name}{self.number % 1000:03d}"

    def scenario_activation(self):
        guardian = self.ctx.next_guardian()
        if guardian is None:
            return self.scenario_me()  # the académie is used up: reported at the end
        self.journeys += 1
        address = f"soak-{self.number}-{self.journeys}"  # each household its own address
        identifier, cookie = activation_journey(self.call, self.fail, guardian, address, self.ctx.read_code)
        self.call("me", "GET", "/api/v1/me", cookie=cookie)

    def fail(self, kind, what):
        self.tally.unexpected[kind][what] += 1
        if len(self.tally.examples) < 3:
            self.tally.examples.append(f"{kind}: {what}")
        raise Stop()


def activation_journey(call, fail, guardian, address, read_code):
    """identity -> code -> children -> password; answers (identifier, session cookie).
    `fail(kind, what)` reports an answer the journey cannot use, and raises."""
    started = call("activation_start", "POST", "/api/v1/activation",
                   {"last_name": guardian["last_name"], "first_name": guardian["first_name"],
                    "phone": guardian["phone"]}, forwarded_for=address)
    flow = (started.data or {}).get("flow")
    if not flow:
        fail("activation_start", "201 without a flow")
    code = read_code(guardian["phone_e164"])
    if not code:
        fail("activation_code", "no SMS in the outbox after 201")
    base = "/api/v1/activation/" + flow
    offered = call("activation_code", "POST", base + "/sms", {"code": code}, forwarded_for=address)
    known = {(c["first_name"].upper(), c["last_name"].upper()): c["birth_date"] for c in guardian["children"]}
    answers = []
    for child in (offered.data or {}).get("children", []):
        birth = known.get((child["first_name"].upper(), child["last_name"].upper()))
        answers.append({"id": child["id"], "is_guardian": True, "birth_date": birth} if birth
                       else {"id": child["id"], "is_guardian": False})
    call("activation_children", "POST", base + "/children", {"children": answers}, forwarded_for=address)
    password = "Sesame!Soak" + guardian["phone_e164"][-6:]
    created = call("activation_password", "POST", base + "/password",
                   {"password": password, "confirmation": password}, forwarded_for=address)
    identifier, cookie = (created.data or {}).get("identifier"), created.cookie()
    if not identifier or not cookie:
        fail("activation_password", "201 without an identifier and a session cookie")
    return identifier, cookie


class Context:
    def __init__(self, args, port, db, guardians, seed):
        self.args = args
        self.port = port
        self.seed = seed
        self.tally = Tally()
        self.allowed = collections.defaultdict(set)
        for item in args.allow:
            kind, _, status = item.partition(":")
            if kind not in KINDS or not status.isdigit():
                raise HarnessError(f"--allow {item}: expected KIND:STATUS, KIND one of {', '.join(KINDS)}")
            self.allowed[kind].add(int(status))
        self.guardians = guardians
        self.guardian_lock = threading.Lock()
        self.used_up = False
        self.db_lock = threading.Lock()
        # The parents' phones: the newest SMS to a number, read from the outbox table.
        self.db = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10, check_same_thread=False)

    def next_guardian(self):
        with self.guardian_lock:
            if not self.guardians:
                self.used_up = True
                return None
            return self.guardians.pop()

    def read_code(self, phone_e164):
        with self.db_lock:
            row = self.db.execute("SELECT body FROM outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1",
                                  (phone_e164,)).fetchone()
        match = re.search(r"\b(\d{6})\b", row[0]) if row else None
        return match.group(1) if match else None


def make_accounts(ctx, count, workers):
    """One account per parent, through the same journey (not counted in the soak's figures)."""
    accounts = []
    lock = threading.Lock()
    failures = []
    reserved = [0]

    def work():
        client = Client(ctx.port, timeout=60)

        def call(kind, method, path, body=None, cookie=None, forwarded_for=None, expected=None):
            answer = client.request(method, path, body, cookie=cookie, forwarded_for=forwarded_for)
            if answer.status not in (expected or EXPECTED[kind]):
                raise HarnessError(f"making the accounts: {kind} answered {answer.status} {answer.body[:200]}")
            return answer

        def fail(kind, what):
            raise HarnessError(f"making the accounts: {kind}: {what}")

        try:
            while True:
                with lock:
                    if reserved[0] >= count or failures:
                        return
                    reserved[0] += 1
                guardian = ctx.next_guardian()
                if guardian is None:
                    raise HarnessError("the académie has too few guardians for the accounts")
                password = "Sesame!Soak" + guardian["phone_e164"][-6:]
                identifier, _ = activation_journey(call, fail, guardian, f"soak-setup-{guardian['phone_e164']}",
                                                   ctx.read_code)
                with lock:
                    accounts.append((identifier, password))
        except (HarnessError, *SOCKET_ERRORS) as error:
            with lock:
                failures.append(error)
        finally:
            client.close()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise HarnessError(f"making the accounts: {failures[0]!r}")
    return accounts


class Monitor(threading.Thread):
    """Samples the server twice a second: its threads and the sockets it holds open."""

    def __init__(self, pid):
        super().__init__(name="monitor", daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.peak_sockets = 0
        self.peak_threads = 0

    def run(self):
        while not self.stop.wait(0.5):
            try:
                sockets = 0
                for fd in os.listdir(f"/proc/{self.pid}/fd"):
                    try:
                        sockets += os.readlink(f"/proc/{self.pid}/fd/{fd}").startswith("socket:")
                    except OSError:
                        pass
                _, threads = rss_mb(self.pid)
            except OSError:
                return
            self.peak_sockets = max(self.peak_sockets, sockets)
            self.peak_threads = max(self.peak_threads, threads)


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            fields = dict(line.split(":", 1) for line in f)
        return int(fields["VmHWM"].split()[0]) / 1024, int(fields["Threads"])
    except (OSError, KeyError, ValueError):
        return 0.0, 0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"), help="folder of the built programs")
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "reliability", "soak"),
                        help="database, académie, the server's console, results.json")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("SOAK_SECONDS") or 60),
                        help="how long the parents keep at it (also SOAK_SECONDS)")
    parser.add_argument("--connections", type=int, default=200, help="parents, each its own keep-alive connection")
    parser.add_argument("--seed", type=int, default=None, help="seed of the parents' choices (also SOAK_SEED)")
    parser.add_argument("--request-timeout", type=float, default=30.0,
                        help="seconds a request may wait for its answer before it counts as a socket error")
    parser.add_argument("--allow", action="append", default=[], metavar="KIND:STATUS",
                        help="also accept STATUS for KIND (repeat); the default expects only what the API says")
    parser.add_argument("--max-socket-errors", type=int, default=0, help="socket errors tolerated")
    args = parser.parse_args()
    if args.seed is None:
        env = os.environ.get("SOAK_SEED", "")
        args.seed = int(env) if env else random.SystemRandom().randrange(1 << 31)
    args.out = os.path.abspath(args.out)
    return args


def run(args):
    started = time.monotonic()
    os.makedirs(args.out, exist_ok=True)
    print(f"soak: {args.connections} keep-alive connections for {args.seconds:g} s, seed {args.seed}", flush=True)
    args.bin = snapshot_binaries(args.bin, args.out, ["sesame-server", "sesame-admin"])
    # Enough guardians for the accounts and every journey a long soak can start.
    pupils = max(6000, int(args.seconds * 100))
    folder = prepare_academie(os.path.join(args.out, f"academie-{pupils}"), pupils, 200)
    db = os.path.join(args.out, "soak.db")
    import_academie(args.bin, folder, db)
    guardians = read_guardians(folder)
    random.Random(args.seed).shuffle(guardians)

    log = os.path.join(args.out, "server.log")
    if os.path.exists(log):
        os.remove(log)
    server, port = start_server([binary(args.bin, "sesame-server"), "--listen", "127.0.0.1:0", "--db", db,
                                 "--web", empty_web_folder(args.out), "--behind-proxy", "--sms-gateway", "dev"], log)
    try:
        ctx = Context(args, port, db, guardians, args.seed)
        setup_start = time.monotonic()
        accounts = make_accounts(ctx, args.connections, workers=8)
        print(f"  {len(accounts)} accounts made in {time.monotonic() - setup_start:.1f} s; "
              f"server on 127.0.0.1:{port}", flush=True)

        parents = [Parent(n, accounts[n], ctx) for n in range(args.connections)]
        soak_start = time.monotonic()
        deadline = soak_start + args.seconds
        threads = [threading.Thread(target=p.run, args=(deadline,), name=f"parent-{p.number}", daemon=True)
                   for p in parents]
        monitor = Monitor(server.pid)
        monitor.start()
        for t in threads:
            t.start()
        # Bounded: a parent stuck past its last request's timeout is abandoned (reported).
        hard_stop = deadline + 2 * args.request_timeout + 10
        for t in threads:
            t.join(max(0.0, hard_stop - time.monotonic()))
        stuck = sum(1 for t in threads if t.is_alive())
        soak_seconds = time.monotonic() - soak_start
        monitor.stop.set()
        monitor.join()
        peak_rss, _ = rss_mb(server.pid)
        alive = server.poll() is None
        code = PROCS.stop(server, grace=15.0)
    finally:
        if server.poll() is None:
            PROCS.stop(server)
    return report(args, ctx, soak_seconds, stuck, alive, code, peak_rss, monitor, log, time.monotonic() - started)


def report(args, ctx, soak_seconds, stuck, alive, exit_code, peak_rss, monitor, log, duration):
    tally = ctx.tally
    failures = []
    rows = []
    total = 0
    for kind in KINDS:
        values = sorted(tally.latencies.get(kind, []))
        total += len(values)
        statuses = dict(sorted(tally.statuses.get(kind, {}).items()))
        errors = sum(tally.socket_errors.get(kind, {}).values())
        rows.append((kind, len(values), percentile(values, 0.5), percentile(values, 0.99),
                     values[-1] if values else 0.0, statuses, errors))
    socket_errors = sum(sum(c.values()) for c in tally.socket_errors.values())
    server_errors = sum(n for c in tally.statuses.values() for s, n in c.items() if s >= 500)
    unexpected = sum(sum(c.values()) for c in tally.unexpected.values())
    with open(log, "rb") as f:
        error_lines = sum(1 for line in f if b"] [error] " in line or b"] [critical] " in line)

    print()
    print(f"{'kind':<20} {'requests':>9} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9}  statuses (socket errors)")
    for kind, n, p50, p99, top, statuses, errors in rows:
        status_text = ", ".join(f"{s}: {c}" for s, c in statuses.items()) or "-"
        print(f"{kind:<20} {n:>9} {p50:>9.1f} {p99:>9.1f} {top:>9.1f}  {status_text}"
              + (f" ({errors})" if errors else ""))
    print()
    print(f"requests served    {total} in {soak_seconds:.1f} s ({total / max(soak_seconds, 1e-9):.0f}/s), "
          f"{args.connections} connections")
    print(f"socket errors      {socket_errors}"
          + (f" {dict((k, dict(v)) for k, v in tally.socket_errors.items())}" if socket_errors else ""))
    print(f"5xx                {server_errors}")
    print(f"unexpected status  {unexpected}"
          + (f" {dict((k, dict(v)) for k, v in tally.unexpected.items())}" if unexpected else ""))
    connection_rows = {}
    for which in ("new", "reused"):
        values = sorted(tally.by_connection[which])
        connection_rows[which] = {"requests": len(values), "p50_ms": percentile(values, 0.5),
                                  "p99_ms": percentile(values, 0.99),
                                  "socket_errors": tally.errors_by_connection[which]}
    for which, text in (("new", "first request on a new connection"), ("reused", "later requests on one")):
        row = connection_rows[which]
        print(f"{text:<34} {row['requests']:>6} answered, p50 {row['p50_ms']:.1f} ms, p99 {row['p99_ms']:.1f} ms, "
              f"{row['socket_errors']} socket errors")
    print(f"parents answered   {tally.parents_answered} of {args.connections} got at least one answer")
    print(f"server             peak RSS {peak_rss:.0f} MiB, up to {monitor.peak_threads} threads and "
          f"{monitor.peak_sockets} sockets open, {error_lines} error lines in its console, "
          f"SIGTERM exit {exit_code}")
    print(f"duration           {duration:.1f} s in all")
    for example in tally.examples[:6]:
        print(f"  e.g. {example}")

    if socket_errors > args.max_socket_errors:
        failures.append(f"{socket_errors} socket errors (at most {args.max_socket_errors})")
    if server_errors:
        failures.append(f"{server_errors} answers 5xx")
    if unexpected:
        failures.append(f"{unexpected} unexpected statuses")
    if stuck:
        failures.append(f"{stuck} parents still waiting {2 * args.request_timeout + 10:.0f} s after the end")
    if not alive:
        failures.append("the server died during the soak")
    if exit_code != 0:
        failures.append(f"the server did not stop cleanly on SIGTERM (exit {exit_code})")
    if ctx.used_up:
        failures.append("the académie ran out of guardians: activation journeys were replaced by reads")
    if total == 0:
        failures.append("no request served")

    results = {
        "seconds": soak_seconds, "connections": args.connections, "seed": args.seed, "requests": total,
        "per_s": total / max(soak_seconds, 1e-9), "socket_errors": {k: dict(v) for k, v in tally.socket_errors.items()},
        "kinds": {kind: {"requests": n, "p50_ms": p50, "p99_ms": p99, "max_ms": top,
                         "statuses": {str(s): c for s, c in statuses.items()}, "socket_errors": errors}
                  for kind, n, p50, p99, top, statuses, errors in rows},
        "unexpected": {k: {str(s): c for s, c in v.items()} for k, v in tally.unexpected.items()},
        "by_connection": connection_rows, "parents_answered": tally.parents_answered,
        "server": {"peak_rss_mb": peak_rss, "peak_threads": monitor.peak_threads,
                   "peak_sockets": monitor.peak_sockets, "error_lines": error_lines, "sigterm_exit": exit_code},
        "allowed": {k: sorted(v) for k, v in ctx.allowed.items()}, "failures": failures,
    }
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    print()
    if failures:
        print("SOAK FAILED: " + "; ".join(failures))
        print(f"details: {os.path.join(args.out, 'results.json')}, server console {log}")
        return 1
    print("soak: OK — no socket error, no 5xx, every status expected")
    return 0


if __name__ == "__main__":
    sys.exit(run_main("soak", parse_args, run))
