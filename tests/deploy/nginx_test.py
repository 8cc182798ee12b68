#!/usr/bin/env python3
"""Sésame behind the committed nginx site (deploy/nginx/sesame.conf), over real TLS.

Starts, all on 127.0.0.1 and as the current user:
  - sesame-server with the demo data, --behind-proxy and the https public origin;
  - Debian's nginx running deploy/nginx/sesame.conf, rewritten only where it is
    site-specific (see derive_site()), inside a generated top-level nginx.conf
    that keeps its pid, logs and temp files in a temporary folder;
then checks, through nginx, what a production deployment must hold: the
certificate (verified, never ignored), the security headers, the compressed
client files with their ETags, a parent's whole account creation and sign-in
(every cookie Secure, HttpOnly, SameSite), the body cap (413), the redirect from
port 80, the client address the server sees, both request budgets (429), the
answers when the server is down, and a Chromium page load under the CSP
(tests/deploy/browser_check.mjs).

    python3 tests/deploy/nginx_test.py [--root REPO] [--build BUILD] [--keep]

Exits 0 when every check passed, 1 on the first failure, 77 (skipped) when
nginx is not installed (make deps installs it). Everything it started is
stopped, whatever happens, within a global timeout.
"""

import argparse
import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse

SKIPPED = 77
TOTAL_SECONDS = 100  # the whole run; a normal one takes about 15 s
STEP_SECONDS = 15  # one wait for a process or an answer

DEMO_PHONE_TYPED = "06 12 34 56 78"
DEMO_PHONE_E164 = "+33612345678"
DEMO_BIRTH_DATES = {"Albert": "2012-03-14", "Jeanne": "2017-09-02"}
PASSWORD = "Ecole2026μ!"
SPOOFED_ADDRESS = "203.0.113.7"  # TEST-NET-3: what a client writes in X-Forwarded-For
BODY_CAP = 64 * 1024  # server/config/security_config.h max_body_bytes


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


class Timeout(Exception):  # raised by the SIGALRM handler, wherever the run is
    pass


def on_alarm(signum, frame):
    raise Timeout(f"the test took more than {TOTAL_SECONDS} s")


# ---------------------------------------------------------------------------
# Processes: every one started is stopped in cleanup().

processes = []


def start(args, log_path, **kwargs):
    log = open(log_path, "wb")
    child = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, **kwargs)
    log.close()
    processes.append(child)
    return child


def stop(child, signum=signal.SIGTERM):
    if child.poll() is not None:
        return
    child.send_signal(signum)
    try:
        child.wait(timeout=5)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait(timeout=5)


def cleanup():
    while processes:
        child = processes.pop()
        try:
            stop(child)
        except Exception as error:  # keep stopping the others
            print(f"cleanup: {error}", file=sys.stderr)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(what, predicate, seconds=STEP_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.05)
    raise Failure(f"timed out waiting for {what}")


