"""The rehabilitation routes (docs/api.md "Rehabilitation", issue 17)
against the real binary with the demo data (rehab1 and patient5):

- a set posted by the patient is re-analysed on the server and gives the
  same numbers as `metaclinic motion analyse` on the same trace (the golden
  knee trace, and a synthetic headset trace for cervical rotation); its four
  Observations are readable through /fhir, linked to the CarePlan, and pass
  the server's R4 schema check when posted again;
- every bad input has its stable code and stores nothing;
- outside the care relationship: 403, and the refusal is audited;
- prescribing replaces the programme; progress counts data days.

usage: rehab_test.py PATH/TO/metaclinic
"""

import json
import math
import os
import socket
import sys
import tempfile
import time

from harness import Server, check, open_db, run_cli, run_tests
from clinic_test import demo_passwords, signed_in

BINARY = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KNEE_TRACE = os.path.join(ROOT, "src", "sim", "motion", "testdata", "knee_extension_2d.csv")
WORK = tempfile.mkdtemp(prefix="mc-rehab-")


def now_iso(offset_s=0):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + offset_s))


def head_trace():
    """Six turns of the head to the left at 30 Hz (one only to 30 degrees)
    and half a second without tracking, as a headset would record them."""
    rows, t = ["t_ms,head_qx,head_qy,head_qz,head_qw"], 0.0

    def add(yaw_deg):
        nonlocal t
        half = math.radians(yaw_deg) / 2
        rows.append("%.0f,0,%.6f,0,%.6f" % (t, math.sin(half), math.cos(half)))
        t += 1000 / 30

    for _ in range(30):
        add(0)
    for peak in (70, 72, 30, 68, 75, 71):
        for step in range(61):
            add(peak * math.sin(step * math.pi / 60))
        for _ in range(15):
            add(0)
    for _ in range(15):
        rows.append("%.0f,,,," % t)
        t += 1000 / 30
    for _ in range(20):
        add(0)
    return "\n".join(rows) + "\n"


def cli_result(trace_text, exercise, side, target):
    path = os.path.join(WORK, exercise + ".csv")
    with open(path, "w") as handle:
        handle.write(trace_text)
    out = os.path.join(WORK, exercise + ".json")
    result = run_cli(BINARY, ["motion", "analyse", "--exercise", exercise, "--side", side,
                              "--target-deg", str(target), "--in", path, "--out", out])
    check(result.returncode == 0, result.stderr)
    with open(out) as handle:
        return json.load(handle)


class Context:
    def __init__(self, server):
        self.server = server
        passwords = demo_passwords(server)
        self.people = {login: signed_in(server, passwords, login)
                       for login in ("patient5", "patient1", "rehab1", "cardio1")}
        self.pseudonym = self.people["patient5"].request("GET", "/api/me").json()["patient"]
        programme = self.people["patient5"].request("GET", "/api/rehab/programme")
        check(programme.status == 200, programme.body)
        self.programme = programme.json()

    def activity(self, exercise):
        return next(a for a in self.programme["activities"] if a["exercise"] == exercise)

    def set_body(self, exercise, trace_text, **changes):
        activity = self.activity(exercise)
        body = {"careplan_id": self.programme["careplan_id"], "activity_id": activity["id"],
                "exercise": exercise, "side": activity["side"],
                "target_deg": activity["target_deg"], "pain_before": 4, "pain_after": 3,
                "started_at": now_iso(-120), "trace_csv": trace_text}
        body.update(changes)
        return body

    def observation_rows(self):
        with open_db(self.server) as db:
            return db.execute("SELECT COUNT(*) FROM vault_records WHERE pseudonym = ? AND type = "
                              "'Observation'", (self.pseudonym,)).fetchone()[0]

    def denied(self):
        with open_db(self.server) as db:
            return db.execute("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND "
                              "patient_pseudonym = ?", (self.pseudonym,)).fetchone()[0]


