#!/usr/bin/env python3
"""make crashtest: whole activation journeys while sesame-server is killed.

A fresh database holds a generated académie (bench/academie.py). sesame-server
runs on it with --dev (GET /api/v1/dev/outbox shows the codes) and
--dev-sms-inbox: the dev SMS gateway appends every SMS it delivers to one file
that outlives the server, and recognises a message it already delivered
and --behind-proxy (each journey comes from its own X-Forwarded-For address).
Worker threads run "Je n'ai pas de compte" journeys, one guardian each:
identity -> code read from the dev outbox -> SMS code -> children's birth dates
-> password, sometimes with a wrong code or a wrong birth date first, sometimes
declining a second child. Meanwhile a supervisor kills the server with SIGKILL
after a random delay (seeded, printed), restarts it on the same database and
port, and again, until the journeys are done.

A request whose answer was lost to a kill is sent again (its outcome is
unknown): a step that had committed then answers that the flow moved on (409
flow_step_out_of_order, 410 flow_completed for the password), which the driver
takes as done. A lost answer to the identity step leaves the flow unknown: the
journey starts again (at most --max-starts times, within the 5 SMS per number
per hour of docs/api.md, "SMS and e-mail budget"). Any other status is a
violation.

Afterwards the server is started once more without kills, the outbox drains,
every account signs in with its password, the server stops with SIGTERM, and
the database and the consoles are checked (see check_database and
check_deliveries): integrity, no half-applied step, every SMS committed to the
outbox delivered exactly once (the Sender delivers at least once: after a kill
between the gateway and the sent mark it delivers again, and the gateway
recognises the message by its key; the summary counts those repeats).

Prints a summary; exits 1 on any violation, 2 when the harness could not run.

    python3 tests/reliability/crashtest.py [--bin build/bin] [--seed N] [--journeys 300]
"""
import argparse
import collections
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (PROCS, ROOT, SOCKET_ERRORS, Client, HarnessError, binary, empty_web_folder,  # noqa: E402
                     free_port, import_academie, prepare_academie, read_guardians,
                     run_main, snapshot_binaries, start_server)

# The dev gateway's console line for a message it had already delivered (DevGateway::deliver).
REPEAT_LINE = re.compile(rb"\] \[info\] SMS to [^:]*: already delivered \(message [0-9]+-[0-9]+\), not again")


class Violations:
    """What the run found wrong, thread-safe; the exit status is 1 when there is any."""

    def __init__(self):
        self.lock = threading.Lock()
        self.items = collections.OrderedDict()  # invariant -> [examples]

    def add(self, invariant, example):
        with self.lock:
            self.items.setdefault(invariant, []).append(example)

    def __bool__(self):
        return bool(self.items)


# ---- The server and its killer ---------------------------------------------------

class Supervisor(threading.Thread):
    """Runs sesame-server, kills it with SIGKILL after a random delay, restarts it."""

    def __init__(self, args, rng, violations):
        super().__init__(name="supervisor", daemon=True)
        self.bin = binary(args.bin, "sesame-server")
        self.db = args.db
        self.web = empty_web_folder(args.out)
        self.lives_dir = os.path.join(args.out, "lives")
        self.inbox = args.inbox
        self.kill_min, self.kill_max = args.kill_min, args.kill_max
        self.early_kill_share, self.early_kill_max = args.early_kill_share, 0.08
        self.early_kills = 0
        self.rng = rng
        self.violations = violations
        self.port = free_port()
        self.up = threading.Event()  # set while a server answers
        self.done = threading.Event()  # no more kills
        self.lives = []  # {"log", "proc", "end": "killed" | "exited" | "stopped" | None}
        self.proc = None
        self.kills = 0
        self.error = None
        os.makedirs(self.lives_dir, exist_ok=True)
        for name in os.listdir(self.lives_dir):
            os.remove(os.path.join(self.lives_dir, name))
        if os.path.exists(self.inbox):
            os.remove(self.inbox)

    def command(self):
        return [self.bin, "--listen", f"127.0.0.1:{self.port}", "--db", self.db, "--web", self.web,
                "--dev", "--behind-proxy", "--dev-sms-inbox", self.inbox]

    def next_log(self):
        return os.path.join(self.lives_dir, f"life-{len(self.lives) + 1:03d}.log")

    def early_kill(self):
        """A kill while the server starts: opening the database, recovering its WAL."""
        log = self.next_log()
        with open(log, "ab") as f:
            proc = PROCS.start(self.command(), stdin=subprocess.DEVNULL, stdout=f, stderr=subprocess.STDOUT)
        time.sleep(self.rng.uniform(0.0, self.early_kill_max))
        PROCS.kill(proc)
        self.lives.append({"log": log, "proc": proc, "end": "killed"})
        self.kills += 1
        self.early_kills += 1

    def start_life(self):
        log = self.next_log()
        command = self.command()
        for attempt in range(50):  # the port may linger for a moment after a kill
            try:
                self.proc, _ = start_server(command, log)
                break
            except HarnessError as error:
                if "ddress already in use" not in str(error) or attempt == 49:
                    raise
                time.sleep(0.1)
        self.lives.append({"log": log, "proc": self.proc, "end": None})
        self.up.set()

    def run(self):
        try:
            while not self.done.wait(self.rng.uniform(self.kill_min, self.kill_max)):
                life = self.lives[-1]
                self.up.clear()
                if self.proc.poll() is not None:
                    life["end"] = "exited"
                    self.violations.add("the server never stops by itself",
                                        f"{os.path.basename(life['log'])} exited with {self.proc.returncode}")
                else:
                    PROCS.kill(self.proc)
                    life["end"] = "killed"
                    self.kills += 1
                if self.rng.random() < self.early_kill_share:
                    self.early_kill()
                self.start_life()
        except Exception as error:  # noqa: BLE001 - reported by the main thread
            self.error = error
            self.up.set()  # the workers stop waiting and give up

    def stop_killing(self):
        self.done.set()
        self.join()


