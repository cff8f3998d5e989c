"""Integration tests of `metaclinic serve` and the maintenance commands:
the real binary, a real SQLite file, real sockets.

usage: server_test.py PATH/TO/metaclinic
"""

import os
import shutil
import socket
import ssl
import subprocess
import sys
import gzip
import tempfile
import time
import http.client
import warnings

warnings.simplefilter("ignore", DeprecationWarning)

from harness import (Server, add_user, check, open_db, read_websocket_frame,
                     run_cli, run_tests, websocket_handshake)

BINARY = os.path.abspath(sys.argv[1])
# The test clinicians have no appointments with the test patients: they
# reach records only by break-glass (docs/fhir.md).
BREAK_GLASS = {"X-Break-Glass": "integration test without a care relationship"}
PASSWORD = "integration pass phrase"
SECURITY_HEADERS = ("content-security-policy", "x-content-type-options",
                    "referrer-policy")


def with_server(test, args=(), env=None, users=()):
    def run():
        server = Server(BINARY, args=args, env=env)
        try:
            for login, role in users:
                add_user(server, login, role, PASSWORD)
            server.start()
            test(server)
        finally:
            server.cleanup()
    return run


def test_health_and_headers(server):
    client = server.client()
    for path in ("/healthz", "/readyz"):
        response = client.request("GET", path)
        check(response.status == 200, "%s -> %d" % (path, response.status))
        for header in SECURITY_HEADERS:
            check(header in response.headers, "missing %s on %s" % (header, path))
    csp = client.request("GET", "/healthz").headers["content-security-policy"]
    check("frame-ancestors 'none'" in csp and "unsafe-inline" not in csp, csp)
    missing = client.request("GET", "/api/nothing")
    check(missing.status == 404 and missing.error_code() == "route_not_found", missing.body)
    check("content-security-policy" in missing.headers, "no CSP on errors")
    check("strict-transport-security" not in missing.headers, "HSTS without TLS")
    wrong_method = client.request("PUT", "/api/me")
    check(wrong_method.status == 405, "PUT /api/me -> %d" % wrong_method.status)


def test_login_me_logout(server):
    client = server.client()
    check(client.request("GET", "/api/me").status == 401, "me without session")
    response = client.login("Clin1", PASSWORD)
    check(response.status == 200, "login -> %d %s" % (response.status, response.body))
    cookie = response.set_cookies[0]
    for attribute in ("HttpOnly", "SameSite=Strict", "Path=/"):
        check(attribute in cookie, "cookie lacks " + attribute)
    check("Secure" not in cookie, "Secure cookie over plain HTTP")
    me = client.request("GET", "/api/me")
    check(me.status == 200, "me -> %d" % me.status)
    body = me.json()
    check(body["login"] == "clin1" and body["role"] == "clinician" and body["name"] == "Test clin1",
          str(body))
    # Logout needs the CSRF token.
    token = client.csrf
    client.csrf = None
    refused = client.request("DELETE", "/api/session")
    check(refused.status == 403 and refused.error_code() == "csrf_failed", refused.body)
    client.csrf = token
    check(client.request("DELETE", "/api/session", headers={}).status == 204, "logout")
    client.cookie = None
    check(client.request("GET", "/api/me").status == 401, "me after logout")


def test_same_message_for_unknown_and_wrong(server):
    client = server.client()
    wrong = client.login("clin1", "not the password")
    unknown = client.login("nobody", "not the password")
    check(wrong.status == 401 and unknown.status == 401, "status %d %d" % (wrong.status, unknown.status))
    check(wrong.body == unknown.body, "%s vs %s" % (wrong.body, unknown.body))


def test_hundred_and_first_failure_is_429(server):
    client = server.client()
    for attempt in range(100):
        response = client.login("clin1", "wrong password %d" % attempt)
        check(response.status == 401, "attempt %d -> %d" % (attempt + 1, response.status))
    refused = client.login("clin1", PASSWORD)
    check(refused.status == 429, "101st -> %d" % refused.status)
    check(refused.error_code() == "too_many_attempts", refused.body)
    check("retry-after" in refused.headers, "no Retry-After")


def test_address_backoff(server):
    client = server.client()
    for attempt in range(10):
        check(client.login("clin1", "wrong %d" % attempt).status == 401, "attempt")
    client.login("clin1", "wrong again")
    refused = client.login("clin1", PASSWORD)
    check(refused.status == 429 and "retry-after" in refused.headers, "no backoff: %d" % refused.status)