def test_demo_programme(ctx):
    exercises = [(a["exercise"], a["side"], a["target_deg"]) for a in ctx.programme["activities"]]
    check(exercises == [("knee-extension", "right", 10.0), ("shoulder-flexion", "right", 120.0),
                        ("cervical-rotation", "left", 60.0)], str(exercises))
    check(all(a["sets"] > 0 and a["reps"] > 0 and 1 <= a["days_per_week"] <= 7 and a["title"]
              for a in ctx.programme["activities"]), str(ctx.programme))
    none = ctx.people["patient1"].request("GET", "/api/rehab/programme")
    check(none.status == 404 and none.error_code() == "programme_not_found", none.body)
    staff = ctx.people["rehab1"].request("GET", "/api/rehab/programme")
    check(staff.status == 403 and staff.error_code() == "access_denied", staff.body)
    patients = ctx.people["rehab1"].request("GET", "/api/rehab/patients").json()["patients"]
    check({"patient": ctx.pseudonym, "name": "Casey Demo (synthetic patient)"} in patients,
          str(patients))
    with open_db(ctx.server) as db:
        listed = db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'rehab.patients' AND "
                            "actor_role = 'clinician' AND outcome = 'success'").fetchone()[0]
    check(listed == 1, "the patient list is audited: %d" % listed)
    refused = ctx.people["patient1"].request("GET", "/api/rehab/patients")
    check(refused.status == 403 and refused.error_code() == "access_denied", refused.body)


def check_same_as_cli(answer, expected):
    check(answer["rep_count"] == expected["rep_count"] and
          answer["partial_count"] == expected["partial_count"] and
          answer["rom_deg"] == expected["rom_deg"] and
          answer["low_confidence_ms"] == expected["low_confidence_ms"] and
          answer["target_deg"] == expected["target_deg"], "%s vs CLI %s" % (answer, expected))


def test_set_matches_the_cli_and_is_stored_as_fhir(ctx):
    with open(KNEE_TRACE) as handle:
        knee = handle.read()
    before = ctx.observation_rows()
    posted = ctx.people["patient5"].request("POST", "/api/rehab/sets", ctx.set_body("knee-extension", knee))
    check(posted.status == 201, posted.body)
    answer = posted.json()
    check_same_as_cli(answer, cli_result(knee, "knee-extension", "right", 10))
    check(answer["rep_count"] == 4 and answer["partial_count"] == 1, str(answer))
    check(len(answer["observation_ids"]) == 4 and ctx.observation_rows() == before + 4,
          str(answer))
    codes = []
    for observation_id in answer["observation_ids"]:
        read = ctx.people["rehab1"].request("GET", "/fhir/Observation/" + observation_id)
        check(read.status == 200, read.body)
        resource = read.json()
        check(resource["basedOn"] == [{"reference": "CarePlan/" + ctx.programme["careplan_id"]}]
              and resource["subject"]["reference"] == "Patient/" + ctx.pseudonym, read.body)
        codes.append(resource["code"]["coding"][0]["code"])
        # The server's R4 schema check (the one every FHIR write passes).
        copy = {key: value for key, value in resource.items() if key not in ("id", "meta")}
        again = ctx.people["rehab1"].request("POST", "/fhir/Observation", raw_body=json.dumps(copy).encode(),
                                             headers={"Content-Type": "application/fhir+json"})
        check(again.status == 201, again.body)
    check(codes == ["range-of-motion", "repetitions", "72514-3", "72514-3"], str(codes))

    trace = head_trace()
    neck = ctx.people["patient5"].request("POST", "/api/rehab/sets",
                                          ctx.set_body("cervical-rotation", trace))
    check(neck.status == 201, neck.body)
    check_same_as_cli(neck.json(), cli_result(trace, "cervical-rotation", "left", 60))
    check(neck.json()["rep_count"] == 5 and neck.json()["partial_count"] == 1, neck.body)