# ---- One journey ---------------------------------------------------------------

class StepFailed(Exception):
    """The journey cannot go on (a violation was recorded, or retries ran out)."""


class Restart(Exception):
    """The identity step's answer was lost: the flow is unknown, the journey starts again."""


class JourneyDriver:
    def __init__(self, supervisor, violations, stats, args):
        self.supervisor = supervisor
        self.violations = violations
        self.stats = stats
        self.args = args

    def count(self, key, n=1):
        with self.stats["lock"]:
            self.stats[key] += n

    def send(self, client, method, path, body, step):
        """One request, sent again while its answer is lost; answers (answer, retried)."""
        deadline = time.monotonic() + self.args.step_seconds
        retried = False
        while True:
            if self.supervisor.error:
                raise StepFailed()
            try:
                answer = client.request(method, path, body)
                if answer.status >= 500:
                    self.violations.add("no 5xx", f"{step}: {answer.status} {answer.body[:200]}")
                    raise StepFailed()
                return answer, retried
            except SOCKET_ERRORS as error:
                self.count("lost_answers")
                if time.monotonic() > deadline:
                    self.violations.add("every request is answered once the server is back",
                                        f"{step}: no answer within {self.args.step_seconds} s ({error!r})")
                    raise StepFailed()
                self.supervisor.up.wait(self.args.step_seconds)
                time.sleep(0.02)
                retried = True
                self.count("resent_requests")

    def unexpected(self, step, answer, expected):
        self.violations.add("every answer is one the API documents for that step",
                            f"{step}: {answer.status} {answer.code() or answer.body[:120]} (expected {expected})")
        raise StepFailed()

    def run(self, index, guardian, children, rng):
        """Answers 'completed' (with the identifier, None when the commit's answer was lost) or raises."""
        client = Client(self.supervisor.port, timeout=self.args.request_timeout,
                        forwarded_for=f"crash-{index}")
        try:
            for start in range(self.args.max_starts):
                try:
                    if start:
                        self.count("journey_restarts")
                    return self.attempt(client, index, guardian, children, rng)
                except Restart:
                    continue
            self.violations.add("a journey ends within its starts",
                                f"guardian {index}: {self.args.max_starts} identity steps lost to kills")
            raise StepFailed()
        finally:
            client.close()

    def attempt(self, client, index, guardian, children, rng):
        tag = f"guardian {index}"
        self.count("starts")
        identity = {"last_name": guardian["last_name"], "first_name": guardian["first_name"],
                    "phone": guardian["phone"]}
        answer, retried = self.send_once(client, "POST", "/api/v1/activation", identity, f"{tag} identity")
        if answer is None:
            raise Restart()
        if answer.status != 201 or not isinstance(answer.data, dict) or not answer.data.get("flow"):
            self.unexpected(f"{tag} identity", answer, "201 {flow}")
        base = "/api/v1/activation/" + answer.data["flow"]

        # The parent's phone: the newest SMS to this number is this flow's (one journey at a time per guardian).
        outbox, _ = self.send(client, "GET", "/api/v1/dev/outbox?to=%2B" + guardian["phone_e164"][1:], None,
                              f"{tag} outbox")
        if outbox.status != 200 or not isinstance(outbox.data, list) or not outbox.data:
            self.unexpected(f"{tag} outbox", outbox, "200 with the SMS")
        code = re.search(r"\b(\d{6})\b", outbox.data[0].get("body", ""))
        if not code:
            self.unexpected(f"{tag} outbox", outbox, "an SMS with a six-digit code")
        code = code.group(1)

        if rng.random() < self.args.wrong_code_share:
            wrong = f"{(int(code) + 1 + rng.randrange(999998)) % 1000000:06d}"
            answer, _ = self.send_once(client, "POST", base + "/sms", {"code": wrong}, f"{tag} wrong code")
            if answer is not None and not (answer.status == 400 and answer.code() == "invalid_code"):
                self.unexpected(f"{tag} wrong code", answer, "400 invalid_code")

        answer, retried = self.send(client, "POST", base + "/sms", {"code": code}, f"{tag} code")
        if answer.status == 200:
            offered = sorted(int(c["id"]) for c in answer.data.get("children", []))
            if offered != sorted(child["id"] for child in children):
                self.violations.add("the code step offers the guardian's children",
                                    f"{tag}: offered {offered}, expected {sorted(c['id'] for c in children)}")
        elif not (retried and answer.status == 409 and answer.code() == "flow_step_out_of_order"):
            self.unexpected(f"{tag} code", answer, "200, or 409 after a lost answer")

        confirm = [{"id": str(c["id"]), "is_guardian": True, "birth_date": c["birth_date"]} for c in children]
        if len(confirm) > 1 and rng.random() < self.args.decline_share:
            confirm[-1] = {"id": confirm[-1]["id"], "is_guardian": False}
        if rng.random() < self.args.wrong_date_share:
            wrong = [dict(c) for c in confirm]
            year = int(wrong[0]["birth_date"][:4]) if wrong[0].get("birth_date") else 2010
            wrong[0]["birth_date"] = f"{year - 1}{confirm[0]['birth_date'][4:]}"
            answer, _ = self.send_once(client, "POST", base + "/children", {"children": wrong}, f"{tag} wrong date")
            if answer is not None and not (answer.status == 400 and answer.code() == "birth_date_mismatch"):
                self.unexpected(f"{tag} wrong date", answer, "400 birth_date_mismatch")
        answer, retried = self.send(client, "POST", base + "/children", {"children": confirm}, f"{tag} children")
        if not (answer.status == 200 or (retried and answer.status == 409
                                          and answer.code() == "flow_step_out_of_order")):
            self.unexpected(f"{tag} children", answer, "200, or 409 after a lost answer")

        password = journey_password(index)
        answer, retried = self.send(client, "POST", base + "/password",
                                    {"password": password, "confirmation": password}, f"{tag} password")
        if answer.status == 201 and isinstance(answer.data, dict) and answer.data.get("identifier"):
            return answer.data["identifier"]
        if retried and answer.status == 410 and answer.code() == "flow_completed":
            self.count("completed_by_lost_answer")
            return None
        self.unexpected(f"{tag} password", answer, "201 {identifier}, or 410 flow_completed after a lost answer")

    def send_once(self, client, method, path, body, step):
        """A request not sent again when its answer is lost (answers None then): a new identity
        step would start another flow, a deliberate mistake need not be repeated."""
        if self.supervisor.error:
            raise StepFailed()
        try:
            answer = client.request(method, path, body)
        except SOCKET_ERRORS:
            self.count("lost_answers")
            self.supervisor.up.wait(self.args.step_seconds)
            time.sleep(0.02)
            return None, False
        if answer.status >= 500:
            self.violations.add("no 5xx", f"{step}: {answer.status} {answer.body[:200]}")
            raise StepFailed()
        return answer, False


