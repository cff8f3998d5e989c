"""The research lab's trial jobs against the real binary (issue 20,
docs/api.md "Research"): a researcher starts a trial over HTTP, follows its
progress to "done", reads per-arm results with paired differences and AGP
percentiles, and downloads results.csv; the same inputs through the command
line (`metaclinic trial` with arm files) give a byte-identical patients.csv.
Also: who may run trials (403 audited for others, 401 anonymous), the
validation codes, cancelling, the list of one's own trials (another
researcher cannot see or list the job), the
audit records, and that a restart fails the jobs it interrupted and says so
(state "failed", reason "server_restarted"; ids are not reused).

usage: research_test.py PATH/TO/metaclinic
"""

import os
import shutil
import sys
import tempfile
import time

from harness import Server, check, open_db, run_cli, run_tests
from clinic_test import demo_passwords, signed_in

BINARY = os.path.abspath(sys.argv[1])

DESIGN = {
    "cohort": ["child#001", "adult#002", "adolescent#003"],
    "days": 1,
    "meals": {"kind": "fixed", "daily": [{"time": "07:00", "grams": 50},
                                         {"time": "12:00", "grams": 70},
                                         {"time": "18:00", "grams": 80}]},
    "seed": 11,
    "arms": [{"name": "standard"},
             {"name": "tighter", "carb_ratio_scale": 0.8, "target_mg_dl": 120}],
    "outcome": "time_in_range",
}


def wait_done(client, trial_id, timeout=60):
    seen = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        response = client.request("GET", "/api/research/trials/%d" % trial_id)
        check(response.status == 200, "GET trial -> %d %s" % (response.status, response.body))
        job = response.json()
        seen.append(job["progress"]["patient_days_done"])
        if job["state"] not in ("queued", "running"):
            check(seen == sorted(seen), "progress went backwards: %s" % seen)
            return job
        time.sleep(0.1)
    raise AssertionError("trial %d did not finish" % trial_id)


def test_trial_matches_the_command_line(server, people):
    researcher = people["researcher1"]
    started = researcher.request("POST", "/api/research/trials", DESIGN)
    check(started.status == 202, "POST -> %d %s" % (started.status, started.body))
    trial_id = started.json()["id"]
    job = wait_done(researcher, trial_id)
    check(job["state"] == "done", "state %s: %s" % (job["state"], job.get("error")))
    check(job["progress"] == {"patient_days_done": 6, "patient_days_total": 6}, job["progress"])
    check(job["started_at"] and job["finished_at"], "times: %s" % job)
    results = job["results"]
    check([arm["arm"] for arm in results["arms"]] == ["standard", "tighter"], results["arms"])
    difference = results["arms"][1]["difference_vs_reference"]["tir_70_180_percent"]
    check(difference["n"] == 3 and difference["ci95_low"] <= difference["mean"] <= difference["ci95_high"],
          difference)
    for arm in results["arms"]:
        agp = arm["agp"]
        check(len(agp["p50"]) == 288, "AGP bins: %d" % len(agp["p50"]))
        check(all(agp["p5"][i] <= agp["p50"][i] <= agp["p95"][i] for i in range(288)), "AGP order")
    check(len(results["patient_rows"]) == 6, "rows: %d" % len(results["patient_rows"]))

    csv = researcher.request("GET", "/api/research/trials/%d/results.csv" % trial_id)
    check(csv.status == 200 and csv.headers["content-type"].startswith("text/csv"), csv.headers)
    check("attachment" in csv.headers.get("content-disposition", ""), csv.headers)
    report = researcher.request("GET", "/api/research/trials/%d/report.html" % trial_id)
    check(report.status == 200 and b"In-silico trial report" in report.body, report.status)

    # The same inputs through `metaclinic trial`: the cohort by id is the
    # same patients in the same order, the arm files hold the same settings
    # and meals, the seed is the same.
    work = tempfile.mkdtemp(prefix="metaclinic-trial-")
    try:
        meals = 'meals = "07:00=50,12:00=70,18:00=80"\n'
        with open(os.path.join(work, "standard.toml"), "w") as f:
            f.write(meals)
        with open(os.path.join(work, "tighter.toml"), "w") as f:
            f.write(meals + "carb_ratio_scale = 0.8\ntarget_mg_dl = 120\n")
        out = os.path.join(work, "out")
        result = run_cli(BINARY, ["trial", "--patients", "child#001,adult#002,adolescent#003",
                                  "--days", "1", "--seed", "11",
                                  "--arm", "standard=" + os.path.join(work, "standard.toml"),
                                  "--arm", "tighter=" + os.path.join(work, "tighter.toml"),
                                  "--out", out])
        check(result.returncode == 0, "metaclinic trial: %s %s" % (result.stdout, result.stderr))
        with open(os.path.join(out, "patients.csv"), "rb") as f:
            check(f.read() == csv.body, "the CLI's patients.csv differs from results.csv")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    # Audited under the researcher, with no patient.
    db = open_db(server)
    rows = db.execute("SELECT actor_role, resource, patient_pseudonym, outcome FROM audit_log "
                      "WHERE action = 'research.trial.start'").fetchall()
    check(("researcher", "Trial/%d" % trial_id, "", "success") in rows, rows)