def read_text(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


# ---------------------------------------------------------------------------
# The configuration under test.

def derive_site(text, *, http_port, https_port, upstream, cert, key, logs):
    """deploy/nginx/sesame.conf with only its site-specific values replaced.

    Each rule must match exactly as often as stated: a change of the site file
    that the rules no longer fit fails here, rather than testing something else.
    """
    rules = [
        # Loopback ports instead of 80 and 443; no IPv6 listener (127.0.0.1 only).
        (r"^(\s*listen\s+)80(?=[\s;])", rf"\g<1>127.0.0.1:{http_port}", 1),
        (r"^(\s*listen\s+)443(?=[\s;])", rf"\g<1>127.0.0.1:{https_port}", 1),
        (r"^\s*listen\s+\[::\]:\d+[^;\n]*;[^\n]*\n", "", 2),
        (r"^(\s*server_name\s+)ent\.exemple\.fr;", r"\g<1>127.0.0.1;", 2),
        (r"^(\s*ssl_certificate\s+)\S+;", rf"\g<1>{cert};", 1),
        (r"^(\s*ssl_certificate_key\s+)\S+;", rf"\g<1>{key};", 1),
        (r"^(\s*server\s+)127\.0\.0\.1:8080;", rf"\g<1>{upstream};", 1),
        (r"^(\s*(?:access|error)_log\s+)/var/log/nginx/", rf"\g<1>{logs}/", 4),
    ]
    for pattern, replacement, expected in rules:
        text, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
        if count != expected:
            raise Failure(f"deploy/nginx/sesame.conf: {pattern!r} matched {count} time(s), not {expected}: "
                          "update derive_site() in tests/deploy/nginx_test.py with the site file")
    return text


def top_level_conf(temp, site):
    """What /etc/nginx/nginx.conf is to the site file, for an unprivileged run in `temp`.

    The http-level ssl_protocols is Debian's default: the site must narrow it itself.
    """
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    return f"""# Generated by tests/deploy/nginx_test.py
{user}daemon off;
master_process on;
worker_processes 1;
pid {temp}/nginx.pid;
error_log {temp}/logs/error.log info;
events {{
    worker_connections 256;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    access_log {temp}/logs/access.log;
    client_body_temp_path {temp}/tmp/body;
    proxy_temp_path {temp}/tmp/proxy;
    fastcgi_temp_path {temp}/tmp/fastcgi;
    uwsgi_temp_path {temp}/tmp/uwsgi;
    scgi_temp_path {temp}/tmp/scgi;
    include {site};
}}
"""


# ---------------------------------------------------------------------------
# HTTP through nginx, with a cookie jar that remembers every Set-Cookie seen.

class Client:
    def __init__(self, https_port, cafile):
        self.port = https_port
        self.cafile = cafile
        self.origin = f"https://127.0.0.1:{https_port}"
        self.context = ssl.create_default_context(cafile=cafile)  # verifies chain and host (127.0.0.1 SAN)
        self.cookies = {}
        self.set_cookies = []

    def request(self, method, path, body=None, headers=None, *, origin=True, context=None):
        headers = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        if origin and method in ("POST", "PUT", "PATCH", "DELETE"):
            headers.setdefault("Origin", self.origin)
        if self.cookies:
            headers.setdefault("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=context or self.context,
                                                 timeout=STEP_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers)
            tls_version, tls_session = connection.sock.version(), connection.sock.session
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            self.set_cookies.append(cookie)
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            attributes = cookie.lower()
            if value == "" or "max-age=0" in attributes:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        response.body = data
        response.tls_version = tls_version
        response.tls_session = tls_session
        return response

    def json(self, method, path, body=None, expected=200, **kwargs):
        response = self.request(method, path, body, **kwargs)
        text = response.body.decode("utf-8", errors="replace")
        check(response.status == expected, f"{method} {path}: {response.status}, expected {expected}: {text[:300]}")
        return json.loads(text) if text else None


def plain_get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=STEP_SECONDS)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.body = response.read()
        return response
    finally:
        connection.close()


def only_header(response, name):
    values = response.headers.get_all(name) or []
    check(len(values) == 1, f"{name}: expected exactly one header, got {values}")
    return values[0]


# ---------------------------------------------------------------------------
# The checks.

passed = []


def ok(what):
    passed.append(what)
    print(f"ok   {what}", flush=True)


def check_security_headers(response, what):
    csp = only_header(response, "Content-Security-Policy")
    for directive in ("default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "frame-ancestors 'none'",
                      "base-uri 'none'", "object-src 'none'", "form-action 'self'"):
        check(directive in csp, f"{what}: the CSP lacks {directive}: {csp}")
    check("unsafe-inline" not in csp and "'unsafe-eval'" not in csp, f"{what}: the CSP allows inline code: {csp}")
    hsts = only_header(response, "Strict-Transport-Security")
    match = re.search(r"max-age=(\d+)", hsts)
    check(match and int(match.group(1)) >= 31536000, f"{what}: HSTS shorter than a year: {hsts}")
    check(only_header(response, "X-Content-Type-Options") == "nosniff", f"{what}: X-Content-Type-Options")
    check(only_header(response, "Referrer-Policy") == "no-referrer", f"{what}: Referrer-Policy")
    check(only_header(response, "X-Frame-Options") == "DENY", f"{what}: X-Frame-Options")
    check("camera=()" in only_header(response, "Permissions-Policy"), f"{what}: Permissions-Policy")
    check(response.getheader("Server", "") == "nginx", f"{what}: the Server header names a version")