def journey_password(index):
    """Each account its own password, so that signing in proves which hash was committed."""
    return f"Sesame!Crash{index:05d}"


# ---- Checks --------------------------------------------------------------------

# (invariant, SQL answering the offending rows). Each holds for any database
# these journeys leave, whatever moment the kills hit. Why each holds: one
# activation step is one BEGIN IMMEDIATE transaction (server/flows/activation/
# flow.cpp): identity writes the flow, its SMS in the outbox and both SMS
# budgets; the code step moves the flow on and writes the children it offers;
# the password step writes the account, its children (and those set aside),
# a session, the account_created audit row and the flow's 'done', all with
# the same `now`.
ACTIVATION_STATES = "('identity_given', 'code_verified', 'children_confirmed', 'done', 'locked')"
DONE_FLOW_OF = ("f.kind = 'activation' AND f.state = 'done' AND f.guardian_id = a.guardian_id"
                " AND f.phone_e164 = a.phone_e164 AND f.updated_at = a.created_at")
SQL_INVARIANTS = [
    ("PRAGMA foreign_key_check finds nothing", "PRAGMA foreign_key_check"),
    ("every account has an argon2id password hash",
     "SELECT identifier FROM accounts WHERE profile = 'parent'"
     " AND (password_hash IS NULL OR password_hash NOT LIKE '$argon2id$%')"),
    ("every account has at least one confirmed child",
     "SELECT a.identifier FROM accounts a"
     " WHERE a.profile = 'parent' AND NOT EXISTS (SELECT 1 FROM account_children c WHERE c.account_id = a.id)"),
    ("no account_children, child set aside or session without its account",
     "SELECT 'account_children', account_id FROM account_children WHERE account_id NOT IN (SELECT id FROM accounts)"
     " UNION ALL SELECT 'set_aside', account_id FROM account_children_set_aside"
     "   WHERE account_id NOT IN (SELECT id FROM accounts)"
     " UNION ALL SELECT 'sessions', account_id FROM sessions WHERE account_id NOT IN (SELECT id FROM accounts)"),
    ("one account per guardian (a password step sent again made no second account)",
     "SELECT guardian_id, count(*) FROM accounts WHERE profile = 'parent' GROUP BY guardian_id HAVING count(*) > 1"),
    ("every account has exactly one 'done' activation flow of the same transaction",
     f"SELECT a.identifier FROM accounts a WHERE a.profile = 'parent'"
     f" AND (SELECT count(*) FROM flows f WHERE {DONE_FLOW_OF}) <> 1"),
    ("every 'done' activation flow has exactly one account of the same transaction",
     f"SELECT f.id FROM flows f WHERE f.kind = 'activation' AND f.state = 'done'"
     f" AND (SELECT count(*) FROM accounts a WHERE {DONE_FLOW_OF}) <> 1"),
    ("every account has exactly one account_created audit row of the same transaction",
     "SELECT a.identifier FROM accounts a WHERE a.profile = 'parent'"
     " AND (SELECT count(*) FROM audit_log l WHERE l.kind = 'account_created'"
     " AND l.account_id = a.id AND l.at = a.created_at AND l.guardian_id IS a.guardian_id) <> 1"),
    ("no account_created audit row without its account",
     "SELECT l.id FROM audit_log l WHERE l.kind = 'account_created'"
     " AND (l.account_id IS NULL OR NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = l.account_id))"),
    ("every account has the session its creation opened",
     "SELECT a.identifier FROM accounts a WHERE NOT EXISTS"
     " (SELECT 1 FROM sessions s WHERE s.account_id = a.id AND s.created_at = a.created_at)"),
    ("an account's children are the confirmed children of its flow, confirmed in the same transaction",
     "SELECT a.identifier, c.pupil_id FROM accounts a JOIN account_children c ON c.account_id = a.id"
     " WHERE c.confirmed_at <> a.created_at OR c.guardian_id IS NOT a.guardian_id OR NOT EXISTS"
     f"  (SELECT 1 FROM flows f JOIN flow_children fc ON fc.flow_id = f.id WHERE {DONE_FLOW_OF}"
     "    AND fc.pupil_id = c.pupil_id AND fc.state = 'confirmed')"
     " UNION ALL"
     " SELECT a.identifier, fc.pupil_id FROM accounts a JOIN flows f ON " + DONE_FLOW_OF +
     " JOIN flow_children fc ON fc.flow_id = f.id WHERE fc.state = 'confirmed' AND NOT EXISTS"
     "  (SELECT 1 FROM account_children c WHERE c.account_id = a.id AND c.pupil_id = fc.pupil_id)"),
    ("an account's children set aside are the declined or refused children of its flow",
     "SELECT a.identifier, s.pupil_id FROM accounts a JOIN account_children_set_aside s ON s.account_id = a.id"
     " WHERE s.at <> a.created_at OR NOT EXISTS"
     f"  (SELECT 1 FROM flows f JOIN flow_children fc ON fc.flow_id = f.id WHERE {DONE_FLOW_OF}"
     "    AND fc.pupil_id = s.pupil_id AND fc.state = s.reason)"
     " UNION ALL"
     " SELECT a.identifier, fc.pupil_id FROM accounts a JOIN flows f ON " + DONE_FLOW_OF +
     " JOIN flow_children fc ON fc.flow_id = f.id WHERE fc.state IN ('declined', 'refused') AND NOT EXISTS"
     "  (SELECT 1 FROM account_children_set_aside s WHERE s.account_id = a.id AND s.pupil_id = fc.pupil_id)"),
    ("every activation flow is in a known state and matched a guardian (the driver names real ones)",
     f"SELECT id, state FROM flows WHERE kind = 'activation'"
     f" AND (state NOT IN {ACTIVATION_STATES} OR guardian_id IS NULL)"),
    ("a flow before the code step has its code and no child; past it, no code and every child offered",
     "SELECT f.id, f.state FROM flows f WHERE f.kind = 'activation' AND ("
     " (f.state = 'identity_given' AND (f.code_hash IS NULL"
     "   OR EXISTS (SELECT 1 FROM flow_children fc WHERE fc.flow_id = f.id)))"
     " OR (f.state IN ('code_verified', 'children_confirmed', 'done') AND (f.code_hash IS NOT NULL"
     "   OR (SELECT count(*) FROM flow_children fc WHERE fc.flow_id = f.id) <>"
     "      (SELECT count(*) FROM guardian_pupils g WHERE g.guardian_id = f.guardian_id"
     "        AND g.legal_representative = 1))))"),
    ("a flow past the children step has at least one confirmed child",
     "SELECT f.id FROM flows f WHERE f.kind = 'activation' AND f.state IN ('children_confirmed', 'done')"
     " AND NOT EXISTS (SELECT 1 FROM flow_children fc WHERE fc.flow_id = f.id AND fc.state = 'confirmed')"),
    ("per number: flows started + resends = SMS in the outbox = the number's SMS budget spent",
     "WITH phones AS (SELECT phone_e164 AS phone FROM flows WHERE kind = 'activation'"
     "  UNION SELECT recipient FROM outbox WHERE channel = 'sms'"
     "  UNION SELECT substr(key, 5) FROM rate_limits WHERE key GLOB 'sms:*'),"
     " tally AS (SELECT phone,"
     "  (SELECT count(*) + coalesce(sum(resend_count), 0) FROM flows WHERE kind = 'activation'"
     "    AND phone_e164 = phone) AS sends,"
     "  (SELECT count(*) FROM outbox WHERE channel = 'sms' AND recipient = phone) AS sms,"
     "  (SELECT coalesce(sum(count), 0) FROM rate_limits WHERE key = 'sms:' || phone) AS budget FROM phones)"
     " SELECT phone, sends, sms, budget FROM tally WHERE NOT (sends = sms AND sms = budget)"),
    ("the outbox is drained: every message sent, none failed or given up",
     "SELECT id, sent_at, attempts, given_up_at, last_error FROM outbox"
     " WHERE sent_at IS NULL OR given_up_at IS NOT NULL OR attempts <> 0"),
]


