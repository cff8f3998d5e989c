"""Live rehabilitation sessions (docs/api.md "Rehabilitation", issue 17:
"the therapist can join a live session") against the real binary with the
demo data (rehab1 and patient5):

- a patient's PUT /api/rehab/live is read back by their therapist (GET
  /api/rehab/patients/{patient}/live), joining is audited once, the frame
  goes at DELETE or after 5 s of silence, and nothing is stored or logged;
- only the patient shares; only the care team watches (403, audited);
- every bad frame has its stable code and changes nothing.

usage: rehab_live_test.py PATH/TO/metaclinic
"""

import json
import os
import sys
import time

from harness import Server, check, open_db, run_tests
from clinic_test import demo_passwords, signed_in

BINARY = os.path.abspath(sys.argv[1])
MARK = 123.4567  # a keypoint value that must never reach a log


def frame(**changes):
    body = {"exercise": "knee-extension", "side": "right", "target_deg": 10, "reps": 10,
            "rep_count": 3, "partial_count": 1, "angle_deg": 45.5,
            "keypoints": [[MARK + i, 200.0 + i, 0.9] for i in range(17)]}
    body.update(changes)
    return body


class Context:
    def __init__(self, server):
        self.server = server
        passwords = demo_passwords(server)
        self.people = {login: signed_in(server, passwords, login)
                       for login in ("patient5", "patient1", "rehab1", "cardio1")}
        self.pseudonym = self.people["patient5"].request("GET", "/api/me").json()["patient"]
        self.path = "/api/rehab/patients/%s/live" % self.pseudonym

    def audit(self, outcome):
        with open_db(self.server) as db:
            return db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'rehab.live.watch' "
                              "AND outcome = ?", (outcome,)).fetchone()[0]

    def audit_rows(self):
        with open_db(self.server) as db:
            return db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]

    def vault_rows(self):
        with open_db(self.server) as db:
            return db.execute("SELECT COUNT(*) FROM vault_records").fetchone()[0]

    def watch(self, login="rehab1"):
        return self.people[login].request("GET", self.path)


def test_share_and_watch(ctx):
    patient, before = ctx.people["patient5"], ctx.audit("success")
    idle = ctx.watch()
    check(idle.status == 200 and idle.json()["live"] is False, idle.body)
    check(idle.json()["name"].startswith("Casey Demo"), idle.body)
    check(ctx.audit("success") == before + 1, "joining is audited")
    audit_rows, vault_rows = ctx.audit_rows(), ctx.vault_rows()
    shared = patient.request("PUT", "/api/rehab/live", frame())
    check(shared.status == 200 and shared.json() == {"shared": True, "expires_ms": 5000}, shared.body)
    check(ctx.audit_rows() == audit_rows and ctx.vault_rows() == vault_rows,
          "sharing stores nothing and is not audited")
    live = ctx.watch().json()
    check(live["live"] is True and live["exercise"] == "knee-extension" and live["side"] == "right", str(live))
    check(live["rep_count"] == 3 and live["reps"] == 10 and live["partial_count"] == 1 and
          live["angle_deg"] == 45.5 and live["target_deg"] == 10, str(live))
    check(len(live["keypoints"]) == 17 and live["keypoints"][0] == [MARK, 200.0, 0.9], str(live["keypoints"][:2]))
    check(0 <= live["age_ms"] < 5000, str(live["age_ms"]))
    neck = patient.request("PUT", "/api/rehab/live", frame(exercise="cervical-rotation", side="left",
                                                           target_deg=45, keypoints=None, angle_deg=None))
    check(neck.status == 200, neck.body)
    live = ctx.watch().json()
    check(live["exercise"] == "cervical-rotation" and live["keypoints"] is None and live["angle_deg"] is None, str(live))
    check(ctx.audit("success") == before + 1, "polling again is the same join: audited once")
    ended = patient.request("DELETE", "/api/rehab/live")
    check(ended.status == 200 and ctx.watch().json()["live"] is False, ended.body)
    patient.request("PUT", "/api/rehab/live", frame())
    check(ctx.watch().json()["live"] is True, "shared again")
    time.sleep(5.4)
    check(ctx.watch().json()["live"] is False, "a frame expires after 5 s of silence")
    check(ctx.vault_rows() == vault_rows, "nothing of it was stored")
    logs = "".join(ctx.server.stdout_lines) + ctx.server.stderr()
    check(str(MARK) not in logs, "keypoints were logged")