def test_bad_sets_store_nothing(ctx):
    with open(KNEE_TRACE) as handle:
        knee = handle.read()
    patient = ctx.people["patient5"]
    before = ctx.observation_rows()
    header = knee.split("\n", 1)[0]
    cases = [
        ({"trace_csv": None}, "invalid_field"),
        ({"pain_before": 11}, "invalid_pain"),
        ({"pain_after": 2.5}, "invalid_pain"),
        ({"started_at": "yesterday"}, "invalid_started_at"),
        ({"started_at": now_iso(3600)}, "invalid_started_at"),
        ({"target_deg": 20}, "activity_mismatch"),
        ({"side": "left"}, "activity_mismatch"),
        ({"activity_id": "a9"}, "activity_not_found"),
        ({"careplan_id": "nope"}, "careplan_not_found"),
        ({"extra": 1}, "unknown_field"),
        ({"trace_csv": ""}, "trace_empty"),
        ({"trace_csv": "t_ms,nose_x\n0,1\n"}, "trace_missing_column"),
        ({"trace_csv": header + "\n" + knee.split("\n")[2] + "\n" + knee.split("\n")[1] + "\n"},
         "trace_time_order"),
        ({"trace_csv": knee + "1,2\n"}, "trace_row_width"),
        ({"trace_csv": "t_ms,head_qx,head_qy,head_qz,head_qw\n0,0,0,0,1\n"}, "trace_missing_column"),
        ({"trace_csv": knee + " " * (4 * 1024 * 1024)}, "trace_too_large"),
    ]
    for changes, code in cases:
        response = patient.request("POST", "/api/rehab/sets", ctx.set_body("knee-extension", knee, **changes))
        status = 404 if code == "careplan_not_found" else 400
        check(response.status == status and response.error_code() == code,
              "%s -> %d %s" % (list(changes), response.status, response.body[:200]))
    missing = ctx.set_body("knee-extension", knee)
    del missing["pain_after"]
    response = patient.request("POST", "/api/rehab/sets", missing)
    check(response.error_code() == "invalid_pain", response.body)
    neck_bad = ctx.set_body("cervical-rotation", "t_ms,head_qx,head_qy,head_qz,head_qw\n0,0,0,0,3\n")
    response = patient.request("POST", "/api/rehab/sets", neck_bad)
    check(response.error_code() == "trace_not_a_rotation", response.body)
    raw = patient.request("POST", "/api/rehab/sets", raw_body=b"{not json",
                          headers={"Content-Type": "application/json"})
    check(raw.status == 400 and raw.error_code() == "invalid_json", raw.body)
    # Over 5 MiB: 413 from the Content-Length alone, before the body (the
    # 4 MiB trace above came through: this route's limit is above 1 MiB).
    sock = socket.create_connection(("127.0.0.1", ctx.server.port), timeout=10)
    sock.sendall(b"POST /api/rehab/sets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: %d\r\n\r\n" % (5 * 1024 * 1024 + 1) + b"x" * 1024)
    reply = sock.recv(65536)
    sock.close()
    check(reply.startswith(b"HTTP/1.1 413") and b"body_too_large" in reply, reply[:200])
    patient_csrf, patient.csrf = patient.csrf, None
    no_csrf = patient.request("POST", "/api/rehab/sets", ctx.set_body("knee-extension", knee))
    patient.csrf = patient_csrf
    check(no_csrf.status == 403 and no_csrf.error_code() == "csrf_failed", no_csrf.body)
    check(ctx.observation_rows() == before, "a refused set stored something")