def check_database(db, violations, facts):
    connection = sqlite3.connect(db)
    try:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            violations.add("PRAGMA integrity_check is ok", "; ".join(integrity[:5]))
        for invariant, sql in SQL_INVARIANTS:
            rows = connection.execute(sql).fetchall()
            for row in rows[:5]:
                violations.add(invariant, repr(row))
            if len(rows) > 5:
                violations.add(invariant, f"… {len(rows)} rows in all")
        # Per client address (X-Forwarded-For crash-INDEX, one per guardian): its budget
        # counts the identity steps that committed, i.e. the guardian's flows.
        flows_by_phone = dict(connection.execute(
            "SELECT phone_e164, count(*) FROM flows WHERE kind = 'activation' GROUP BY phone_e164"))
        budgets = dict(connection.execute(
            "SELECT substr(key, 8), sum(count) FROM rate_limits WHERE key GLOB 'client:*' GROUP BY key"))
        for address, phone in facts["address_phone"].items():
            if flows_by_phone.get(phone, 0) != budgets.get(address, 0):
                violations.add("per client address: the SMS budget spent = the flows it started",
                               f"{address}: {budgets.get(address, 0)} counted, {flows_by_phone.get(phone, 0)} flows")
        facts["accounts"] = connection.execute(
            "SELECT a.identifier, a.phone_e164, (SELECT count(*) FROM account_children c"
            " WHERE c.account_id = a.id) FROM accounts a").fetchall()
        facts["outbox"] = connection.execute(
            "SELECT created_at || '-' || id, recipient, body FROM outbox WHERE channel = 'sms'").fetchall()
        facts["flows"] = dict(connection.execute(
            "SELECT state, count(*) FROM flows WHERE kind = 'activation' GROUP BY state"))
    finally:
        connection.close()


