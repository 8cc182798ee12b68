"""What make crashtest and make soak share: the processes they start, the
generated académie, sesame-server on a fixed loopback port, and a small
keep-alive JSON client. make bench (bench/run.py) starts and stops its
processes with the same Processes and removes its databases the same way.

Every process is started in its own session and stopped by its id (never by
name), also on failure or Ctrl-C: see Processes.stop_all().
"""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LISTENING = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")


class HarnessError(Exception):
    """The harness itself could not do its work (a tool failed, the server did not start)."""


# ---- Processes -----------------------------------------------------------------

class Processes:
    """Every process started here, so that all are stopped at the end."""

    def __init__(self):
        self.running = []

    def start(self, args, **kwargs):
        # Its own session: a terminal's Ctrl-C reaches the driver only, which stops them in order.
        proc = subprocess.Popen(args, start_new_session=True, **kwargs)
        self.running.append(proc)
        return proc

    def forget(self, proc):
        if proc in self.running:
            self.running.remove(proc)

    def stop(self, proc, grace=5.0):
        """SIGTERM, then SIGKILL after `grace` seconds; answers the exit code."""
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(grace)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.forget(proc)
        return proc.returncode

    def kill(self, proc):
        """SIGKILL: the crash under test. Answers the exit code (-9 when the signal did it)."""
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        self.forget(proc)
        return proc.returncode

    def stop_all(self):
        for proc in list(reversed(self.running)):
            self.stop(proc, grace=3.0)


PROCS = Processes()


def interrupted(*_):
    raise KeyboardInterrupt()