def test_who_may_run_trials(server, people):
    for login in ("patient1", "cardio1", "student1", "admin"):
        db = open_db(server)
        before = db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'research.trial' "
                            "AND outcome = 'denied'").fetchone()[0]
        response = people[login].request("POST", "/api/research/trials", DESIGN)
        check(response.status == 403 and response.error_code() == "access_denied",
              "%s -> %d %s" % (login, response.status, response.body))
        after = db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'research.trial' "
                           "AND outcome = 'denied'").fetchone()[0]
        check(after == before + 1, "%s: the refusal was not audited" % login)
    anonymous = server.client().request("GET", "/api/research/catalog")
    check(anonymous.status == 401, "anonymous -> %d" % anonymous.status)
    catalog = people["researcher1"].request("GET", "/api/research/catalog")
    check(catalog.status == 200 and len(catalog.json()["patients"]) == 30, catalog.status)


def test_validation_codes(server, people):
    researcher = people["researcher1"]
    cases = [
        ({"cohort": ["child#099"]}, "invalid_cohort"),
        ({"days": 0}, "invalid_days"),
        ({"days": 31}, "invalid_days"),
        ({"meals": {"kind": "fixed", "daily": [{"time": "25:00", "grams": 5}]}}, "invalid_meals"),
        ({"seed": -1}, "invalid_seed"),
        ({"arms": [{"name": "only"}]}, "invalid_arms"),
        ({"arms": [{"name": "a"}, {"name": "a"}]}, "invalid_arm"),
        ({"arms": [{"name": "a"}, {"name": "b", "basal_scale": 99}]}, "invalid_arm"),
        ({"outcome": "hba1c"}, "invalid_outcome"),
        ({"extra": 1}, "unknown_field"),
        ({"cohort": ["all"], "days": 30,  # 30 × 30 × 3 = 2700 patient-days > 2000
          "arms": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}, "trial_too_large"),
    ]
    for change, code in cases:
        body = dict(DESIGN, **change)
        response = researcher.request("POST", "/api/research/trials", body)
        check(response.status == 400 and response.error_code() == code,
              "%s -> %d %s (wanted %s)" % (change, response.status, response.body, code))


def test_cancel_and_privacy(server, people):
    researcher = people["researcher1"]
    big = dict(DESIGN, cohort=["all"], days=30, meals={"kind": "random"})
    big["arms"] = [{"name": "a"}, {"name": "b", "basal_scale": 1.1}]
    big["cohort"] = ["adults", "children"]  # 20 × 30 × 2 = 1200 patient-days
    started = researcher.request("POST", "/api/research/trials", big)
    check(started.status == 202, "POST -> %d %s" % (started.status, started.body))
    trial_id = started.json()["id"]
    other = people["researcher2"]
    check(other.request("GET", "/api/research/trials/%d" % trial_id).error_code() == "trial_not_found",
          "another researcher sees the job")
    check(other.request("POST", "/api/research/trials/%d/cancel" % trial_id).status == 404,
          "another researcher cancels the job")
    listed = researcher.request("GET", "/api/research/trials")
    check(listed.status == 200, "GET trials -> %d %s" % (listed.status, listed.body))
    ids = [job["id"] for job in listed.json()["trials"]]
    check(ids and ids[0] == trial_id and ids == sorted(ids, reverse=True),
          "my trials, newest first: %s" % ids)
    check("results" not in listed.json()["trials"][0], "the list carries no results")
    check(trial_id not in [job["id"] for job in
                           other.request("GET", "/api/research/trials").json()["trials"]],
          "another researcher lists the job")
    cancelled = researcher.request("POST", "/api/research/trials/%d/cancel" % trial_id)
    check(cancelled.status == 204, "cancel -> %d %s" % (cancelled.status, cancelled.body))
    job = researcher.request("GET", "/api/research/trials/%d" % trial_id).json()
    check(job["state"] == "cancelled" and "results" not in job, job["state"])
    not_done = researcher.request("GET", "/api/research/trials/%d/results.csv" % trial_id)
    check(not_done.status == 412 and not_done.error_code() == "trial_not_done", not_done.status)
    db = open_db(server)
    rows = db.execute("SELECT resource FROM audit_log WHERE action = 'research.trial.cancel'").fetchall()
    check(("Trial/%d" % trial_id,) in rows, rows)