def check_acknowledged(facts, results, violations):
    """What the server answered as done survived every later kill."""
    by_phone = {phone: (identifier, children) for identifier, phone, children in facts["accounts"]}
    for index, (outcome, identifier) in results.items():
        phone = facts["phones"][index]
        if outcome != "completed":
            if phone in by_phone:
                violations.add("an account exists only for a journey the driver saw complete",
                               f"guardian {index}: account {by_phone[phone][0]} after a {outcome} journey")
            continue
        if phone not in by_phone:
            violations.add("every account answered 201 (or 410 flow_completed) is in the database",
                           f"guardian {index}: {identifier or 'flow_completed'} missing")
        elif identifier and by_phone[phone][0] != identifier:
            violations.add("every account answered 201 is in the database",
                           f"guardian {index}: answered {identifier}, stored {by_phone[phone][0]}")
    known = {facts["phones"][i] for i in results}
    for identifier, phone, _ in facts["accounts"]:
        if phone not in known:
            violations.add("an account exists only for a journey the driver ran", identifier)


def read_inbox(path):
    """The dev gateway's inbox: one JSON line per SMS it delivered, in order."""
    if not os.path.exists(path):
        return []
    with open(path, "rb") as f:
        return [json.loads(line) for line in f if line.strip()]


def count_repeats(lives):
    """Deliveries the gateway recognised as already done, from each life's console."""
    repeats = 0
    for life in lives:
        with open(life["log"], "rb") as f:
            repeats += sum(1 for line in f if REPEAT_LINE.search(line))
    return repeats