def check_page_and_files(client, web):
    page = client.request("GET", "/")
    check(page.status == 200, f"GET /: {page.status}")
    check("<title>Sésame".encode() in page.body, "GET /: not the client's index.html")
    check_security_headers(page, "GET /")
    check(page.tls_version == "TLSv1.3", f"the default handshake is {page.tls_version}, expected TLSv1.3")
    ok("GET / over TLS 1.3 (certificate verified): 200 with CSP, HSTS, nosniff, no-referrer, DENY, "
       "Permissions-Policy, each once")

    tls12 = ssl.create_default_context(cafile=client.cafile)
    tls12.maximum_version = ssl.TLSVersion.TLSv1_2
    answer = client.request("GET", "/api/v1/health", context=tls12)
    check(answer.tls_version == "TLSv1.2", f"a TLS 1.2 client got {answer.tls_version}")
    check(answer.tls_session is not None and not answer.tls_session.has_ticket,
          "TLS 1.2: nginx issued a session ticket (ssl_session_tickets off)")
    ok("TLS 1.2 accepted too, without a session ticket")

    with open(os.path.join(web, "sesame.wasm"), "rb") as f:
        wasm = f.read()
    br = client.request("GET", "/sesame.wasm", headers={"Accept-Encoding": "br"})
    check(br.status == 200, f"GET /sesame.wasm (br): {br.status}")
    check(br.getheader("Content-Encoding") == "br", f"sesame.wasm: Content-Encoding {br.getheader('Content-Encoding')}")
    check(br.getheader("Content-Type") == "application/wasm", f"sesame.wasm: {br.getheader('Content-Type')}")
    etag = only_header(br, "ETag")
    check(etag.startswith('"'), f"sesame.wasm: the ETag is not strong any more: {etag}")
    check("accept-encoding" in br.getheader("Vary", "").lower(), "sesame.wasm: no Vary: Accept-Encoding")
    check(0 < len(br.body) < len(wasm), "sesame.wasm: the brotli body is not smaller than the file")
    again = client.request("GET", "/sesame.wasm", headers={"Accept-Encoding": "br", "If-None-Match": etag})
    check(again.status == 304, f"If-None-Match {etag}: {again.status}, expected 304")
    check(again.getheader("ETag") == etag and again.body == b"", "the 304 lost its ETag or carried a body")
    check_security_headers(again, "the 304")
    gz = client.request("GET", "/sesame.wasm", headers={"Accept-Encoding": "gzip"})
    check(gz.getheader("Content-Encoding") == "gzip", "sesame.wasm: no gzip form")
    check(gzip.decompress(gz.body) == wasm, "sesame.wasm: gzip once does not give the file back (double compression?)")
    check(only_header(gz, "ETag").startswith('"') and gz.getheader("ETag") != etag, "gzip form: its own strong ETag")
    ok(f"sesame.wasm through nginx: br ({len(br.body)} of {len(wasm)} bytes), application/wasm, strong ETag "
       "and Vary kept, 304 on If-None-Match, gzip decompresses once to the file")

    config = client.request("GET", "/api/v1/config", headers={"Accept-Encoding": "gzip"})
    body = gzip.decompress(config.body) if config.getheader("Content-Encoding") == "gzip" else config.body
    check(config.status == 200 and "profiles" in json.loads(body), f"GET /api/v1/config: {config.status}")
    ok("GET /api/v1/config: JSON, compressed at most once")


def latest_code(server_port, before):
    """The SMS code sent to the demo parent, read from the server's own outbox (not through nginx)."""
    def poll():
        connection = http.client.HTTPConnection("127.0.0.1", server_port, timeout=STEP_SECONDS)
        try:
            connection.request("GET", "/api/v1/dev/outbox?to=" + urllib.parse.quote(DEMO_PHONE_E164))
            messages = json.loads(connection.getresponse().read())
        finally:
            connection.close()
        if len(messages) > before:
            match = re.search(r"\b(\d{6})\b", messages[0]["body"])
            return match and match.group(1)
        return None
    return wait_for("the SMS code in the outbox", poll)


def outbox_size(server_port):
    connection = http.client.HTTPConnection("127.0.0.1", server_port, timeout=STEP_SECONDS)
    try:
        connection.request("GET", "/api/v1/dev/outbox?to=" + urllib.parse.quote(DEMO_PHONE_E164))
        return len(json.loads(connection.getresponse().read()))
    finally:
        connection.close()