def run_checked(args, timeout, what):
    """Runs a command to its end (stopped past `timeout`); answers its stdout."""
    proc = PROCS.start(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        PROCS.stop(proc)
        raise HarnessError(f"{what}: no end within {timeout} s")
    PROCS.forget(proc)
    if proc.returncode != 0:
        raise HarnessError(f"{what}: exit {proc.returncode}: {(err or out).strip()[-400:]}")
    return out


def binary(bin_dir, name):
    path = os.path.join(bin_dir, name)
    if not os.access(path, os.X_OK):
        raise HarnessError(f"{path} is missing: build it first (the make target does)")
    return path


def snapshot_binaries(bin_dir, out, names):
    """Copies the programs into out/bin and answers that folder: every start of the run then
    executes the same build, even if build/bin is rebuilt meanwhile."""
    folder = os.path.join(out, "bin")
    os.makedirs(folder, exist_ok=True)
    for name in names:
        source = binary(bin_dir, name)
        target = os.path.join(folder, name)
        shutil.copy2(source, target + ".tmp")
        os.replace(target + ".tmp", target)
    return folder


# ---- Data ----------------------------------------------------------------------

def prepare_academie(folder, pupils, schools):
    """bench/academie.py's deterministic files, generated again only when the parameters change."""
    generator = os.path.join(ROOT, "bench", "academie.py")
    stamp_text = json.dumps([pupils, schools, os.path.getmtime(generator)])
    stamp = os.path.join(folder, "stamp")
    if not (os.path.exists(stamp) and open(stamp).read() == stamp_text):
        run_checked([sys.executable, generator, "--pupils", str(pupils), "--schools", str(schools), "--out", folder],
                    300, "bench/academie.py")
        with open(stamp, "w") as f:
            f.write(stamp_text)
    return folder


def remove_database(db):
    for suffix in ("", "-wal", "-shm", ".key"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


def import_academie(bin_dir, folder, db):
    """A fresh database holding the académie, through sesame-admin's own import."""
    remove_database(db)
    run_checked([binary(bin_dir, "sesame-admin"), "import", "--db", db,
                 "--schools", os.path.join(folder, "schools.csv"), "--pupils", os.path.join(folder, "pupils.csv"),
                 "--guardians", os.path.join(folder, "guardians.csv"), "--links", os.path.join(folder, "links.csv")],
                300, "sesame-admin import")


def read_guardians(folder):
    with open(os.path.join(folder, "guardians.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def free_port():
    """A port free now on 127.0.0.1: the server is restarted on it again and again."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- Server --------------------------------------------------------------------

def start_server(args, log_path, timeout=30.0):
    """Starts sesame-server with its console appended to `log_path`; answers (proc, port)
    once it listens. Raises HarnessError (the process stopped) when it does not."""
    offset = os.path.getsize(log_path) if os.path.exists(log_path) else 0
    log = open(log_path, "ab")
    try:
        proc = PROCS.start(args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    finally:
        log.close()  # the child holds its own descriptor
    deadline = time.monotonic() + timeout
    while True:
        with open(log_path, "rb") as f:
            f.seek(offset)
            text = f.read().decode("utf-8", "replace")
        match = LISTENING.search(text)
        if match:
            return proc, int(match.group(1))
        if proc.poll() is not None or time.monotonic() > deadline:
            code = PROCS.stop(proc)
            raise HarnessError(f"sesame-server did not start (exit {code}): {text.strip()[-500:]}")
        time.sleep(0.01)


def empty_web_folder(out):
    """--web is required; the API needs no client files."""
    folder = os.path.join(out, "empty-web")
    os.makedirs(folder, exist_ok=True)
    return folder


# ---- HTTP ----------------------------------------------------------------------

SOCKET_ERRORS = (OSError, http.client.HTTPException)  # refused, reset, closed, timed out, garbled


class Answer:
    def __init__(self, status, body, headers, ms):
        self.status = status
        self.body = body
        self.headers = headers
        self.ms = ms
        try:
            self.data = json.loads(body) if body else None
        except ValueError:
            self.data = None

    def code(self):
        """The API error's machine code, or ''."""
        if isinstance(self.data, dict) and isinstance(self.data.get("error"), dict):
            return self.data["error"].get("code", "")
        return ""

    def cookie(self, name="sesame_session"):
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                match = re.match(rf"({name}=[^;]+)", value)
                if match:
                    return match.group(1)
        return None


class Client:
    """One keep-alive connection to 127.0.0.1:port, JSON in and out. A socket
    error closes the connection (the next request opens another) and is raised."""

    def __init__(self, port, timeout=10.0, forwarded_for=None):
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        self.timeout = timeout
        self.forwarded_for = forwarded_for
        self.connection = None
        self.connects = 0
        self.last_fresh = False

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method, path, body=None, cookie=None, forwarded_for=None):
        headers = {"Connection": "keep-alive"}
        data = None
        if method != "GET":
            headers["Origin"] = self.origin  # the CSRF rule of every state-changing request
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if cookie:
            headers["Cookie"] = cookie
        address = forwarded_for or self.forwarded_for
        if address:
            headers["X-Forwarded-For"] = address
        # A new connection's first request waits for the server to take the connection on: with
        # cpp-httplib, for a free worker thread. last_fresh tells the caller which it was.
        self.last_fresh = self.connection is None
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.connects += 1
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            payload = response.read()
        except SOCKET_ERRORS:
            self.close()
            raise
        ms = (time.perf_counter() - start) * 1000.0
        if response.will_close:
            self.close()
        return Answer(response.status, payload.decode("utf-8", "replace"), response.getheaders(), ms)


def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, int(p * (len(sorted_values) - 1) + 0.5))
    return sorted_values[index]


def run_main(name, parse_args, run):
    """A driver's entry point: SIGTERM ends it like Ctrl-C, and every process it
    started is stopped whatever happens. 2 when the harness itself cannot run."""
    args = parse_args()
    signal.signal(signal.SIGTERM, interrupted)
    try:
        return run(args)
    except HarnessError as error:
        print(f"{name}: cannot run: {error}", flush=True)
        return 2
    except KeyboardInterrupt:
        print(f"\ninterrupted: stopping every process the {name} started", flush=True)
        return 130
    finally:
        PROCS.stop_all()