def test_input_validation(server):
    client = server.client()
    response = client.request("POST", "/api/session", raw_body=b"{not json",
                              headers={"Content-Type": "application/json"})
    check(response.status == 400 and response.error_code() == "invalid_json", response.body)
    response = client.request("POST", "/api/session", {"login": 5, "password": "x"})
    check(response.status == 400 and response.error_code() == "invalid_field", response.body)
    # The server answers 413 from the Content-Length alone, before the body.
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    sock.sendall(b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 2097152\r\n\r\n" + b"x" * 1024)
    reply = sock.recv(65536)
    sock.close()
    check(reply.startswith(b"HTTP/1.1 413") and b"body_too_large" in reply, reply[:200])
    response = client.request("GET", "/healthz", headers={"X-Big": "y" * 20000})
    check(response.status == 431, "huge header -> %d" % response.status)
    response = client.request("POST", "/api/session", {"login": "x", "password": "y"},
                              headers={"Origin": "http://evil.example"})
    check(response.status == 403 and response.error_code() == "bad_origin", response.body)
    check(server.process.poll() is None, "server died on bad input")


def test_admin_user_management(server):
    admin = server.client()
    check(admin.login("boss", PASSWORD).status == 200, "admin login")
    created = admin.request("POST", "/api/users", {"login": "nurse9", "name": "Nurse Nine",
                                                   "role": "nurse", "password": PASSWORD})
    check(created.status == 201, "create -> %d %s" % (created.status, created.body))
    weak = admin.request("POST", "/api/users", {"login": "nurse8", "name": "N", "role": "nurse",
                                                "password": "password1"})
    check(weak.status == 400 and weak.error_code() == "password_too_common", weak.body)
    duplicate = admin.request("POST", "/api/users", {"login": "NURSE9", "name": "N",
                                                     "role": "nurse", "password": PASSWORD})
    check(duplicate.status == 409 and duplicate.error_code() == "login_taken", duplicate.body)
    nurse = server.client()
    check(nurse.login("nurse9", PASSWORD).status == 200, "nurse login")
    check(nurse.request("GET", "/api/users").status == 403, "nurse lists users")
    user_id = created.json()["id"]
    check(admin.request("PATCH", "/api/users/%d" % user_id, {"role": "clinician"}).status == 200,
          "role change")
    check(nurse.request("GET", "/api/me").json()["role"] == "clinician", "role not applied")
    origin = "http://127.0.0.1:%d" % server.port
    sock, status = websocket_handshake(server, nurse.cookie, origin=origin)
    check(" 101 " in status, "the nurse's ws: " + status)
    check(admin.request("PATCH", "/api/users/%d" % user_id, {"disabled": True}).status == 200,
          "disable")
    # Disabling ends the open WebSocket too: a close frame, code 1008.
    sock.settimeout(5)
    opcode, payload = read_websocket_frame(sock)
    check(opcode == 8 and int.from_bytes(payload[:2], "big") == 1008,
          "the disabled nurse's ws got opcode %d %r" % (opcode, payload[:40]))
    sock.close()
    check(nurse.request("GET", "/api/me").status == 401, "disabled user keeps session")
    check(server.client().login("nurse9", PASSWORD).status == 401, "disabled user logs in")
    listing = admin.request("GET", "/api/users").json()["users"]
    check(any(user["login"] == "nurse9" and user["disabled"] for user in listing), str(listing))


def test_cli_users(server):
    result = server.cli("user", "list")
    check(result.returncode == 0 and "clin1" in result.stdout, result.stdout + result.stderr)
    result = server.cli("user", "add", "--login", "x", "--role", "nurse", "--name", "X",
                        stdin=PASSWORD + "\n")
    check(result.returncode == 2 and "login" in result.stderr, result.stderr)
    result = server.cli("user", "add", "--login", "okay1", "--role", "king", "--name", "X",
                        stdin=PASSWORD + "\n")
    check(result.returncode == 2, result.stderr)
    result = server.cli("user", "disable", "--login", "clin1")
    check(result.returncode == 0, result.stderr)
    check(server.client().login("clin1", PASSWORD).status == 401, "disabled via CLI")
    check(server.cli("user", "enable", "--login", "clin1").returncode == 0, "enable")
    check(server.client().login("clin1", PASSWORD).status == 200, "enabled via CLI")


def test_visit_links(server):
    nurse = server.client()
    check(nurse.login("nurse1", PASSWORD).status == 200, "nurse login")
    # A guest of an appointment joins its consult room: not for any nurse.
    foreign = nurse.request("POST", "/api/visit-links", {"purpose": "appointment:7"})
    check(foreign.status == 403 and foreign.error_code() == "not_your_appointment",
          "appointment link by a stranger -> %d %s" % (foreign.status, foreign.body))
    issued = nurse.request("POST", "/api/visit-links", {"purpose": "interpreter",
                                                        "lifetime_minutes": 30})
    check(issued.status == 201, "issue -> %d %s" % (issued.status, issued.body))
    token = issued.json()["token"]
    check(len(token) == 32, "token length")
    guest = server.client()
    redeemed = guest.request("POST", "/api/visit-links/redeem", {"token": token})
    check(redeemed.status == 200, "redeem -> %d %s" % (redeemed.status, redeemed.body))
    me = guest.request("GET", "/api/me").json()
    check(me["role"] == "guest" and me["purpose"] == "interpreter", str(me))
    again = server.client().request("POST", "/api/visit-links/redeem", {"token": token})
    check(again.status == 412 and again.error_code() == "visit_link_used", again.body)
    bogus = server.client().request("POST", "/api/visit-links/redeem", {"token": "0" * 32})
    check(bogus.status == 404, "bogus -> %d" % bogus.status)
    check(guest.request("POST", "/api/visit-links", {"purpose": "x"}).status == 403, "guest issues")


def test_records_and_audit(server):
    patient = server.client()
    check(patient.login("pat1", PASSWORD).status == 200, "patient login")
    pseudonym = patient.request("GET", "/api/me").json()["patient"]
    clinician = server.client()
    check(clinician.login("clin1", PASSWORD).status == 200, "clinician login")
    before = int(server.cli("audit", "verify").stdout.split(":")[1].split()[0])
    record = {"type": "Observation", "data": {"code": "glucose", "value": 123}}
    # No care relationship (no appointment): refused, unless by break-glass.
    refused = clinician.request("POST", "/api/patients/%s/records" % pseudonym, record)
    check(refused.status == 403, "write without a care relationship -> %d" % refused.status)
    written = clinician.request("POST", "/api/patients/%s/records" % pseudonym, record,
                                headers=BREAK_GLASS)
    check(written.status == 201, "write -> %d %s" % (written.status, written.body))
    record_id = written.json()["id"]
    own = patient.request("GET", "/api/me/records")
    check(own.status == 200 and len(own.json()["records"]) == 1, own.body)
    check(patient.request("GET", "/api/records/" + record_id).json()["data"]["value"] == 123, "read")
    student = server.client()
    check(student.login("stud1", PASSWORD).status == 200, "student login")
    denied = student.request("GET", "/api/records/" + record_id)
    check(denied.status == 403 and denied.error_code() == "access_denied", denied.body)
    after = server.cli("audit", "verify")
    check(after.returncode == 0, after.stdout)
    count = int(after.stdout.split(":")[1].split()[0])
    # login x2 happened before `before`; refused write, write, list, read,
    # denied read = 5 records.
    check(count - before == 6, "audit grew by %d, expected 6 (student login + 5 PHI ops)" % (count - before))
    with open_db(server) as db:
        blob = db.execute("SELECT ciphertext FROM vault_records WHERE id=?", (record_id,)).fetchone()[0]
    check(b"glucose" not in blob, "record stored in plaintext")
    export = server.cli("audit", "export")
    check(export.returncode == 0 and '"action":"record.read"' in export.stdout, export.stderr)
    # Erasure by the patient: the record is gone, the audit chain still verifies.
    check(patient.request("DELETE", "/api/patients/" + pseudonym).status == 204, "erase")
    check(clinician.request("GET", "/api/records/" + record_id, headers=BREAK_GLASS).status == 404,
          "record survived")
    check(server.cli("audit", "verify").returncode == 0, "chain after erasure")
    # Finding 10: the request log names route patterns, not paths with ids.
    logged = server.stderr()
    check("route=/api/patients/{patient}/records" in logged, "no route pattern logged")
    check(pseudonym not in logged and record_id not in logged, "a pseudonym or record id was logged")


def test_audit_head_forgery_and_checkpoint(server):
    client = server.client()
    for _ in range(4):
        client.login("clin1", PASSWORD)
    made = server.cli("audit", "checkpoint")
    check(made.returncode == 0 and '"mac"' in made.stdout, made.stdout + made.stderr)
    checkpoint_file = os.path.join(server.data_dir, "..", os.path.basename(server.data_dir) + ".ckpt")
    with open(checkpoint_file, "w") as handle:
        handle.write(made.stdout)
    try:
        verified = server.cli("audit", "verify", "--checkpoint", checkpoint_file)
        check(verified.returncode == 0, verified.stdout + verified.stderr)
        # Finding 11: cut the two newest records and rewrite the head to match,
        # as someone who can write the database but has no chain key could.
        with open_db(server) as db:
            db.execute("DROP TRIGGER audit_log_no_delete")
            last = db.execute("SELECT MAX(seq) FROM audit_log").fetchone()[0]
            db.execute("DELETE FROM audit_log WHERE seq > ?", (last - 2,))
            kept = db.execute("SELECT seq, hash FROM audit_log WHERE seq = ?", (last - 2,)).fetchone()
            db.execute("UPDATE audit_head SET seq = ?, hash = ?", kept)
        result = server.cli("audit", "verify")
        check(result.returncode == 1 and "MAC" in result.stdout, result.stdout + result.stderr)
        against = server.cli("audit", "verify", "--checkpoint", checkpoint_file)
        check(against.returncode == 1, against.stdout)
        with open(checkpoint_file, "w") as handle:
            handle.write("not a checkpoint\n")
        bad = server.cli("audit", "verify", "--checkpoint", checkpoint_file)
        check(bad.returncode != 0 and "not an audit checkpoint" in bad.stderr + bad.stdout,
              bad.stderr)
    finally:
        os.remove(checkpoint_file)


def test_full_disk_is_reported(server):
    clinician = server.client()
    check(clinician.login("clin1", PASSWORD).status == 200, "clinician login")
    patient = server.client()
    check(patient.login("pat1", PASSWORD).status == 200, "patient login")
    pseudonym = patient.request("GET", "/api/me").json()["patient"]
    check(server_ready(server), "not ready before")
    big = {"type": "Observation", "data": {"note": "synthetic " * 30000}}
    failed = None
    for _ in range(12):
        response = clinician.request("POST", "/api/patients/%s/records" % pseudonym, big,
                                     headers=BREAK_GLASS)
        if response.status != 201:
            failed = response
            break
    check(failed is not None, "the 1 MiB store never filled")
    check(failed.status == 503 and failed.error_code() == "storage_write_failed",
          "full store -> %d %s" % (failed.status, failed.body))
    check(not server_ready(server), "/readyz still ready with a full store")
    clinician.request("POST", "/api/patients/%s/records" % pseudonym, big, headers=BREAK_GLASS)
    logged = server.stderr().count("store: a write failed")
    check(logged == 1, "logged %d times, not once" % logged)
    check("synthetic" not in server.stderr(), "record content logged")
    # Space comes back (the patient erases their record): ready again.
    erased = patient.request("DELETE", "/api/patients/" + pseudonym)
    check(erased.status == 204, "erase on a full store -> %d %s" % (erased.status, erased.body))
    # Ready again once writes have worked for 5 s after the last failure.
    deadline = time.time() + 15
    while time.time() < deadline and not server_ready(server):
        clinician.request("POST", "/api/visit-links", {"purpose": "check"})  # a small write
        time.sleep(0.5)
    check(server_ready(server), "/readyz not ready after writes work again")


def server_ready(server):
    return server.client().request("GET", "/readyz").status == 200


def test_audit_tamper_detected(server):
    client = server.client()
    for _ in range(3):
        client.login("clin1", PASSWORD)
    check(server.cli("audit", "verify").returncode == 0, "untouched chain fails")
    with open_db(server) as db:
        db.execute("DROP TRIGGER audit_log_no_update")
        db.execute("UPDATE audit_log SET outcome='denied' WHERE seq=2")
    result = server.cli("audit", "verify")
    check(result.returncode == 1 and "record 2" in result.stdout, result.stdout)


def test_static_files(server_root):
    def run(server):
        client = server.client()
        index = client.request("GET", "/")
        check(index.status == 200 and b"<title>t</title>" in index.body, index.body[:100])
        check(index.headers["content-type"].startswith("text/html"), index.headers["content-type"])
        script = client.request("GET", "/assets/app.js")
        check(script.headers["content-type"].startswith("text/javascript"), "js mime")
        for path in ("/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt"):
            response = client.request("GET", path)
            check(response.status == 404 and b"secret" not in response.body, path)
        check(client.request("GET", "/visit/abc").status == 200, "client route fallback")
        check(index.headers.get("cache-control") == "no-cache", "index.html is revalidated")
        check_precompressed(client)
    return run


def check_precompressed(client):
    # Precompressed copies (issue 14): the best one the client takes, with
    # the original's type, Vary, and the length of the bytes sent.
    plain = b"console.log('app')"
    br = client.request("GET", "/assets/app.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    check(br.body == b"BR-COPY" and br.headers.get("content-encoding") == "br", br.headers)
    check(br.headers.get("content-length") == str(len(b"BR-COPY")), br.headers)
    check(br.headers["content-type"].startswith("text/javascript"), br.headers)
    check(br.headers.get("vary") == "Accept-Encoding", br.headers)
    check("immutable" in br.headers.get("cache-control", ""), br.headers)
    gz = client.request("GET", "/assets/app.js", headers={"Accept-Encoding": "br;q=0, gzip"})
    check(gz.headers.get("content-encoding") == "gzip" and gzip.decompress(gz.body) == plain, gz.headers)
    identity = client.request("GET", "/assets/app.js", headers={"Accept-Encoding": "identity"})
    check(identity.body == plain and "content-encoding" not in identity.headers, identity.headers)
    head = client.request("HEAD", "/assets/app.js", headers={"Accept-Encoding": "br"})
    check(head.status == 200 and head.body == b"", head.status)
    check(head.headers.get("content-length") == str(len(b"BR-COPY")), head.headers)
    check(head.headers.get("content-encoding") == "br", head.headers)
    for path in ("/assets/app.js.br", "/assets/app.js.gz"):
        check(client.request("GET", path, headers={"Accept-Encoding": "br, gzip"}).status == 404, path)


def test_websocket(server):
    client = server.client()
    client.login("clin1", PASSWORD)
    sock, status = websocket_handshake(server)
    check(" 401 " in status, "ws without session: " + status)
    sock.close()
    sock, status = websocket_handshake(server, client.cookie, origin="http://evil.example")
    check(" 403 " in status, "ws cross-origin: " + status)
    sock.close()
    sock, status = websocket_handshake(server, client.cookie,
                                       origin="http://127.0.0.1:%d" % server.port)
    check(" 101 " in status, "ws upgrade: " + status)
    # One session holds at most 4 live sockets (limits.sockets_per_session);
    # a closed one gives its place back.
    origin = "http://127.0.0.1:%d" % server.port
    more = [websocket_handshake(server, client.cookie, origin=origin) for _ in range(3)]
    check(all(" 101 " in line for _, line in more), "ws 2-4: %s" % [line for _, line in more])
    extra, status = websocket_handshake(server, client.cookie, origin=origin)
    check(" 429 " in status, "fifth ws of one session: " + status)
    extra.close()
    more[0][0].close()
    deadline = time.time() + 5
    while True:
        again, status = websocket_handshake(server, client.cookie, origin=origin)
        if " 101 " in status or time.time() > deadline:
            break
        again.close()
        time.sleep(0.1)
    check(" 101 " in status, "a place freed by a closed ws: " + status)
    # Graceful shutdown closes the socket with 1001 (going away).
    code = server.stop()
    opcode, payload = read_websocket_frame(sock)
    check(opcode == 8 and int.from_bytes(payload[:2], "big") == 1001,
          "close frame %d %r" % (opcode, payload))
    check(code == 0, "exit code %s" % code)


def raw_request(server, head, body=b""):
    """Sends bytes as they are (http.client refuses non-ASCII); returns (status, body)."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    sock.sendall(head + b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                 b"Content-Length: %d\r\n\r\n" % len(body) + body)
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    sock.close()
    status = int(data.split(b" ", 2)[1])
    return status, data.split(b"\r\n\r\n", 1)[1]


def test_invalid_utf8_refused_at_the_edge(server):
    """Finding 2 and 10: bytes that are not UTF-8 get 400 invalid_utf8 before any handler."""
    admin = server.client()
    check(admin.login("boss", PASSWORD).status == 200, "admin login")
    cookie = b"mc_session=" + admin.cookie.encode()
    for head, body in [
            (b"GET /api/patients/%E4%F6/records HTTP/1.1", b""),
            (b"GET /fhir/Observation?patient=%E4%F6 HTTP/1.1", b""),
            (b"GET /fhir/Patient HTTP/1.1\r\nX-Break-Glass: Notfall \xe4\xf6 im Dienst", b""),
            (b"POST /api/session HTTP/1.1\r\nContent-Type: application/json",
             b'{"login":"admin1\xe4","password":"x"}')]:
        status, answer = raw_request(server, head + b"\r\nCookie: " + cookie, body)
        check(status == 400 and b"invalid_utf8" in answer, "%r -> %d %r" % (head, status, answer))
    alerts = admin.request("GET", "/api/admin/alerts")
    check(alerts.status == 200, "alerts after bad bytes -> %d" % alerts.status)
    export = server.cli("audit", "export")
    check(export.returncode == 0, "audit export: %r" % export.stderr[-300:])


def test_glucose_scenario(server):
    client = server.client()
    body = {"patient": "adult#001", "hours": 24, "controller": "none",
            "meals": [{"time": "07:00", "grams": 50}, {"time": "12:00", "grams": 70},
                      {"time": "18:00", "grams": 80}]}
    check(client.request("POST", "/api/sim/glucose", body).status == 401, "anonymous simulation")
    client.login("pat1", PASSWORD)
    response = client.request("POST", "/api/sim/glucose", body)
    check(response.status == 200, "simulate -> %d %s" % (response.status, response.body[:300]))
    bg = response.json()["samples"]["bg_mg_dl"]
    check(abs(max(bg) - 285.5) < 1.5 and abs(min(bg) - 138.6) < 1.5, "bg range %s..%s" % (min(bg), max(bg)))
    bad = client.request("POST", "/api/sim/glucose", dict(body, hours=10000))
    check(bad.status == 400 and bad.error_code(), bad.body)
    unknown = client.request("POST", "/api/sim/glucose", dict(body, patient="adult#999"))
    check(unknown.status in (400, 404) and unknown.error_code(), unknown.body)


def test_bot_sessions_only_in_bench_mode():
    normal = Server(BINARY)
    bench = Server(BINARY, args=["--bench"])
    try:
        normal.start()
        response = normal.client().request("POST", "/api/bench/bot-session")
        check(response.status == 404, "bot session in normal mode -> %d" % response.status)
        check(normal.client().request("GET", "/api/bench/stats").status == 404, "stats in normal mode")
        bench.start()
        bot = bench.client()
        response = bot.request("POST", "/api/bench/bot-session")
        check(response.status == 200 and len(response.json()["token"]) == 64, response.body)
        sock, status = websocket_handshake(bench, bot.cookie)
        check(" 101 " in status, "bot websocket: " + status)
        sock.close()
        # A bot session cannot use the REST API as anyone.
        check(bot.request("GET", "/api/users").status == 403, "bot lists users")
        check("BENCH MODE" in bench.stderr(), "no bench warning in log")
    finally:
        normal.cleanup()
        bench.cleanup()


def client_frame(payload, opcode=2, fin=True, length=None):
    """One masked client frame; `length` overrides the header's length."""
    mask = b"\x11\x22\x33\x44"
    size = len(payload) if length is None else length
    head = bytes([(0x80 if fin else 0) | opcode])
    if size < 126:
        head += bytes([0x80 | size])
    elif size < 65536:
        head += bytes([0x80 | 126]) + size.to_bytes(2, "big")
    else:
        head += bytes([0x80 | 127]) + size.to_bytes(8, "big")
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def close_code_of(sock):
    """Reads server frames until a close; returns its code (None: no close)."""
    while True:
        try:
            opcode, payload = read_websocket_frame(sock)
        except Exception:
            return None
        if opcode == 8:
            return int.from_bytes(payload[:2], "big")


def test_websocket_framing():
    """The realtime path's own framing: pings, fragments, limits, bad frames."""
    bench = Server(BINARY, args=["--bench"])
    try:
        bench.start()

        def bot_socket():
            bot = bench.client()
            check(bot.request("POST", "/api/bench/bot-session").status == 200, "bot session")
            sock, status = websocket_handshake(bench, bot.cookie)
            check(" 101 " in status, "bot websocket: " + status)
            return sock

        sock = bot_socket()
        sock.sendall(client_frame(b"hi", opcode=9))
        opcode, payload = read_websocket_frame(sock)
        check(opcode == 10 and payload == b"hi", "pong %d %r" % (opcode, payload))
        # hello (version 1..4) in two fragments, then a ping between them
        hello = bytes([1, 1, 0, 4, 0, 0])
        sock.sendall(client_frame(hello[:3], fin=False) + client_frame(b"", opcode=9) +
                     client_frame(hello[3:], opcode=0))
        frames = [read_websocket_frame(sock) for _ in range(2)]
        check(frames[0][0] == 10 and frames[1][0] == 2 and frames[1][1][0] == 0x81,
              "pong then welcome: %r" % frames)
        sock.sendall(client_frame(b"", opcode=8))  # our close: echoed
        check(close_code_of(sock) == 1000, "close echo")
        sock.close()

        for name, data, code in [
                ("over 64 KiB", client_frame(b"", length=70000), 1009),
                ("unmasked", b"\x82\x01x", 1002),
                ("reserved bit", b"\xc2\x80\x00\x00\x00\x00", 1002),
                ("text frame", client_frame(b"hello", opcode=1), 1003)]:
            sock = bot_socket()
            sock.sendall(data)
            got = close_code_of(sock)
            check(got == code, "%s: close %s, wanted %d" % (name, got, code))
            sock.close()
        # The server still serves after all that.
        check(bench.client().request("GET", "/healthz").status == 200, "healthz")
    finally:
        bench.cleanup()


def test_refuses_public_address_without_tls():
    data = tempfile.mkdtemp()
    try:
        result = subprocess.run([BINARY, "serve", "--host", "0.0.0.0", "--port", "0",
                                 "--data", data], capture_output=True, text=True, timeout=30)
        check(result.returncode == 2 and "TLS" in result.stderr, result.stderr)
        result = subprocess.run([BINARY, "serve", "--port", "99999", "--data", data],
                                capture_output=True, text=True, timeout=30)
        check(result.returncode == 2 and "server.port" in result.stderr, result.stderr)
    finally:
        shutil.rmtree(data)


def test_tls():
    directory = tempfile.mkdtemp()
    try:
        cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert],
                       check=True, capture_output=True)
        server = Server(BINARY, args=["--tls-cert", cert, "--tls-key", key])
        try:
            server.start()
            check(server.scheme == "https", "not https")
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection = http.client.HTTPSConnection("127.0.0.1", server.port, context=context,
                                                     timeout=10)
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            check(response.status == 200, "https healthz")
            check(response.getheader("Strict-Transport-Security"), "no HSTS under TLS")
            check(connection.sock.version() in ("TLSv1.2", "TLSv1.3"), connection.sock.version())
            connection.close()
            old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            old.check_hostname = False
            old.verify_mode = ssl.CERT_NONE
            try:
                old.minimum_version = ssl.TLSVersion.TLSv1_1
                old.maximum_version = ssl.TLSVersion.TLSv1_1
                old.set_ciphers("ALL:@SECLEVEL=0")
                legacy = http.client.HTTPSConnection("127.0.0.1", server.port, context=old, timeout=10)
                legacy.request("GET", "/healthz")
                raise AssertionError("TLS 1.1 was accepted")
            except (ssl.SSLError, ConnectionResetError, ValueError):
                pass
        finally:
            server.cleanup()
    finally:
        shutil.rmtree(directory)


