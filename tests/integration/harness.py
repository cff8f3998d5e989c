"""Starts the real metaclinic binary on an ephemeral loopback port and talks
HTTP to it with the standard library only (no third-party packages)."""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time

LISTEN_LINE = re.compile(r"MetaClinic listening on (https?)://127\.0\.0\.1:(\d+)")


class TestFailure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise TestFailure(message)


class Server:
    """One `metaclinic serve` process with its own data directory."""

    def __init__(self, binary, data_dir=None, args=(), env=None):
        self.binary = binary
        self.own_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="metaclinic-it-")
        self.args = list(args)
        self.env = dict(os.environ, **(env or {}))
        self.process = None
        self.port = None
        self.scheme = "http"
        self.stdout_lines = []
        self.stderr_path = os.path.join(self.data_dir, "..", os.path.basename(self.data_dir) + ".stderr")

    def start(self, timeout=20):
        self.stderr_file = open(self.stderr_path, "ab")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--port", "0", "--data", self.data_dir] + self.args,
            stdout=subprocess.PIPE, stderr=self.stderr_file, env=self.env, text=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.stdout_lines.append(line)
            match = LISTEN_LINE.search(line)
            if match:
                self.scheme, self.port = match.group(1), int(match.group(2))
                threading.Thread(target=self._drain, daemon=True).start()
                return self
        self.process.kill()
        raise TestFailure("server did not start: " + "".join(self.stdout_lines) + self.stderr())

    def _drain(self):
        for line in self.process.stdout:
            self.stdout_lines.append(line)

    def stderr(self):
        try:
            with open(self.stderr_path, encoding="utf-8", errors="replace") as handle:
                return handle.read()
        except OSError:
            return ""

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=timeout)
        return self.process.returncode

    def kill(self):
        self.process.kill()
        self.process.wait()

    def cleanup(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        try:
            os.remove(self.stderr_path)
        except OSError:
            pass

    def cli(self, *args, stdin=""):
        return run_cli(self.binary, list(args) + ["--data", self.data_dir], stdin)

    def client(self):
        return Client(self)


def run_cli(binary, args, stdin=""):
    return subprocess.run([binary] + list(args), input=stdin, capture_output=True,
                          text=True, timeout=120)


class Response:
    def __init__(self, raw):
        self.status = raw.status
        self.headers = {key.lower(): value for key, value in raw.getheaders()}
        self.set_cookies = [value for key, value in raw.getheaders() if key.lower() == "set-cookie"]
        self.body = raw.read()

    def json(self):
        return json.loads(self.body)

    def error_code(self):
        try:
            return self.json()["error"]["code"]
        except (ValueError, KeyError, TypeError):
            return None


class Client:
    """A browser-like client: keeps the session cookie and CSRF token."""

    def __init__(self, server):
        self.server = server
        self.cookie = None
        self.csrf = None

    def request(self, method, path, body=None, headers=None, raw_body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        all_headers = {"Host": "127.0.0.1:%d" % self.server.port}
        if self.cookie:
            all_headers["Cookie"] = "mc_session=" + self.cookie
        if self.csrf and method not in ("GET", "HEAD"):
            all_headers["X-CSRF-Token"] = self.csrf
        payload = raw_body
        if body is not None:
            payload = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        connection.request(method, path, body=payload, headers=all_headers)
        response = Response(connection.getresponse())
        connection.close()
        for cookie in response.set_cookies:
            match = re.match(r"mc_session=([^;]*)", cookie)
            if match:
                self.cookie = match.group(1) or None
        return response

    def login(self, login, password):
        response = self.request("POST", "/api/session", {"login": login, "password": password})
        if response.status == 200:
            self.csrf = response.json()["csrf_token"]
        return response


def add_user(server, login, role, password, name=None):
    result = server.cli("user", "add", "--login", login, "--role", role,
                        "--name", name or ("Test " + login), stdin=password + "\n")
    check(result.returncode == 0, "user add failed: %s %s" % (result.stdout, result.stderr))


def open_db(server):
    return sqlite3.connect(os.path.join(server.data_dir, "metaclinic.db"))


def websocket_handshake(server, cookie=None, origin=None, path="/ws", protocol=None):
    """Opens a raw socket and sends a WebSocket upgrade; returns (socket, status line)."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    lines = [
        "GET %s HTTP/1.1" % path,
        "Host: 127.0.0.1:%d" % server.port,
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
    ]
    if cookie:
        lines.append("Cookie: mc_session=" + cookie)
    if origin:
        lines.append("Origin: " + origin)
    if protocol:
        lines.append("Sec-WebSocket-Protocol: " + protocol)
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    response = b""
    while b"\r\n\r\n" not in response:
        chunk = sock.recv(4096)
        if not chunk:
            break
        response += chunk
    status_line = response.split(b"\r\n", 1)[0].decode()
    return sock, status_line


def read_websocket_frame(sock):
    """Reads one server frame; returns (opcode, payload)."""
    def exactly(count):
        data = b""
        while len(data) < count:
            chunk = sock.recv(count - len(data))
            if not chunk:
                raise TestFailure("socket closed mid-frame")
            data += chunk
        return data
    first, second = exactly(2)
    length = second & 0x7F
    if length == 126:
        length = int.from_bytes(exactly(2), "big")
    elif length == 127:
        length = int.from_bytes(exactly(8), "big")
    return first & 0x0F, exactly(length)


def run_tests(tests):
    """Runs (name, function) pairs; prints a line each; exits non-zero on failure."""
    failures = 0
    for name, function in tests:
        started = time.time()
        try:
            function()
            print("ok   %-50s %.1fs" % (name, time.time() - started), flush=True)
        except Exception as error:  # report every failure, keep going
            failures += 1
            print("FAIL %-50s %s: %s" % (name, type(error).__name__, error), flush=True)
    print("%d tests, %d failures" % (len(tests), failures))
    raise SystemExit(1 if failures else 0)