def check_deliveries(args, lives, facts, violations):
    """Every SMS committed to the outbox was delivered exactly once, with its text,
    and nothing else was delivered."""
    committed = {key: (recipient, body) for key, recipient, body in facts["outbox"]}
    delivered = collections.defaultdict(list)
    for line in read_inbox(args.inbox):
        if line.get("channel") != "sms":
            violations.add("the SMS inbox holds SMS only", repr(line)[:200])
            continue
        delivered[line["key"]].append((line["to"], line["text"]))
    for key, message in committed.items():
        got = delivered.get(key, [])
        if not got:
            violations.add("every SMS committed to the outbox is delivered (never lost)", f"{key} to {message[0]}")
        elif len(got) > 1:
            violations.add("every SMS is delivered exactly once", f"{key} to {message[0]}: {len(got)} times")
        elif got[0] != message:
            violations.add("the SMS delivered is the one committed", f"{key}: {got[0]!r} vs {message!r}")
    for key, got in delivered.items():
        if key not in committed:
            violations.add("the gateway delivers only SMS committed to the outbox", f"{key} to {got[0][0]}")
    facts["deliveries"] = sum(len(v) for v in delivered.values())
    facts["repeats"] = count_repeats(lives)


def wait_outbox_drained(db, seconds):
    deadline = time.monotonic() + seconds
    while True:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            pending = connection.execute(
                "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND given_up_at IS NULL").fetchone()[0]
        finally:
            connection.close()
        if pending == 0 or time.monotonic() > deadline:
            return pending
        time.sleep(0.2)


def sign_in_everyone(port, accounts, passwords, violations, workers):
    """Each account opens with its journey's password and shows its children."""
    queue = list(accounts)
    lock = threading.Lock()

    def work():
        client = Client(port, timeout=30)
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    identifier, phone, children = queue.pop()
                try:
                    answer = client.request("POST", "/api/v1/session",
                                            {"identifier": identifier, "password": passwords[phone]})
                except SOCKET_ERRORS as error:
                    violations.add("every account signs in with its password", f"{identifier}: {error!r}")
                    continue
                shown = len(answer.data.get("account", answer.data).get("children", [])) \
                    if answer.status == 200 and isinstance(answer.data, dict) else None
                if answer.status != 200:
                    violations.add("every account signs in with its password",
                                   f"{identifier}: {answer.status} {answer.code()}")
                elif shown != children:
                    violations.add("every account shows the children it was created with",
                                   f"{identifier}: {shown} shown, {children} in account_children")
        finally:
            client.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


# ---- Main ----------------------------------------------------------------------