def check_journey(client, server_port, db):
    dev = client.request("GET", "/api/v1/dev/outbox")
    check(dev.status == 404, f"/api/v1/dev/ through nginx: {dev.status}, expected 404")

    before = outbox_size(server_port)
    started = client.json("POST", "/api/v1/activation",
                          {"last_name": "DUPONT", "first_name": "Emilie", "phone": DEMO_PHONE_TYPED}, 201,
                          headers={"X-Forwarded-For": SPOOFED_ADDRESS})
    flow = started["flow"]
    children = client.json("POST", f"/api/v1/activation/{flow}/sms", {"code": latest_code(server_port, before)})
    children = children["children"]
    check(sorted(c["first_name"] for c in children) == ["Albert", "Jeanne"], f"children offered: {children}")
    answers = [{"id": c["id"], "is_guardian": True, "birth_date": DEMO_BIRTH_DATES[c["first_name"]]}
               for c in children]
    client.json("POST", f"/api/v1/activation/{flow}/children", {"children": answers})
    created = client.json("POST", f"/api/v1/activation/{flow}/password",
                          {"password": PASSWORD, "confirmation": PASSWORD}, 201)
    identifier = created["identifier"]
    check(client.cookies, "no session cookie after the password step")
    me = client.json("GET", "/api/v1/me")
    check(sorted(c["first_name"] for c in me["children"]) == ["Albert", "Jeanne"], f"/me children: {me}")
    ok(f"activation through nginx: identity, SMS code, birth dates, password → {identifier}, GET /me 200")

    signed_out = client.request("DELETE", "/api/v1/session")
    check(signed_out.status == 204, f"DELETE /api/v1/session: {signed_out.status}")
    client.json("GET", "/api/v1/me", expected=401)
    client.json("POST", "/api/v1/session", {"identifier": identifier, "password": PASSWORD})
    me = client.json("GET", "/api/v1/me")
    check(me["identifier"] == identifier and len(me["children"]) == 2, f"/me after sign-in: {me}")
    ok("sign out (204, then /me 401), sign in with the identifier and password, GET /me 200 with both children")

    for origin in (None, f"http://127.0.0.1:{client.port}"):
        headers = {"Origin": origin} if origin else {}
        refused = client.request("POST", "/api/v1/session", {"identifier": identifier, "password": PASSWORD},
                                 headers=headers, origin=False)
        check(refused.status == 403, f"sign-in with Origin {origin}: {refused.status}, expected 403")
    ok("behind nginx a state-changing request without the https Origin is still refused (403)")

    check(client.set_cookies, "no Set-Cookie seen")
    for cookie in client.set_cookies:
        attributes = [a.strip().lower() for a in cookie.split(";")[1:]]
        check("secure" in attributes, f"a cookie without Secure: {cookie}")
        check("httponly" in attributes, f"a cookie without HttpOnly: {cookie}")
        check(any(a.startswith("samesite=") for a in attributes), f"a cookie without SameSite: {cookie}")
    ok(f"all {len(client.set_cookies)} Set-Cookie headers have Secure, HttpOnly and SameSite")

    with sqlite3.connect(db, timeout=5) as connection:
        keys = [row[0] for row in connection.execute("SELECT key FROM rate_limits WHERE key LIKE 'client:%'")]
    check(keys == ["client:127.0.0.1"], f"the per-client SMS budget was counted for {keys}, expected 127.0.0.1 "
                                        f"(the address nginx saw), never the {SPOOFED_ADDRESS} the client wrote")
    ok("the server counted the SMS budget for the address nginx saw, not the X-Forwarded-For the client wrote")
    return identifier


def check_limits(client, http_port):
    moved = plain_get(http_port, "/activation?x=1")
    check(moved.status in (301, 308), f"http://…/activation: {moved.status}, expected a permanent redirect")
    check(moved.getheader("Location") == "https://127.0.0.1/activation?x=1",
          f"redirect to {moved.getheader('Location')}")
    ok("plain HTTP on the port-80 listener: 301 to https://, same path and query")

    too_big = client.request("POST", "/api/v1/session", b"x" * (BODY_CAP + 1),
                             headers={"Content-Type": "application/json"})
    check(too_big.status == 413, f"a body of {BODY_CAP + 1} bytes: {too_big.status}, expected 413")
    check(json.loads(too_big.body)["error"]["code"] == "body_too_large", f"413 body: {too_big.body[:200]}")
    check_security_headers(too_big, "the 413")
    at_cap = client.request("POST", "/api/v1/session", b" " * (BODY_CAP - 2) + b"{}",
                            headers={"Content-Type": "application/json"})
    check(at_cap.status == 400, f"a body of exactly {BODY_CAP} bytes: {at_cap.status}, expected the server's 400")
    ok(f"body cap: {BODY_CAP + 1} bytes → 413 from nginx (JSON body_too_large), {BODY_CAP} bytes reach the server")

    # The server's own throttle, per identifier, works as without nginx.
    statuses = []
    for _ in range(8):
        answer = client.request("POST", "/api/v1/session", {"identifier": "p.personne99", "password": "Faux2026!x"})
        statuses.append(answer.status)
        if answer.status == 429:
            error = json.loads(answer.body)["error"]
            check(error["code"] == "too_many_attempts" and error.get("retry_after_seconds", 0) > 0,
                  f"the server's 429: {error}")
            break
    check(statuses[-1] == 429 and statuses.count(401) == 5, f"sign-in failures: {statuses}")
    ok(f"the server's sign-in throttle behind nginx: {statuses}")

    # nginx's budget of POSTs per address: refused without Origin (cheap 403s) until nginx answers 429.
    statuses = []
    for _ in range(80):
        answer = client.request("POST", "/api/v1/session", {}, origin=False)
        statuses.append(answer.status)
        if answer.status == 429:
            break
    check(statuses[-1] == 429 and set(statuses[:-1]) == {403}, f"POST flood: {statuses}")
    check(json.loads(answer.body)["error"]["code"] == "too_many_requests", f"nginx's 429: {answer.body[:200]}")
    check_security_headers(answer, "nginx's 429")
    check(client.request("GET", "/api/v1/health").status == 200, "GET /api/v1/health after the POST flood")
    ok(f"nginx's POST budget: 429 (JSON too_many_requests) after {len(statuses) - 1} POSTs; GETs still served")