def main():
    server = Server(BINARY, args=["--demo"]).start()
    try:
        passwords = demo_passwords(server)
        people = {login: signed_in(server, passwords, login)
                  for login in ("researcher1", "patient1", "cardio1", "student1", "admin")}
        passwords["researcher2"] = "another-long-password-2"
        created = people["admin"].request("POST", "/api/users", {
            "login": "researcher2", "name": "Second Researcher", "role": "researcher",
            "password": passwords["researcher2"]})
        check(created.status == 201, "create researcher2 -> %d %s" % (created.status, created.body))
        people["researcher2"] = signed_in(server, passwords, "researcher2")
        tests = [
            ("trial over HTTP equals metaclinic trial", lambda: test_trial_matches_the_command_line(server, people)),
            ("only researchers run trials (audited)", lambda: test_who_may_run_trials(server, people)),
            ("every field has its code", lambda: test_validation_codes(server, people)),
            ("cancel; another researcher sees nothing", lambda: test_cancel_and_privacy(server, people)),
        ]

        def restart_ends_jobs():
            researcher = people["researcher1"]
            big = dict(DESIGN, cohort=["all"], days=30, meals={"kind": "random"})  # 1,800 patient-days
            started = researcher.request("POST", "/api/research/trials", big)
            check(started.status == 202, started.body)
            trial_id = started.json()["id"]
            check(researcher.request("GET", "/api/research/trials/%d" % trial_id).json()["state"]
                  in ("queued", "running"), "the job should still be going")
            server.stop()
            server.start()
            again = signed_in(server, passwords, "researcher1")
            response = again.request("GET", "/api/research/trials/%d" % trial_id)
            check(response.status == 200, "after a restart -> %d %s" % (response.status, response.body))
            job = response.json()
            check(job["state"] == "failed" and job["reason"] == "server_restarted",
                  "after a restart: %s" % job)
            check("restarted" in job["error"] and "results" not in job, job)
            check(job["design"]["days"] == 30, "the design is kept: %s" % job["design"])
            listed = again.request("GET", "/api/research/trials").json()["trials"]
            check([(entry["id"], entry.get("reason")) for entry in listed][:1] ==
                  [(trial_id, "server_restarted")], "the list says so: %s" % listed[:1])
            cancel = again.request("POST", "/api/research/trials/%d/cancel" % trial_id)
            check(cancel.status == 412 and cancel.error_code() == "trial_finished", cancel.body)
            other = signed_in(server, passwords, "researcher2")
            check(other.request("GET", "/api/research/trials/%d" % trial_id).status == 404,
                  "another researcher sees the ended job")
            newer = again.request("POST", "/api/research/trials", DESIGN)
            check(newer.status == 202 and newer.json()["id"] > trial_id,
                  "ids go on after a restart: %s" % newer.body)
            wait_done(again, newer.json()["id"])
            # A crash (SIGKILL) reads the same at the next start.
            crashed = again.request("POST", "/api/research/trials", big)
            check(crashed.status == 202, crashed.body)
            server.kill()
            server.start()
            after = signed_in(server, passwords, "researcher1")
            job = after.request("GET", "/api/research/trials/%d" % crashed.json()["id"]).json()
            check(job["state"] == "failed" and job["reason"] == "server_restarted", "after a crash: %s" % job)
            check(after.request("GET", "/api/research/trials/%d" % trial_id).json()["reason"] == "server_restarted",
                  "the job of the first restart is still told")

        tests.append(("a restart or a crash fails running jobs, says so", restart_ends_jobs))
        run_tests(tests)
    finally:
        server.stop()
        server.cleanup()


if __name__ == "__main__":
    main()