def pupil_ids(db):
    """(LAST, FIRST) -> pupil id: the parent knows their children; the ids are the directory's."""
    connection = sqlite3.connect(db)
    try:
        return {(last.upper(), first.upper()): pid
                for pid, last, first in connection.execute("SELECT id, last_name, first_name FROM pupils")}
    finally:
        connection.close()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"), help="folder of the built programs")
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "reliability", "crashtest"),
                        help="database, académie and the server's consoles (one file per life)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the kills and of the journeys' choices")
    parser.add_argument("--journeys", type=int, default=300, help="journeys to complete")
    parser.add_argument("--concurrency", type=int, default=4, help="journeys at once")
    parser.add_argument("--pupils", type=int, default=3000, help="size of the generated académie")
    parser.add_argument("--kill-min", type=float, default=0.3, help="shortest life of the server, seconds")
    parser.add_argument("--kill-max", type=float, default=2.0, help="longest life of the server, seconds")
    parser.add_argument("--early-kill-share", type=float, default=0.2,
                        help="restarts killed again within 80 ms, while the server opens the database")
    parser.add_argument("--max-starts", type=int, default=5,
                        help="identity steps a journey may send (docs/api.md: 5 SMS per number per hour)")
    parser.add_argument("--step-seconds", type=float, default=30.0, help="how long a step is sent again")
    parser.add_argument("--request-timeout", type=float, default=10.0, help="seconds a request may take")
    parser.add_argument("--max-seconds", type=float, default=200.0, help="no journey starts after this")
    parser.add_argument("--wrong-code-share", type=float, default=0.15, help="journeys typing a wrong code first")
    parser.add_argument("--wrong-date-share", type=float, default=0.15,
                        help="journeys typing a wrong birth date first")
    parser.add_argument("--decline-share", type=float, default=0.2,
                        help="two-child journeys declining the second child")
    args = parser.parse_args()
    if args.seed is None:
        env = os.environ.get("CRASHTEST_SEED", "")
        args.seed = int(env) if env else random.SystemRandom().randrange(1 << 31)
    args.out = os.path.abspath(args.out)
    args.db = os.path.join(args.out, "crash.db")
    args.inbox = os.path.join(args.out, "sms-inbox.jsonl")
    if not 0 < args.kill_min <= args.kill_max:
        parser.error("0 < --kill-min <= --kill-max")
    return args


