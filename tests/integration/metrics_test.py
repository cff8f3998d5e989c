"""GET /metrics against the real binary (issue 20, docs/deployment.md
"Metrics"): after some traffic (a failed sign-in, a sign-in, routed and
unrouted requests, a realtime connection) the exposition passes `promtool check metrics`
(Debian's prometheus package) and counts what happened; it answers loopback
callers, refuses a request that came through a proxy, and with a metrics
token refuses a wrong one and serves the right one.

usage: metrics_test.py PATH/TO/metaclinic
"""

import os
import re
import subprocess
import sys
import time

from harness import Server, add_user, check, run_tests, websocket_handshake

BINARY = os.path.abspath(sys.argv[1])
PASSWORD = "integration pass phrase"
TOKEN = "metrics-token-0123456789abcdef0123456789"


def value(exposition, sample):
    """The value of the sample line that starts with `sample` (name and labels)."""
    for line in exposition.splitlines():
        if line.startswith(sample + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError("no sample %s in:\n%s" % (sample, exposition[:2000]))


def test_exposition_counts_and_passes_promtool():
    server = Server(BINARY, args=["--metrics-token", TOKEN])
    try:
        add_user(server, "admin1", "admin", PASSWORD)
        server.start()
        client = server.client()
        check(client.login("admin1", "wrong password here").status == 401, "a failed sign-in")
        check(client.login("admin1", PASSWORD).status == 200, "sign-in")
        check(client.request("GET", "/api/users").status == 200, "a route")
        check(client.request("GET", "/api/nothing-here").status == 404, "no route")
        sock, status_line = websocket_handshake(server, cookie=client.cookie)
        check(" 101 " in status_line, "upgrade: %s" % status_line)
        try:
            # A request is counted just after its answer is written and a
            # WebSocket once the world has taken it in: both can trail the
            # client by a moment on a loaded machine, so read until they show.
            deadline = time.monotonic() + 5
            while True:
                response = client.request("GET", "/metrics")
                check(response.status == 200, "/metrics -> %d %s" % (response.status, response.body))
                text = response.body.decode()
                settled = ('metaclinic_http_requests_total{route="static",method="GET",status="404"}' in text
                           and "\nmetaclinic_websocket_connections 1\n" in text)
                if settled or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            check(response.headers["content-type"].startswith("text/plain; version=0.0.4"),
                  response.headers["content-type"])
            text = response.body.decode()
            lint = subprocess.run(["promtool", "check", "metrics"], input=text,
                                  capture_output=True, text=True, timeout=60)
            check(lint.returncode == 0, "promtool: %s %s" % (lint.stdout, lint.stderr))
            check(value(text, 'metaclinic_http_requests_total{route="/api/users",method="GET",'
                              'status="200"}') == 1, "one GET /api/users")
            check(value(text, 'metaclinic_http_requests_total{route="static",method="GET",'
                              'status="404"}') >= 1, "the unrouted GET, answered by the files")
            check(value(text, "metaclinic_login_failures_total") == 1, "one failed sign-in")
            check(value(text, "metaclinic_audit_appends_total") == 2, "the two sign-ins are audited")
            check(value(text, "metaclinic_vault_writes_total") == 0, "no records written")
            check(value(text, "metaclinic_websocket_connections") == 1, "one WebSocket")
            check(value(text, 'metaclinic_world_tick_duration_seconds_bucket{le="+Inf"}') > 0,
                  "ticks observed")
            check(re.search(r'^metaclinic_build_info\{version="[0-9.]+"\} 1$', text, re.M),
                  "build info")
            check("/api/nothing-here" not in text and "admin1" not in text,
                  "no paths or logins in the metrics")
        finally:
            sock.close()

        proxied = client.request("GET", "/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
        check(proxied.status == 403 and proxied.error_code() == "metrics_forbidden",
              "through a proxy -> %d" % proxied.status)
        wrong = client.request("GET", "/metrics", headers={
            "X-Forwarded-For": "203.0.113.9", "Authorization": "Bearer " + "x" * 40})
        check(wrong.status == 403, "a wrong token -> %d" % wrong.status)
        right = client.request("GET", "/metrics", headers={
            "X-Forwarded-For": "203.0.113.9", "Authorization": "Bearer " + TOKEN})
        check(right.status == 200, "the token -> %d" % right.status)
    finally:
        server.cleanup()


def test_a_short_token_is_refused_at_start():
    server = Server(BINARY, args=["--metrics-token", "short"])
    try:
        server.start()
        raise AssertionError("the server started with a 5-character metrics token")
    except AssertionError as error:
        check("did not start" in str(error) or "32 to 256" in str(error), str(error))
    finally:
        server.cleanup()


if __name__ == "__main__":
    run_tests([
        ("the exposition counts and passes promtool", test_exposition_counts_and_passes_promtool),
        ("a short metrics token is refused", test_a_short_token_is_refused_at_start),
    ])