def test_demo_seeds_once():
    server = Server(BINARY, args=["--demo"])
    try:
        server.start()
        output = "".join(server.stdout_lines)
        check("DEMO ACCOUNTS" in output and "cardio1" in output, output)
        departments = []
        password = [line.split()[2] for line in server.stdout_lines if line.strip().startswith("admin ")][0]
        admin = server.client()
        check(admin.login("admin", password).status == 200, "demo admin login")
        departments = [d["id"] for d in admin.request("GET", "/api/departments").json()["departments"]]
        check(len(departments) == 6 and "mental-health" in departments, str(departments))
        server.stop()
        again = Server(BINARY, data_dir=server.data_dir, args=["--demo"])
        again.start()
        check("DEMO ACCOUNTS" not in "".join(again.stdout_lines), "seeded twice")
        check("not seeding" in again.stderr(), again.stderr())
        again.stop()
        # Passwords and session tokens never reach the logs.
        logs = server.stderr() + again.stderr()
        check(password not in logs, "password in log")
        check(admin.cookie not in logs, "session token in log")
    finally:
        server.cleanup()


def test_refuses_newer_schema_and_loose_key():
    server = Server(BINARY)
    try:
        server.start()
        server.stop()
        os.chmod(os.path.join(server.data_dir, "keys", "kek"), 0o644)
        result = run_cli(BINARY, ["serve", "--port", "0", "--data", server.data_dir])
        check(result.returncode != 0 and "chmod 600" in result.stderr, result.stderr)
        os.chmod(os.path.join(server.data_dir, "keys", "kek"), 0o600)
        with open_db(server) as db:
            db.execute("PRAGMA user_version=99")
        result = run_cli(BINARY, ["serve", "--port", "0", "--data", server.data_dir])
        check(result.returncode != 0 and "newer" in result.stderr, result.stderr)
    finally:
        server.cleanup()