def run(args):
    violations = Violations()
    rng = random.Random(args.seed)
    started = time.monotonic()
    os.makedirs(args.out, exist_ok=True)
    print(f"crashtest: seed {args.seed} (CRASHTEST_SEED={args.seed} make crashtest repeats the choices; "
          f"the timing differs), {args.journeys} journeys, {args.concurrency} at once, "
          f"a kill every {args.kill_min}–{args.kill_max} s", flush=True)

    args.bin = snapshot_binaries(args.bin, args.out, ["sesame-server", "sesame-admin"])
    folder = prepare_academie(os.path.join(args.out, f"academie-{args.pupils}"), args.pupils, 100)
    import_academie(args.bin, folder, args.db)
    ids = pupil_ids(args.db)
    guardians = []
    for index, guardian in enumerate(read_guardians(folder)):
        children = [{"id": ids[(c["last_name"].upper(), c["first_name"].upper())], "birth_date": c["birth_date"]}
                    for c in guardian["children"]]
        guardians.append((index, guardian, children))
    # Each journey its own guardian, taken in a seeded order.
    rng.shuffle(guardians)
    if len(guardians) < args.journeys:
        raise HarnessError(f"only {len(guardians)} guardians for {args.journeys} journeys: raise --pupils")

    stats = collections.Counter()
    stats["lock"] = threading.Lock()
    supervisor = Supervisor(args, random.Random(rng.random()), violations)
    supervisor.start_life()
    print(f"  server on 127.0.0.1:{supervisor.port}, database {args.db}", flush=True)
    supervisor.start()
    driver = JourneyDriver(supervisor, violations, stats, args)
    results = {}  # guardian index -> (outcome, identifier)
    facts = {"phones": {}, "address_phone": {}}
    passwords = {}
    queue_lock = threading.Lock()
    next_guardian = iter(guardians)
    journey_seeds = random.Random(rng.random())
    deadline = started + args.max_seconds

    def worker():
        while True:
            with queue_lock:
                completed = sum(1 for outcome, _ in results.values() if outcome == "completed")
                in_flight = sum(1 for outcome, _ in results.values() if outcome == "running")
                if completed >= args.journeys or time.monotonic() > deadline or supervisor.error:
                    return
                item = None if completed + in_flight >= args.journeys else next(next_guardian, None)
                if item is None and in_flight == 0:
                    return  # no guardian left
                if item is not None:
                    index, guardian, children = item
                    journey_rng = random.Random(journey_seeds.random())
                    results[index] = ("running", None)
                    facts["phones"][index] = guardian["phone_e164"]
                    facts["address_phone"][f"crash-{index}"] = guardian["phone_e164"]
                    passwords[guardian["phone_e164"]] = journey_password(index)
            if item is None:
                time.sleep(0.05)  # the journeys in flight may still fail: then another guardian goes
                continue
            try:
                outcome = ("completed", driver.run(index, guardian, children, journey_rng))
            except StepFailed:
                outcome = ("failed", None)
            with queue_lock:
                results[index] = outcome
                done = sum(1 for o, _ in results.values() if o == "completed")
                if outcome[0] == "completed" and done % 50 == 0:
                    print(f"  {done} journeys completed, {supervisor.kills} kills, "
                          f"{time.monotonic() - started:.0f} s", flush=True)

    threads = [threading.Thread(target=worker, name=f"journeys-{n}", daemon=True) for n in range(args.concurrency)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        supervisor.stop_killing()  # also on Ctrl-C: no restart after the final stop
    journeys_seconds = time.monotonic() - started
    if supervisor.error:
        raise HarnessError(f"the supervisor failed: {supervisor.error}")

    # A last life without kills: the outbox drains, everyone signs in, then a clean stop.
    pending = wait_outbox_drained(args.db, 30)
    if pending:
        violations.add("the outbox drains once the server runs undisturbed", f"{pending} messages still pending")
    connection = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True, timeout=5)
    try:
        accounts = connection.execute(
            "SELECT a.identifier, a.phone_e164, (SELECT count(*) FROM account_children c WHERE c.account_id = a.id)"
            " FROM accounts a").fetchall()
    finally:
        connection.close()
    sign_in_everyone(supervisor.port, [a for a in accounts if a[1] in passwords], passwords, violations,
                     args.concurrency)
    last = supervisor.lives[-1]
    code = PROCS.stop(supervisor.proc, grace=15.0)
    last["end"] = "stopped"
    if code != 0:
        violations.add("the server stops cleanly on SIGTERM", f"exit {code}")

    check_database(args.db, violations, facts)
    check_acknowledged(facts, results, violations)
    check_deliveries(args, supervisor.lives, facts, violations)

    completed = [i for i, (o, _) in results.items() if o == "completed"]
    failed = [i for i, (o, _) in results.items() if o == "failed"]
    if len(completed) < args.journeys:
        violations.add("every journey completes", f"{len(completed)} of {args.journeys} within {args.max_seconds} s")
    error_lines = 0
    for life in supervisor.lives:
        with open(life["log"], "rb") as f:
            error_lines += sum(1 for line in f if b"] [error] " in line or b"] [critical] " in line)

    duration = time.monotonic() - started
    print()
    print(f"seed                      {args.seed}")
    print(f"journeys completed        {len(completed)} (failed {len(failed)}; "
          f"{stats['completed_by_lost_answer']} completed by a lost answer, 410 flow_completed on resend)")
    print(f"identity steps            {stats['starts']} ({stats['journey_restarts']} journeys started again)")
    print(f"answers lost to kills     {stats['lost_answers']} ({stats['resent_requests']} requests sent again)")
    print(f"kills (SIGKILL)           {supervisor.kills} ({supervisor.early_kills} while starting)")
    print(f"restarts                  {len(supervisor.lives) - 1} ({len(supervisor.lives)} lives, the last "
          f"stopped with SIGTERM)")
    print(f"accounts                  {len(facts['accounts'])}")
    print(f"activation flows          {dict(sorted(facts['flows'].items()))}")
    print(f"SMS committed (outbox)    {len(facts['outbox'])}")
    print(f"SMS delivered (inbox)     {facts['deliveries']} ({facts['repeats']} sent again by the outbox after "
          f"a kill, recognised by the gateway)")
    print(f"server error lines        {error_lines}")
    print(f"duration                  {duration:.1f} s (journeys {journeys_seconds:.1f} s)")
    print()
    if violations:
        print("VIOLATIONS")
        for invariant, examples in violations.items.items():
            print(f"- {invariant}: {len(examples)}")
            for example in examples[:5]:
                print(f"    {example}")
        print(f"\nconsoles of each life: {supervisor.lives_dir}")
        return 1
    print(f"crashtest: OK — {len(SQL_INVARIANTS) + 1} database invariants, acknowledged accounts, sign-ins and "
          f"SMS deliveries hold after {supervisor.kills} kills")
    return 0


if __name__ == "__main__":
    sys.exit(run_main("crashtest", parse_args, run))
