"""Departments and availability in the admin console (issue 20, docs/api.md
"Departments and availability") against the real binary: an administrator
moves a department to Europe/Berlin and gives a new clinician weekly hours
there; patients are offered slots at those local hours (the UTC instants
follow daylight saving); a day off takes that clinician's slots off the
calendar and back; removing the hours removes the slots. Also every refusal
with its code, who may do this (403, audited) and the audit of each change.

usage: schedules_test.py PATH/TO/metaclinic
"""

import datetime
import os
import sys
import zoneinfo

from harness import Server, check, open_db, run_tests
from clinic_test import demo_passwords, signed_in

BINARY = os.path.abspath(sys.argv[1])
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def iso_utc(day, hour, minute):
    local = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)
    return local.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def slots_of(patient, clinician_id, day):
    response = patient.request("GET", "/api/departments/dermatology/slots?from=%s&to=%s"
                               % (day.isoformat(), day.isoformat()))
    check(response.status == 200, "slots -> %d %s" % (response.status, response.body))
    return [slot["start"][:19] for slot in response.json()["slots"]
            if slot["clinician"]["id"] == clinician_id]


def main():
    server = Server(BINARY, args=["--demo"]).start()
    try:
        passwords = demo_passwords(server)
        admin = signed_in(server, passwords, "admin")
        patient = signed_in(server, passwords, "patient1")
        cardio = signed_in(server, passwords, "cardio1")
        created = admin.request("POST", "/api/users", {
            "login": "derm9", "name": "Dr Nine", "role": "clinician",
            "password": "a long enough pass phrase 9"})
        check(created.status == 201, "create derm9 -> %d %s" % (created.status, created.body))
        clinician = created.json()["id"]
        # Ten days ahead (inside the booking horizon), as a Berlin calendar day.
        day = (datetime.datetime.now(BERLIN) + datetime.timedelta(days=10)).date()
        weekday = day.isoweekday()
        hours = {"department": "dermatology", "clinician_user_id": clinician,
                 "weekday": weekday, "start": "09:00", "end": "10:00", "slot_minutes": 30}

        def overview_and_zone():
            overview = admin.request("GET", "/api/admin/schedules")
            check(overview.status == 200, "overview -> %d %s" % (overview.status, overview.body))
            body = overview.json()
            check(any(c["id"] == clinician for c in body["clinicians"]), "derm9 is offered")
            check("Europe/Berlin" in body["time_zones"], body["time_zones"])
            moved = admin.request("PATCH", "/api/admin/departments/dermatology",
                                  {"time_zone": "Europe/Berlin"})
            check(moved.status == 204, "PATCH zone -> %d %s" % (moved.status, moved.body))
            again = admin.request("GET", "/api/admin/schedules").json()
            derm = [d for d in again["departments"] if d["slug"] == "dermatology"][0]
            check(derm["time_zone"] == "Europe/Berlin", derm)

        def local_hours_become_slots():
            added = admin.request("POST", "/api/admin/availability", hours)
            check(added.status == 201, "add hours -> %d %s" % (added.status, added.body))
            check(slots_of(patient, clinician, day) == [iso_utc(day, 9, 0), iso_utc(day, 9, 30)],
                  "slots at 09:00 and 09:30 Berlin: %s" % slots_of(patient, clinician, day))
            again = admin.request("POST", "/api/admin/availability", hours)
            check(again.status == 409 and again.error_code() == "availability_exists",
                  "duplicate -> %d" % again.status)

        def a_day_off_takes_the_slots():
            off = admin.request("POST", "/api/admin/days-off",
                                {"clinician_user_id": clinician, "day": day.isoformat(),
                                 "reason": "training"})
            check(off.status == 201, "day off -> %d %s" % (off.status, off.body))
            check(slots_of(patient, clinician, day) == [], "no slots on the day off")
            listed = admin.request("GET", "/api/admin/schedules").json()["days_off"]
            check(any(d["clinician_user_id"] == clinician and d["day"] == day.isoformat()
                      and d["reason"] == "training" for d in listed), listed)
            back = admin.request("DELETE", "/api/admin/days-off/%d/%s" % (clinician, day.isoformat()))
            check(back.status == 204, "remove day off -> %d" % back.status)
            check(len(slots_of(patient, clinician, day)) == 2, "the slots are back")

        def removing_hours_removes_slots():
            path = "/api/admin/availability/dermatology/%d/%d/0900" % (clinician, weekday)
            check(admin.request("DELETE", path).status == 204, "remove hours")
            check(slots_of(patient, clinician, day) == [], "no slots without hours")
            gone = admin.request("DELETE", path)
            check(gone.status == 404 and gone.error_code() == "availability_not_found", gone.status)

        def refusals_have_codes():
            patient_id = patient.request("GET", "/api/me").json()["id"]
            cases = [
                ("PATCH", "/api/admin/departments/dermatology", {"time_zone": "Mars/Olympus"},
                 400, "invalid_time_zone"),
                ("PATCH", "/api/admin/departments/dermatology", {"time_zone": "../../etc/passwd"},
                 400, "invalid_time_zone"),
                ("PATCH", "/api/admin/departments/nowhere", {"name": "X"}, 404,
                 "department_not_found"),
                ("POST", "/api/admin/availability", dict(hours, start="10:00", end="09:00"), 400,
                 "invalid_availability"),
                ("POST", "/api/admin/availability", dict(hours, start="9am"), 400,
                 "invalid_availability"),
                ("POST", "/api/admin/availability", dict(hours, weekday=8), 400,
                 "invalid_availability"),
                ("POST", "/api/admin/availability", dict(hours, clinician_user_id=patient_id), 400,
                 "not_a_clinician"),
                ("POST", "/api/admin/availability", dict(hours, extra=1), 400, "unknown_field"),
                ("POST", "/api/admin/days-off", {"clinician_user_id": clinician,
                                                 "day": "2026-02-30"}, 400, "invalid_date"),
            ]
            for method, path, body, status, code in cases:
                response = admin.request(method, path, body)
                check(response.status == status and response.error_code() == code,
                      "%s %s %s -> %d %s" % (method, path, body, response.status, response.body))

        def only_administrators():
            refused = cardio.request("GET", "/api/admin/schedules")
            check(refused.status == 403 and refused.error_code() == "access_denied", refused.status)
            refused = cardio.request("POST", "/api/admin/availability", hours)
            check(refused.status == 403, "a clinician adds hours -> %d" % refused.status)
            db = open_db(server)
            actions = {row[0]: row[1] for row in db.execute(
                "SELECT action, outcome FROM audit_log WHERE action LIKE 'schedule.%'")}
            for action in ("schedule.department", "schedule.hours.add", "schedule.hours.remove",
                           "schedule.day_off.add", "schedule.day_off.remove"):
                check(action in actions, "%s is audited: %s" % (action, actions))
            denied = db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'schedule.read' "
                                "AND outcome = 'denied'").fetchone()[0]
            check(denied >= 1, "the refused read is audited")

        run_tests([
            ("the overview, and a department moves to Europe/Berlin", overview_and_zone),
            ("weekly hours in local time become slots", local_hours_become_slots),
            ("a day off takes that clinician's slots", a_day_off_takes_the_slots),
            ("removing the hours removes the slots", removing_hours_removes_slots),
            ("every refusal has its code", refusals_have_codes),
            ("only administrators; every change audited", only_administrators),
        ])
    finally:
        server.cleanup()


if __name__ == "__main__":
    main()