def test_keys_rotate(server):
    clinician = server.client()
    clinician.login("clin1", PASSWORD)
    patient = server.client()
    patient.login("pat1", PASSWORD)
    pseudonym = patient.request("GET", "/api/me").json()["patient"]
    record = clinician.request("POST", "/api/patients/%s/records" % pseudonym,
                               {"type": "Condition", "data": {"code": "E10"}},
                               headers=BREAK_GLASS).json()["id"]
    with open(os.path.join(server.data_dir, "keys", "kek")) as handle:
        old_key = handle.read()
    server.stop()
    result = server.cli("keys", "rotate")
    check(result.returncode == 0, result.stderr)
    with open(os.path.join(server.data_dir, "keys", "kek")) as handle:
        check(handle.read() != old_key, "key file unchanged")
    server.start()
    clinician = server.client()
    clinician.login("clin1", PASSWORD)
    check(clinician.request("GET", "/api/records/" + record, headers=BREAK_GLASS).status == 200,
          "unreadable after rotate")


def main():
    users = [("clin1", "clinician"), ("pat1", "patient"), ("stud1", "student"),
             ("nurse1", "nurse"), ("boss", "admin")]
    lenient = {"METACLINIC_LOGIN_ADDRESS_FREE_FAILURES": "100000"}
    web_root = tempfile.mkdtemp()
    os.makedirs(os.path.join(web_root, "dist", "assets"))
    with open(os.path.join(web_root, "dist", "index.html"), "w") as handle:
        handle.write("<!doctype html><title>t</title>")
    with open(os.path.join(web_root, "dist", "assets", "app.js"), "w") as handle:
        handle.write("console.log('app')")
    with open(os.path.join(web_root, "dist", "assets", "app.js.br"), "wb") as handle:
        handle.write(b"BR-COPY")  # no brotli in Python's library; the bytes are only compared
    with open(os.path.join(web_root, "dist", "assets", "app.js.gz"), "wb") as handle:
        handle.write(gzip.compress(b"console.log('app')"))
    with open(os.path.join(web_root, "secret.txt"), "w") as handle:
        handle.write("secret")
    tests = [
        ("health and security headers", with_server(test_health_and_headers)),
        ("login, me, logout with CSRF", with_server(test_login_me_logout, users=users)),
        ("same message unknown/wrong", with_server(test_same_message_for_unknown_and_wrong, users=users)),
        ("101st failed login is 429", with_server(test_hundred_and_first_failure_is_429, env=lenient, users=users)),
        ("per-address backoff", with_server(test_address_backoff, users=users)),
        ("input validation", with_server(test_input_validation, users=users)),
        ("admin user management", with_server(test_admin_user_management, users=users)),
        ("cli users", with_server(test_cli_users, users=users)),
        ("visit links", with_server(test_visit_links, users=users)),
        ("invalid UTF-8 refused at the edge",
         with_server(test_invalid_utf8_refused_at_the_edge, users=users)),
        ("records through the vault, audited", with_server(test_records_and_audit, users=users)),
        ("audit tamper detected", with_server(test_audit_tamper_detected, users=users)),
        ("audit head forgery and checkpoint",
         with_server(test_audit_head_forgery_and_checkpoint, users=users)),
        ("a full disk is logged once and makes /readyz not ready",
         with_server(test_full_disk_is_reported, users=users, args=["--store-max-size-mb", "1"])),
        ("static files", with_server(test_static_files(web_root),
                                     args=["--web-root", os.path.join(web_root, "dist")])),
        ("websocket auth and 1001 on shutdown", with_server(test_websocket, users=users)),
        ("keys rotate", with_server(test_keys_rotate, users=users)),
        ("glucose scenario endpoint", with_server(test_glucose_scenario, users=users)),
        ("bot sessions only in bench mode", test_bot_sessions_only_in_bench_mode),
        ("websocket framing: pings, fragments, limits", test_websocket_framing),
        ("refuses public address without TLS", test_refuses_public_address_without_tls),
        ("TLS 1.2+ with HSTS", test_tls),
        ("demo seeds once, logs stay clean", test_demo_seeds_once),
        ("refuses newer schema and loose key", test_refuses_newer_schema_and_loose_key),
    ]
    try:
        run_tests(tests)
    finally:
        shutil.rmtree(web_root, ignore_errors=True)


if __name__ == "__main__":
    main()
