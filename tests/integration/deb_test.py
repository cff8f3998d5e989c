"""The Debian package (`make deb`, docs/deployment.md "Debian package"):
scripts/make-deb builds it from this build; its control data names the
libraries' packages, its conffile and maintainer scripts are there; the
systemd unit passes `systemd-analyze verify` inside the unpacked package with
its hardening options; and the unpacked files alone serve the hospital (the
binary finds share/, spaces/ and the web client where the unit says, run
from a directory with no source tree around it).

This machine has no systemd as PID 1, so the package is not installed and
started by systemd here; on a Debian 12 machine with systemd:
`apt install ./dist/metaclinic_*.deb && systemctl status metaclinic`.

usage: deb_test.py PATH/TO/metaclinic
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request

from harness import Server, check, run_tests
from clinic_test import demo_passwords, signed_in

BINARY = os.path.abspath(sys.argv[1])
SOURCE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD_DIR = os.path.abspath(os.path.join(os.path.dirname(BINARY), "..", ".."))
UNIT = "/lib/systemd/system/metaclinic.service"
HARDENING = ("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes",
             "StateDirectory=metaclinic", "User=metaclinic", "CapabilityBoundingSet=")

work = tempfile.mkdtemp(prefix="metaclinic-deb-")
root = os.path.join(work, "root")


def build_and_unpack():
    made = subprocess.run([os.path.join(SOURCE, "scripts", "make-deb"), BUILD_DIR,
                           os.path.join(work, "dist")],
                          capture_output=True, text=True, timeout=300)
    check(made.returncode == 0, "make-deb: %s %s" % (made.stdout, made.stderr))
    packages = glob.glob(os.path.join(work, "dist", "metaclinic_*_*.deb"))
    check(len(packages) == 1, "one package: %s" % packages)
    info = subprocess.run(["dpkg-deb", "--info", packages[0]], capture_output=True,
                          text=True, check=True).stdout
    for field in ("Package: metaclinic", "Depends: adduser, ", "libsqlite3-0", "libsodium23",
                  "Recommends: janus"):
        check(field in info, "control lacks %r:\n%s" % (field, info))
    subprocess.run(["dpkg-deb", "-x", packages[0], root], check=True)
    control = os.path.join(work, "control")
    subprocess.run(["dpkg-deb", "-e", packages[0], control], check=True)
    with open(os.path.join(control, "conffiles")) as handle:
        check(handle.read().split() == ["/etc/metaclinic/metaclinic.toml"], "conffiles")
    for script in ("postinst", "prerm", "postrm"):
        check(os.access(os.path.join(control, script), os.X_OK), "%s is executable" % script)
    for path in ("usr/bin/metaclinic", "usr/share/metaclinic/web/index.html",
                 "usr/share/metaclinic/share/common-passwords.txt",
                 "usr/share/metaclinic/spaces/lobby.json", UNIT.lstrip("/"),
                 "etc/metaclinic/metaclinic.toml"):
        check(os.path.exists(os.path.join(root, path)), "the package lacks /%s" % path)


def test_unit_verifies_with_its_hardening():
    with open(os.path.join(root, UNIT.lstrip("/"))) as handle:
        unit = handle.read()
    for option in HARDENING:
        check(option in unit.splitlines(), "the unit lacks %s" % option)
    # verify resolves the targets the unit names from its --root.
    targets = os.path.join(root, "lib", "systemd", "system")
    for target in ("sysinit", "basic", "multi-user", "network-online", "shutdown",
                   "sockets", "timers", "paths", "slices", "local-fs", "swap"):
        source = "/lib/systemd/system/%s.target" % target
        if os.path.exists(source):
            shutil.copy(source, targets)
    verify = subprocess.run(["systemd-analyze", "verify", "--root=" + root, UNIT],
                            capture_output=True, text=True, timeout=60)
    said = (verify.stdout + verify.stderr).strip()
    check(verify.returncode == 0 and not said, "systemd-analyze verify: %s" % said)


def unit_settings():
    """The unit's Environment= values and ExecStart arguments, with every
    absolute path moved under the unpacked root."""
    with open(os.path.join(root, UNIT.lstrip("/"))) as handle:
        lines = handle.read().splitlines()
    environment = {}
    arguments = []
    for line in lines:
        if line.startswith("Environment="):
            key, value = line[len("Environment="):].split("=", 1)
            environment[key] = root + value
        elif line.startswith("ExecStart="):
            arguments = line[len("ExecStart="):].split()
    return environment, [root + word if word.startswith("/") else word for word in arguments]


def test_unpacked_files_serve_the_hospital():
    environment, arguments = unit_settings()
    check(arguments[1:2] == ["serve"] and "--data" in arguments, "ExecStart: %s" % arguments)
    # The unit's own command, on a fresh data directory and a free port.
    data_at = arguments.index("--data")
    args = arguments[2:data_at] + arguments[data_at + 2:] + ["--demo"]
    environment["METACLINIC_SOURCE_DIR"] = "/nonexistent"
    server = Server(arguments[0], data_dir=os.path.join(work, "state"), args=args,
                    env=environment)
    os.makedirs(server.data_dir, exist_ok=True)
    old = os.getcwd()
    os.chdir(work)  # no ./share or ./spaces to fall back on
    try:
        server.start(timeout=60)
        base = "http://127.0.0.1:%d" % server.port
        page = urllib.request.urlopen(base + "/", timeout=10).read().decode()
        check("<title>" in page and "MetaClinic" in page, "the web client is served")
        patient = signed_in(server, demo_passwords(server), "patient1")
        spaces = patient.request("GET", "/api/spaces")
        check(spaces.status == 200 and b'"lobby"' in spaces.body,
              "the spaces load from the package: %s" % spaces.body[:200])
        check(urllib.request.urlopen(base + "/readyz", timeout=10).status == 200, "ready")
    finally:
        os.chdir(old)
        server.cleanup()


if __name__ == "__main__":
    try:
        build_and_unpack()
        run_tests([
            ("the unit verifies, with its hardening", test_unit_verifies_with_its_hardening),
            ("the unpacked package serves the hospital", test_unpacked_files_serve_the_hospital),
        ])
    finally:
        shutil.rmtree(work, ignore_errors=True)
