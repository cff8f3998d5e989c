"""`metaclinic backup` and `metaclinic restore` against the real binary
(issue 20, docs/deployment.md "Backups and keys"): a backup taken while an
administrator keeps creating accounts over HTTP holds every account whose
creation was acknowledged before the backup began; it restores into an
empty directory with the keys kept apart, `audit verify` passes there, and a
server started on it signs the administrator in. The admin console's system
status shows the backup (and refuses anyone but an administrator). Also the refusals: an
existing backup file, a non-empty target, a file that is not a database,
missing keys, the wrong keys; each exits 2 and leaves nothing behind.

usage: backup_test.py PATH/TO/metaclinic
"""

import os
import shutil
import sys
import tempfile
import threading
import time

from harness import Server, add_user, check, run_cli, run_tests

BINARY = os.path.abspath(sys.argv[1])
PASSWORD = "integration pass phrase"


class AccountWriter(threading.Thread):
    """Creates nurse accounts one after another, noting when each was
    acknowledged (201)."""

    def __init__(self, admin):
        super().__init__(daemon=True)
        self.admin = admin
        self.acknowledged = []  # (login, monotonic time of the 201)
        self.stopping = threading.Event()
        self.errors = []

    def run(self):
        number = 0
        while not self.stopping.is_set():
            login = "nurse%04d" % number
            response = self.admin.request("POST", "/api/users", {
                "login": login, "name": "Nurse %d" % number, "role": "nurse",
                "password": "a long enough pass phrase %d" % number})
            if response.status == 201:
                self.acknowledged.append((login, time.monotonic()))
            else:
                self.errors.append((response.status, response.body[:200]))
            number += 1


def logins_in(data_dir):
    listed = run_cli(BINARY, ["user", "list", "--data", data_dir])
    check(listed.returncode == 0, "user list: %s %s" % (listed.stdout, listed.stderr))
    return {line.split()[1] for line in listed.stdout.splitlines()[1:] if line.strip()}


def test_backup_during_writes_restores_every_acknowledged_write():
    server = Server(BINARY)
    work = tempfile.mkdtemp(prefix="metaclinic-backup-")
    try:
        add_user(server, "admin1", "admin", PASSWORD)
        server.start()
        admin = server.client()
        check(admin.login("admin1", PASSWORD).status == 200, "admin sign-in")
        writer = AccountWriter(admin)
        writer.start()
        time.sleep(1.0)
        backup_started = time.monotonic()
        backup_file = os.path.join(work, "clinic.backup")
        made = run_cli(BINARY, ["backup", "--data", server.data_dir, "--out", backup_file])
        time.sleep(0.5)
        writer.stopping.set()
        writer.join(timeout=30)
        check(made.returncode == 0, "backup: %s %s" % (made.stdout, made.stderr))
        check("keys are not in the backup" in made.stdout, made.stdout)
        check(not writer.errors, "writes failed during the backup: %s" % writer.errors[:3])
        status = admin.request("GET", "/api/admin/status")
        check(status.status == 200, "status -> %d %s" % (status.status, status.body))
        facts = status.json()
        check(facts["last_backup"] and facts["store_bytes"] > 0 and facts["ready"]
              and facts["version"] and facts["uptime_s"] >= 0 and facts["spaces"] == [],
              "system status after a backup: %s" % facts)
        nurse = server.client()
        check(nurse.login("nurse0000", "a long enough pass phrase 0").status == 200, "nurse")
        refused = nurse.request("GET", "/api/admin/status")
        check(refused.status == 403 and refused.error_code() == "access_denied",
              "a nurse reads the system status -> %d" % refused.status)
        before = [login for login, at in writer.acknowledged if at < backup_started]
        check(len(before) >= 3, "too few writes before the backup: %d" % len(before))

        # Writing on after the backup changes nothing in it.
        keys_copy = os.path.join(work, "keys")
        shutil.copytree(os.path.join(server.data_dir, "keys"), keys_copy)
        restored = os.path.join(work, "restored")
        result = run_cli(BINARY, ["restore", "--from", backup_file, "--data", restored,
                                  "--keys-from", keys_copy])
        check(result.returncode == 0, "restore: %s %s" % (result.stdout, result.stderr))
        check("audit chain ok" in result.stdout,
              "restore's audit check: %s" % result.stdout)
        present = logins_in(restored)
        missing = [login for login in before if login not in present]
        check(not missing, "acknowledged before the backup but missing: %s" % missing[:5])
        check("admin1" in present, "the administrator is restored")
        verify = run_cli(BINARY, ["audit", "verify", "--data", restored])
        check(verify.returncode == 0, "audit verify: %s %s" % (verify.stdout, verify.stderr))
        server.stop()

        # The backup is audited in the source, and a server starts on the copy.
        audit = run_cli(BINARY, ["audit", "export", "--data", server.data_dir])
        check('"store.backup"' in audit.stdout, "backup not audited")
        again = Server(BINARY, data_dir=restored)
        try:
            again.start()
            check(again.client().login("admin1", PASSWORD).status == 200,
                  "sign-in on the restored server")
        finally:
            again.cleanup()
    finally:
        server.cleanup()
        shutil.rmtree(work, ignore_errors=True)