def test_only_the_care_team_watches(ctx):
    denied = ctx.audit("denied")
    cardio = ctx.watch("cardio1")
    check(cardio.status == 403 and cardio.error_code() == "access_denied", cardio.body)
    other = ctx.watch("patient1")
    check(other.status == 403 and other.error_code() == "access_denied", other.body)
    check(ctx.audit("denied") == denied + 2, "refusals audited: %d -> %d" % (denied, ctx.audit("denied")))
    unknown = ctx.people["rehab1"].request("GET", "/api/rehab/patients/nobody/live")
    check(unknown.status == 404 and unknown.error_code() == "patient_not_found", unknown.body)
    staff = ctx.people["rehab1"].request("PUT", "/api/rehab/live", frame())
    check(staff.status == 403 and staff.error_code() == "access_denied", staff.body)
    staff_end = ctx.people["rehab1"].request("DELETE", "/api/rehab/live")
    check(staff_end.status == 403 and staff_end.error_code() == "access_denied", staff_end.body)


def test_bad_frames_change_nothing(ctx):
    patient = ctx.people["patient5"]
    check(patient.request("PUT", "/api/rehab/live", frame(rep_count=2)).status == 200, "a good frame")
    points = frame()["keypoints"]
    cases = [
        (frame(exercise="juggling"), "invalid_exercise"),
        (frame(side="up"), "invalid_side"),
        (frame(reps=0), "invalid_live"),
        (frame(rep_count=2.5), "invalid_live"),
        (frame(rep_count=-1), "invalid_live"),
        (frame(target_deg="ten"), "invalid_live"),
        (frame(angle_deg=720), "invalid_live"),
        (frame(keypoints=points[:16]), "invalid_live"),
        (frame(keypoints=points[:16] + [[1, 2, 1.5]]), "invalid_live"),
        (frame(keypoints=points[:16] + [[1e9, 2, 0.5]]), "invalid_live"),
        (frame(keypoints=points[:16] + [[1, 2]]), "invalid_live"),
        (frame(video="data:image/png;base64,AAAA"), "unknown_field"),
        ({k: v for k, v in frame().items() if k != "angle_deg"}, "invalid_live"),
    ]
    for body, code in cases:
        answer = patient.request("PUT", "/api/rehab/live", body)
        check(answer.status == 400 and answer.error_code() == code,
              "%s -> %d %s" % (json.dumps(body)[:80], answer.status, answer.body[:200]))
    big = patient.request("PUT", "/api/rehab/live", raw_body=json.dumps(frame(pad="x" * 9000)).encode(),
                          headers={"Content-Type": "application/json"})
    check(big.status == 400 and big.error_code() == "live_too_large", big.body)
    not_json = patient.request("PUT", "/api/rehab/live", raw_body=b"{", headers={"Content-Type": "application/json"})
    check(not_json.status == 400, not_json.body)
    csrf, patient.csrf = patient.csrf, None
    no_csrf = patient.request("PUT", "/api/rehab/live", frame(rep_count=9))
    patient.csrf = csrf
    check(no_csrf.status == 403 and no_csrf.error_code() == "csrf_failed", no_csrf.body)
    check(ctx.watch().json()["rep_count"] == 2, "a refused frame changed the live state")


def main():
    server = Server(BINARY, args=["--demo"]).start()
    try:
        ctx = Context(server)
        run_tests([
            ("share, watch, audited once, expires", lambda: test_share_and_watch(ctx)),
            ("only the care team watches", lambda: test_only_the_care_team_watches(ctx)),
            ("bad frames change nothing", lambda: test_bad_frames_change_nothing(ctx)),
        ])
    finally:
        server.cleanup()


if __name__ == "__main__":
    main()