def check_server_down(client, server):
    stop(server)
    page = client.request("GET", "/")
    check(page.status == 503 and "indisponible" in page.body.decode(), f"GET / with the server down: {page.status}")
    check(page.getheader("Content-Type", "").startswith("text/html"), "the page's 503 is not HTML")
    check_security_headers(page, "the 503 page")
    api = client.request("GET", "/api/v1/health")
    check(api.status == 503 and json.loads(api.body)["error"]["code"] == "service_unavailable",
          f"GET /api/v1/health with the server down: {api.status} {api.body[:200]}")
    ok("server stopped: 503 in French, HTML for the page and JSON for the API")


def check_browser(root, https_port, screenshot):
    node = shutil.which("node")
    check(node, "node is missing (make deps)")
    script = os.path.join(root, "tests", "deploy", "browser_check.mjs")
    child = subprocess.Popen([node, script, f"https://127.0.0.1:{https_port}/", screenshot], cwd=root,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = child.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        stop(child)
        raise Failure("browser_check.mjs took more than 60 s")
    except BaseException:
        # SIGTERM first: playwright-core then closes Chromium (its own process group) before exiting.
        stop(child)
        raise
    if child.returncode != 0:
        raise Failure(f"browser check failed:\n{stdout}{stderr}")
    ok(f"Chromium through nginx: first frame drawn, no CSP or policy message ({stdout.strip()})")


# ---------------------------------------------------------------------------

def run(args):
    root = os.path.abspath(args.root)
    build = os.path.abspath(args.build)
    server_exe = os.path.join(build, "bin", "sesame-server")
    admin_exe = os.path.join(build, "bin", "sesame-admin")
    web = os.path.join(build, "web")
    for needed in (server_exe, admin_exe, os.path.join(web, "index.html"), os.path.join(web, "sesame.wasm")):
        check(os.path.exists(needed), f"{needed} is missing: build first (make build)")
    nginx = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    openssl = shutil.which("openssl")
    check(openssl, "openssl is missing")

    temp = tempfile.mkdtemp(prefix="sesame-deploy-")
    try:
        # nginx's workers (nobody, when run as root) reach their temp folders through it.
        os.chmod(temp, 0o711)
        for sub in ("logs", "tmp"):
            os.mkdir(os.path.join(temp, sub))
        cert, key = os.path.join(temp, "cert.pem"), os.path.join(temp, "key.pem")
        subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", cert], check=True, capture_output=True, timeout=STEP_SECONDS)

        db = os.path.join(temp, "sesame.db")
        subprocess.run([admin_exe, "demo", "--db", db], check=True, capture_output=True, timeout=30)

        http_port, https_port = free_port(), free_port()
        server = start([server_exe, "--listen", "127.0.0.1:0", "--db", db, "--web", web, "--dev", "--behind-proxy",
                        "--public-origin", f"https://127.0.0.1:{https_port}",
                        "--services", os.path.join(root, "server", "ent_services", "demo-services.json")],
                       os.path.join(temp, "logs", "server.log"))

        def listening():
            check(server.poll() is None, "sesame-server stopped:\n" + read_text(os.path.join(temp, "logs", "server.log")))
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", read_text(os.path.join(temp, "logs", "server.log")))
            return match and int(match.group(1))
        server_port = wait_for("sesame-server's listening line", listening)

        with open(os.path.join(root, "deploy", "nginx", "sesame.conf"), encoding="utf-8") as f:
            site = derive_site(f.read(), http_port=http_port, https_port=https_port,
                               upstream=f"127.0.0.1:{server_port}", cert=cert, key=key, logs=f"{temp}/logs")
        site_path = os.path.join(temp, "sesame.conf")
        with open(site_path, "w", encoding="utf-8") as f:
            f.write(site)
        conf = os.path.join(temp, "nginx.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(top_level_conf(temp, site_path))
        nginx_args = [nginx, "-p", temp, "-c", conf, "-e", os.path.join(temp, "logs", "error.log")]
        tested = subprocess.run(nginx_args + ["-t"], capture_output=True, text=True, timeout=STEP_SECONDS)
        check(tested.returncode == 0, f"nginx -t refused the derived configuration:\n{tested.stderr}")
        check("[warn]" not in tested.stderr, f"nginx -t warned:\n{tested.stderr}")
        ok("nginx -t accepts deploy/nginx/sesame.conf on loopback ports")

        proxy = start(nginx_args, os.path.join(temp, "logs", "nginx.out"))

        def nginx_ready():
            check(proxy.poll() is None, "nginx stopped:\n" + read_text(os.path.join(temp, "logs", "error.log")))
            try:
                with socket.create_connection(("127.0.0.1", https_port), timeout=1):
                    return True
            except OSError:
                return False
        wait_for("nginx to listen", nginx_ready)

        client = Client(https_port, cert)
        check_page_and_files(client, web)
        check_browser(root, https_port, args.screenshot)
        check_journey(client, server_port, db)
        check_limits(client, http_port)

        server_log = read_text(os.path.join(temp, "logs", "server.log"))
        errors = [line for line in server_log.splitlines() if re.search(r" 5\d\d$|\[error\]|\[critical\]", line)]
        check(not errors, "the server logged errors:\n" + "\n".join(errors))
        ok("the server logged no 5xx and no error")

        check_server_down(client, server)

        # What nginx may log at [error]: the bodies it refused and the upstream it could not reach.
        expected = re.compile(r"client intended to send too large body|connect\(\) failed|limiting requests")
        nginx_log = read_text(os.path.join(temp, "logs", "error.log")) + read_text(
            os.path.join(temp, "logs", "sesame.error.log"))
        unexpected = [line for line in nginx_log.splitlines()
                      if re.search(r"\[(error|crit|alert|emerg)\]", line) and not expected.search(line)]
        check(not unexpected, "nginx logged:\n" + "\n".join(unexpected))
        access = read_text(os.path.join(temp, "logs", "sesame.access.log"))
        check("GET /sesame.wasm HTTP/1.1" in access, "the site's access log is not written")
        check("GET /activation HTTP/1.1\" 301" in access, "the port-80 server does not write the site's access log")
        check("?x=" not in access, "the access log keeps query strings")
        ok("nginx logged nothing unexpected; its access log has no query strings")
    finally:
        cleanup()
        if args.keep:
            print(f"kept {temp}")
        else:
            shutil.rmtree(temp, ignore_errors=True)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=repo, help="the repository (default: this file's)")
    parser.add_argument("--build", default=os.path.join(repo, "build"), help="where bin/ and web/ are")
    parser.add_argument("--screenshot", help="where the browser check saves its picture "
                                             "(default: BUILD/deploy/nginx-page.png)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (configs, logs)")
    args = parser.parse_args()
    if not args.screenshot:
        args.screenshot = os.path.join(os.path.abspath(args.build), "deploy", "nginx-page.png")
    os.makedirs(os.path.dirname(args.screenshot), exist_ok=True)

    if not shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin"):
        print("SKIP: nginx is not installed (Debian's nginx; make deps installs it)")
        return SKIPPED

    started = time.monotonic()
    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))  # through run()'s finally
    signal.alarm(TOTAL_SECONDS)
    try:
        run(args)
    except Exception as error:  # Failure, Timeout, or what an unexpected answer raised
        detail = error.stderr.decode(errors="replace") if isinstance(error, subprocess.CalledProcessError) else ""
        print(f"FAIL {error}\n{detail}".rstrip(), flush=True)
        print(f"{len(passed)} passed, 1 failed")
        return 1
    finally:
        signal.alarm(0)
    print(f"{len(passed)} passed, 0 failed")
    print(f"nginx deployment test: {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