def test_refusals_store_nothing():
    server = Server(BINARY)
    work = tempfile.mkdtemp(prefix="metaclinic-backup-")
    try:
        add_user(server, "admin1", "admin", PASSWORD)
        backup_file = os.path.join(work, "clinic.backup")
        made = run_cli(BINARY, ["backup", "--data", server.data_dir, "--out", backup_file])
        check(made.returncode == 0, "backup: %s" % made.stderr)

        again = run_cli(BINARY, ["backup", "--data", server.data_dir, "--out", backup_file])
        check(again.returncode == 2 and "already exists" in again.stderr,
              "existing file: %d %s" % (again.returncode, again.stderr))

        absent = run_cli(BINARY, ["backup", "--data", os.path.join(work, "nothing"),
                                  "--out", os.path.join(work, "x.backup")])
        check(absent.returncode == 2 and "no database" in absent.stderr,
              "no database: %d %s" % (absent.returncode, absent.stderr))

        busy = os.path.join(work, "busy")
        os.makedirs(busy)
        open(os.path.join(busy, "something"), "w").close()
        refused = run_cli(BINARY, ["restore", "--from", backup_file, "--data", busy])
        check(refused.returncode == 2 and "not empty" in refused.stderr,
              "non-empty target: %d %s" % (refused.returncode, refused.stderr))
        check(os.listdir(busy) == ["something"], "the busy directory changed")

        garbage = os.path.join(work, "garbage.backup")
        with open(garbage, "wb") as handle:
            handle.write(b"this is not a database" * 100)
        target = os.path.join(work, "from-garbage")
        bad = run_cli(BINARY, ["restore", "--from", garbage, "--data", target])
        check(bad.returncode == 2 and "not a MetaClinic database" in bad.stderr,
              "garbage: %d %s" % (bad.returncode, bad.stderr))
        check(not os.path.exists(target), "a failed restore left %s" % target)

        no_keys = run_cli(BINARY, ["restore", "--from", backup_file, "--data", target,
                                   "--keys-from", os.path.join(work, "nowhere")])
        check(no_keys.returncode == 2 and "keys" in no_keys.stderr,
              "missing keys: %d %s" % (no_keys.returncode, no_keys.stderr))
        check(not os.path.exists(target), "missing keys left %s" % target)

        other = Server(BINARY)
        try:
            add_user(other, "admin2", "admin", PASSWORD)  # makes its own keys
            wrong = run_cli(BINARY, ["restore", "--from", backup_file, "--data", target,
                                     "--keys-from", os.path.join(other.data_dir, "keys")])
            check(wrong.returncode == 2 and "not the key" in wrong.stderr,
                  "wrong keys: %d %s" % (wrong.returncode, wrong.stderr))
            check(not os.path.exists(target), "wrong keys left %s" % target)
        finally:
            other.cleanup()

        later = run_cli(BINARY, ["restore", "--from", backup_file, "--data", target])
        check(later.returncode == 0 and "/keys" in later.stdout,
              "restore without keys says where they go: %s" % later.stdout)
        check(sorted(os.listdir(target)) == ["metaclinic.db"], os.listdir(target))
    finally:
        server.cleanup()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    run_tests([
        ("backup during writes restores every acknowledged write",
         test_backup_during_writes_restores_every_acknowledged_write),
        ("refusals store nothing", test_refusals_store_nothing),
    ])
