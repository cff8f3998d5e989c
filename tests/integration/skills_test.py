"""The skills lab's record of training against the real binary (issue 18,
docs/api.md "Skills lab"): student1 stores peg transfer attempts and the
server scores them itself (the hand-computed cases of
src/skills/testdata/peg_transfer_scores.json); student1 reads their own
attempts oldest first; educ1 (teach_skills) lists the learners and reads
student1's attempts; another student, a researcher and anonymous callers
are refused; every bad input has its stable code; an attempt's recorded
events come back for a replay and educ1 rates it on the seven OSATS items;
the attempts live in their own table (migration 10), not in the vault, and
survive a restart.

usage: skills_test.py PATH/TO/metaclinic
"""

import json
import os
import sys

from harness import Server, check, open_db, run_tests
from clinic_test import demo_passwords, signed_in

BINARY = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ATTEMPTS = "/api/skills/peg-transfer/attempts"


def cases():
    with open(os.path.join(ROOT, "src", "skills", "testdata", "peg_transfer_scores.json")) as f:
        return json.load(f)["cases"]


def attempt(case, path_mm=3000, idle_ms=0):
    return {"time_ms": case["time_ms"], "drops": case["drops"],
            "rings_placed": case["rings_placed"], "path_mm": path_mm, "idle_ms": idle_ms}


def test_scores_are_the_servers(people):
    student = people["student1"]
    for case in cases():
        stored = student.request("POST", ATTEMPTS, attempt(case))
        check(stored.status == 201, "%s -> %d %s" % (case["name"], stored.status, stored.body))
        body = stored.json()
        check(body["score_ms"] == case["score_ms"] and body["proficient"] == case["proficient"],
              "%s: %s" % (case["name"], body))
        check(body["task"] == "peg-transfer" and body["finished_at"].endswith("Z"), body)
    own = student.request("GET", ATTEMPTS)
    check(own.status == 200, own.body)
    history = own.json()
    check(history["learner"]["login"] == "student1", history["learner"])
    check([a["score_ms"] for a in history["attempts"]] == [c["score_ms"] for c in cases()],
          "oldest first: %s" % [a["score_ms"] for a in history["attempts"]])
    check(history["task"]["proficiency"] == {"time_ms": 48000, "drops": 0}, history["task"])
    check(history["task"]["cutoff_ms"] == 300000, history["task"])


def test_educators_read_learners(people):
    educator = people["educ1"]
    learners = educator.request("GET", "/api/skills/peg-transfer/learners")
    check(learners.status == 200, learners.body)
    listed = learners.json()["learners"]
    check(listed[0]["login"] == "student1" and listed[0]["attempts"] == len(cases()), listed)
    seen = educator.request("GET", ATTEMPTS + "?learner=student1")
    check(seen.status == 200 and len(seen.json()["attempts"]) == len(cases()), seen.body)
    missing = educator.request("GET", ATTEMPTS + "?learner=nobody")
    check(missing.status == 404 and missing.error_code() == "learner_not_found", missing.body)


def test_others_are_refused(server, people):
    for login in ("student2", "researcher1"):
        client = people[login]
        for path in (ATTEMPTS + "?learner=student1", ATTEMPTS + "?learner=nobody",
                     "/api/skills/peg-transfer/learners"):
            response = client.request("GET", path)
            check(response.status == 403 and response.error_code() == "access_denied",
                  "%s %s -> %d %s" % (login, path, response.status, response.body))
    own = people["student2"].request("GET", ATTEMPTS)
    check(own.status == 200 and own.json()["attempts"] == [], own.body)
    anonymous = server.client()
    for method, path in (("GET", ATTEMPTS), ("POST", ATTEMPTS), ("GET", "/api/skills/peg-transfer/learners")):
        response = anonymous.request(method, path, {} if method == "POST" else None)
        check(response.status == 401, "anonymous %s %s -> %d" % (method, path, response.status))
    no_csrf = server.client()
    no_csrf.cookie = people["student1"].cookie
    response = no_csrf.request("POST", ATTEMPTS, attempt(cases()[0]))
    check(response.status == 403 and response.error_code() == "csrf_failed", response.body)


def test_validation_codes(people):
    student = people["student1"]
    good = attempt(cases()[0])
    bad = [
        (dict(good, time_ms=-1), 422, "invalid_metrics"),
        (dict(good, time_ms=300001), 422, "invalid_metrics"),
        (dict(good, rings_placed=7), 422, "invalid_metrics"),
        (dict(good, idle_ms=good["time_ms"] + 1), 422, "invalid_metrics"),
        (dict(good, drops=1.5), 400, "invalid_field"),
        (dict(good, drops="1"), 400, "invalid_field"),
        ({k: v for k, v in good.items() if k != "path_mm"}, 400, "invalid_field"),
        (dict(good, score_ms=300000), 400, "unknown_field"),
    ]
    for body, status, code in bad:
        response = student.request("POST", ATTEMPTS, body)
        check(response.status == status and response.error_code() == code,
              "%s -> %d %s" % (body, response.status, response.body))
    response = student.request("POST", ATTEMPTS, raw_body=b"[1,2", headers={"Content-Type": "application/json"})
    check(response.error_code() == "invalid_json", response.body)
    response = student.request("POST", "/api/skills/suturing/attempts", good)
    check(response.status == 404 and response.error_code() == "unknown_task", response.body)
    response = student.request("GET", "/api/skills/suturing/attempts")
    check(response.status == 404 and response.error_code() == "unknown_task", response.body)


