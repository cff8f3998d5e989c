"""Crash safety: SIGKILL the server during concurrent writes, restart it, and
check that every acknowledged write is present, PRAGMA integrity_check is ok
and the audit chain verifies.

usage: crash_test.py PATH/TO/metaclinic [--writers N] [--seconds S] [--rounds R] [--json FILE]
The defaults are the modest size `make test` runs; scripts/bench-store runs
a larger one and keeps the figures.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time

from harness import Server, add_user, check, open_db

# The test clinician has no appointment with the test patient: records are
# reached by break-glass (docs/fhir.md).
BREAK_GLASS = {"X-Break-Glass": "crash-safety test without a care relationship"}

PASSWORD = "crash test pass phrase"


def write_until_killed(server, pseudonym, stop, acknowledged, errors):
    client = server.client()
    if client.login("clin1", PASSWORD).status != 200:
        errors.append("login failed")
        return
    sequence = 0
    while not stop.is_set():
        sequence += 1
        try:
            response = client.request(
                "POST", "/api/patients/%s/records" % pseudonym,
                {"type": "Observation", "data": {"code": "glucose", "sequence": sequence}},
                headers=BREAK_GLASS)
        except OSError:
            return  # the server was killed mid-request: not acknowledged
        if response.status == 201:
            acknowledged.append(response.json()["id"])
        elif response.status != 503:
            errors.append("write -> %d %s" % (response.status, response.body[:200]))


def one_round(server, pseudonym, writers, seconds):
    stop = threading.Event()
    acknowledged, errors = [], []
    threads = [threading.Thread(target=write_until_killed,
                                args=(server, pseudonym, stop, acknowledged, errors))
               for _ in range(writers)]
    started = time.time()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    server.process.send_signal(signal.SIGKILL)
    server.process.wait()
    elapsed = time.time() - started
    stop.set()
    for thread in threads:
        thread.join()
    check(not errors, "write errors: %s" % errors[:3])
    return list(acknowledged), elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=1.5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json")
    options = parser.parse_args()

    server = Server(os.path.abspath(options.binary))
    totals = {"acknowledged": 0, "lost": 0, "seconds": 0.0}
    try:
        add_user(server, "clin1", "clinician", PASSWORD)
        add_user(server, "pat1", "patient", PASSWORD)
        for round_index in range(options.rounds):
            server.start()
            patient = server.client()
            check(patient.login("pat1", PASSWORD).status == 200, "patient login")
            pseudonym = patient.request("GET", "/api/me").json()["patient"]
            acknowledged, elapsed = one_round(server, pseudonym, options.writers, options.seconds)
            check(acknowledged, "no write was acknowledged before the kill")

            with open_db(server) as db:
                integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
                stored = {row[0] for row in db.execute("SELECT id FROM vault_records")}
            check(integrity == "ok", "integrity_check: " + integrity)
            lost = [record for record in acknowledged if record not in stored]
            check(not lost, "%d acknowledged writes lost, e.g. %s" % (len(lost), lost[:3]))
            verify = server.cli("audit", "verify")
            check(verify.returncode == 0, "audit verify after kill: " + verify.stdout + verify.stderr)

            # The restarted server serves what it acknowledged.
            server.start()
            clinician = server.client()
            check(clinician.login("clin1", PASSWORD).status == 200, "login after restart")
            for record in acknowledged[-5:]:
                response = clinician.request("GET", "/api/records/" + record,
                                             headers=BREAK_GLASS)
                check(response.status == 200, "record %s after restart -> %d" % (record, response.status))
            server.stop()
            totals["acknowledged"] += len(acknowledged)
            totals["seconds"] += elapsed
            print("round %d: %d acknowledged writes, 0 lost, integrity ok, audit ok"
                  % (round_index + 1, len(acknowledged)), flush=True)
    finally:
        server.cleanup()

    result = {
        "writers": options.writers,
        "rounds": options.rounds,
        "acknowledged_writes": totals["acknowledged"],
        "lost_writes": totals["lost"],
        "acknowledged_writes_per_second": round(totals["acknowledged"] / totals["seconds"], 1),
    }
    print(json.dumps(result))
    if options.json:
        with open(options.json, "w") as handle:
            json.dump(result, handle, indent=2)


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        print("FAIL", error)
        sys.exit(1)