def test_outside_care_is_refused_and_audited(ctx):
    with open(KNEE_TRACE) as handle:
        knee = handle.read()
    denied = ctx.denied()
    other = ctx.people["patient1"].request("POST", "/api/rehab/sets", ctx.set_body("knee-extension", knee))
    check(other.status == 403 and other.error_code() == "access_denied", other.body)
    cardio = ctx.people["cardio1"]
    progress = cardio.request("GET", "/api/rehab/patients/%s/progress" % ctx.pseudonym)
    check(progress.status == 403 and progress.error_code() == "access_denied", progress.body)
    prescribe = cardio.request("POST", "/api/rehab/careplans", {
        "patient": ctx.pseudonym, "title": "Not mine",
        "activities": [{k: v for k, v in ctx.programme["activities"][0].items() if k != "id"}]})
    check(prescribe.status == 403 and prescribe.error_code() == "access_denied", prescribe.body)
    check(ctx.denied() == denied + 3, "refusals audited: %d -> %d" % (denied, ctx.denied()))
    unknown = ctx.people["rehab1"].request("GET", "/api/rehab/patients/nobody/progress")
    check(unknown.status == 404 and unknown.error_code() == "patient_not_found", unknown.body)
    by_patient = ctx.people["patient5"].request("GET", "/api/rehab/patients/%s/progress" % ctx.pseudonym)
    check(by_patient.status == 403, by_patient.body)


def test_prescribe_replaces_and_progress_counts(ctx):
    rehab1 = ctx.people["rehab1"]
    progress = rehab1.request("GET", "/api/rehab/patients/%s/progress" % ctx.pseudonym)
    check(progress.status == 200, progress.body)
    report = progress.json()
    check(report["data_days"] == 1 and report["below_minimum"] and report["minimum_days"] == 16 and
          report["words"].startswith("1 of 30 days with exercise data: below the 16 days"), str(report))
    knee_sets = [s for s in report["sets"] if s["exercise"] == "knee-extension"]
    check(len(knee_sets) == 1 and knee_sets[0]["pain_before"] == 4 and knee_sets[0]["pain_after"] == 3
          and knee_sets[0]["rom_deg"] == {"min": 5.4, "max": 90.6}, str(report["sets"]))
    bad = rehab1.request("POST", "/api/rehab/careplans", {
        "patient": ctx.pseudonym, "title": "Bad",
        "activities": [{"exercise": "shoulder-flexion", "side": "left", "sets": 3, "reps": 10,
                        "target_deg": 5, "days_per_week": 5, "title": "Reach"}]})
    check(bad.status == 400 and bad.error_code() == "invalid_target" and "activities[0]" in bad.body.decode(),
          bad.body)
    empty = rehab1.request("POST", "/api/rehab/careplans",
                           {"patient": ctx.pseudonym, "title": "Empty", "activities": []})
    check(empty.error_code() == "invalid_activities", empty.body)
    new = rehab1.request("POST", "/api/rehab/careplans", {
        "patient": ctx.pseudonym, "title": "Shoulder only",
        "activities": [{"exercise": "shoulder-abduction", "side": "left", "sets": 2, "reps": 12,
                        "target_deg": 80, "days_per_week": 4, "title": "Side raise"}]})
    check(new.status == 201, new.body)
    mine = ctx.people["patient5"].request("GET", "/api/rehab/programme").json()
    check(mine["careplan_id"] == new.json()["careplan_id"] and mine["title"] == "Shoulder only" and
          mine["activities"][0]["id"] == "a1", str(mine))
    with open(KNEE_TRACE) as handle:
        old = ctx.people["patient5"].request("POST", "/api/rehab/sets",
                                             ctx.set_body("knee-extension", handle.read()))
    check(old.status == 400 and old.error_code() == "programme_not_active", old.body)
    report = rehab1.request("GET", "/api/rehab/patients/%s/progress" % ctx.pseudonym).json()
    check(report["programme"]["title"] == "Shoulder only", str(report["programme"]))


def main():
    server = Server(BINARY, args=["--demo"]).start()
    try:
        ctx = Context(server)
        run_tests([
            ("demo programme", lambda: test_demo_programme(ctx)),
            ("set = CLI numbers, FHIR Observations", lambda: test_set_matches_the_cli_and_is_stored_as_fhir(ctx)),
            ("bad sets store nothing", lambda: test_bad_sets_store_nothing(ctx)),
            ("outside care: 403, audited", lambda: test_outside_care_is_refused_and_audited(ctx)),
            ("prescribe replaces; progress", lambda: test_prescribe_replaces_and_progress_counts(ctx)),
        ])
    finally:
        server.cleanup()


if __name__ == "__main__":
    main()