def test_replay_events_and_osats(people):
    student, educator = people["student1"], people["educ1"]
    events = [[0, 0, 0, -95, 10, -40], [12.5, 1, 0, 1], [40.25, 0, 0, -5.5, 50, 0], [50, 1, 0, 0]]
    stored = student.request("POST", ATTEMPTS, dict(attempt(cases()[0]), events=events))
    check(stored.status == 201 and stored.json()["rating"] is None, stored.body)
    attempt_id = stored.json()["id"]
    one = "%s/%d" % (ATTEMPTS, attempt_id)
    for client in (student, educator):
        got = client.request("GET", one)
        check(got.status == 200 and got.json()["events"] == events, got.body)
    other = people["student2"].request("GET", one)
    check(other.status == 404 and other.error_code() == "attempt_not_found", other.body)
    for bad in ([[0, 2, 0, 1]], [[5, 1, 0, 1], [4, 1, 0, 0]], {"a": 1}, [[0, 0, 0, 1, 2]]):
        response = student.request("POST", ATTEMPTS, dict(attempt(cases()[0]), events=bad))
        check(response.status == 400 and response.error_code() == "invalid_events", "%s -> %s" % (bad, response.body))

    rating = {"items": [3, 4, 3, 2, 5, 4, 3], "comment": "Smooth transfers."}
    denied = student.request("PUT", one + "/rating", rating)
    check(denied.status == 403 and denied.error_code() == "access_denied", denied.body)
    for bad, code in (({"items": [3, 3]}, "invalid_rating"), ({"items": [0] * 7}, "invalid_rating"),
                      ({"items": [3] * 7, "comment": "x" * 2001}, "invalid_field"),
                      ({"items": "3"}, "invalid_field"), ({"items": [3] * 7, "stars": 5}, "unknown_field")):
        response = educator.request("PUT", one + "/rating", bad)
        check(response.status == 400 and response.error_code() == code, "%s -> %s" % (bad, response.body))
    missing = educator.request("PUT", "%s/%d/rating" % (ATTEMPTS, attempt_id + 1000), rating)
    check(missing.status == 404 and missing.error_code() == "attempt_not_found", missing.body)
    rated = educator.request("PUT", one + "/rating", rating)
    check(rated.status == 200 and rated.json()["rating"] == {
        "items": rating["items"], "total": 24, "comment": "Smooth transfers.", "rater": "Dr. Demo Education"}, rated.body)
    listed = student.request("GET", ATTEMPTS).json()["attempts"]
    check(listed[-1]["rating"]["total"] == 24 and "events" not in listed[-1], listed[-1])


def test_own_table_not_the_vault(server):
    with open_db(server) as db:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        rows = db.execute("SELECT COUNT(*) FROM skill_attempts").fetchone()[0]
        vault = db.execute("SELECT COUNT(*) FROM vault_records WHERE type LIKE '%kill%'").fetchone()[0]
    check(version >= 10, "schema version %d" % version)
    check(rows == len(cases()) + 1, "skill_attempts rows: %d" % rows)
    check(vault == 0, "no training data in the vault")


def main():
    server = Server(BINARY, args=["--demo"]).start()
    try:
        passwords = demo_passwords(server)
        people = {login: signed_in(server, passwords, login)
                  for login in ("student1", "educ1", "researcher1", "admin")}
        passwords["student2"] = "another-long-password-2"
        created = people["admin"].request("POST", "/api/users", {
            "login": "student2", "name": "Second Student", "role": "student",
            "password": passwords["student2"]})
        check(created.status == 201, "create student2 -> %d %s" % (created.status, created.body))
        people["student2"] = signed_in(server, passwords, "student2")

        def survives_a_restart():
            server.stop()
            server.start()
            again = signed_in(server, passwords, "student1")
            response = again.request("GET", ATTEMPTS)
            check(response.status == 200 and len(response.json()["attempts"]) == len(cases()) + 1, response.body)

        run_tests([
            ("the server scores each attempt exactly", lambda: test_scores_are_the_servers(people)),
            ("educators list learners and read their attempts", lambda: test_educators_read_learners(people)),
            ("other accounts and anonymous callers are refused", lambda: test_others_are_refused(server, people)),
            ("every bad input has its code", lambda: test_validation_codes(people)),
            ("events for replay; educators rate with OSATS", lambda: test_replay_events_and_osats(people)),
            ("attempts live in their own table", lambda: test_own_table_not_the_vault(server)),
            ("attempts survive a restart", survives_a_restart),
        ])
    finally:
        server.stop()
        server.cleanup()


if __name__ == "__main__":
    main()
