"""Integration tests of the clinic API (docs/api.md "Clinic"): departments,
slots and appointments against the real binary with the demo data, and
1,000 concurrent attempts at one slot of which exactly one succeeds.

usage: clinic_test.py PATH/TO/metaclinic
"""

import http.client
import json
import os
import sys
import threading
import time
import warnings

warnings.simplefilter("ignore", DeprecationWarning)

from harness import Server, check, open_db, run_tests

BINARY = os.path.abspath(sys.argv[1])
ATTEMPTS = 1000
THREADS = 50


def demo_passwords(server):
    passwords = {}
    for line in server.stdout_lines:
        fields = line.split()
        if len(fields) == 3 and not line.startswith("="):
            passwords[fields[0]] = fields[2]
    return passwords


def signed_in(server, passwords, login):
    client = server.client()
    response = client.login(login, passwords[login])
    check(response.status == 200, "login %s -> %d" % (login, response.status))
    return client


def open_slots(client, department, query=""):
    response = client.request("GET", "/api/departments/%s/slots%s" % (department, query))
    check(response.status == 200, "slots -> %d %s" % (response.status, response.body))
    return response.json()["slots"]


def test_departments_and_slots(server, people):
    patient = people["patient1"]
    departments = patient.request("GET", "/api/departments").json()["departments"]
    check(len(departments) == 6, str(departments))
    for department in departments:
        # One clinician each; mental health also has the demo therapist.
        expected = 2 if department["id"] == "mental-health" else 1
        check(len(department["clinicians"]) == expected, "clinicians of %s" % department["id"])
        check(len(department["clinicians"][0]["availability"]) == 7, str(department))
    slots = open_slots(patient, "cardiology", "")
    check(len(slots) > 0, "no open cardiology slots this week")
    check(slots[0]["clinician"]["name"] == "Dr. Demo Cardiology", str(slots[0]))
    two_weeks = open_slots(patient, "mental-health",
                           "?from=%s&to=%s" % (time.strftime("%Y-%m-%d", time.gmtime()),
                                               time.strftime("%Y-%m-%d", time.gmtime(time.time() + 13 * 86400))))
    check(len(two_weeks) >= 9 * 14, "%d slots in 14 days" % len(two_weeks))
    for query, status, code in (("?from=2026-02-30", 400, "invalid_date"),
                                ("?from=tomorrow", 400, "invalid_date"),
                                ("?from=2026-01-01&to=2026-03-01", 400, "range_too_long"),
                                ("?from=2026-01-10&to=2026-01-01", 400, "invalid_range")):
        response = patient.request("GET", "/api/departments/cardiology/slots" + query)
        check(response.status == status and response.error_code() == code,
              "%s -> %d %s" % (query, response.status, response.body))
    missing = patient.request("GET", "/api/departments/surgery/slots")
    check(missing.status == 404 and missing.error_code() == "department_not_found", missing.body)
    anonymous = server.client().request("GET", "/api/departments/cardiology/slots")
    check(anonymous.status == 401, "anonymous slots -> %d" % anonymous.status)


def test_book_list_cancel(server, people):
    patient, other, clinician = people["patient1"], people["patient2"], people["derm1"]
    slot = open_slots(patient, "dermatology")[0]
    no_csrf = server.client()
    no_csrf.cookie = patient.cookie
    check(no_csrf.request("POST", "/api/appointments", {"slot": slot["id"]}).status == 403,
          "booking without CSRF token")
    booked = patient.request("POST", "/api/appointments",
                             {"slot": slot["id"], "reason": "rash (synthetic)"})
    check(booked.status == 201, "book -> %d %s" % (booked.status, booked.body))
    appointment = booked.json()
    check(appointment["status"] == "booked" and appointment["start"] == slot["start"], booked.body)
    check(booked.headers.get("location") == "/api/appointments/%d" % appointment["id"], str(booked.headers))
    again = other.request("POST", "/api/appointments", {"slot": slot["id"]})
    check(again.status == 409 and again.error_code() == "slot_taken", again.body)
    check(slot["id"] not in [s["id"] for s in open_slots(other, "dermatology")], "booked slot still open")
    mine = patient.request("GET", "/api/appointments").json()["appointments"]
    check([a["id"] for a in mine] == [appointment["id"]] and mine[0]["reason"] == "rash (synthetic)",
          str(mine))
    check(other.request("GET", "/api/appointments").json()["appointments"] == [], "other sees it")
    schedule = clinician.request("GET", "/api/appointments").json()["appointments"]
    check([a["id"] for a in schedule] == [appointment["id"]], str(schedule))
    with open_db(server) as db:
        ciphertext = db.execute("SELECT ciphertext FROM vault_records WHERE id = ?",
                                (appointment["record"],)).fetchone()[0]
        check(b"rash" not in bytes(ciphertext), "reason stored in plaintext")
    path = "/api/appointments/%d" % appointment["id"]
    denied = other.request("DELETE", path)
    check(denied.status == 403 and denied.error_code() == "access_denied", denied.body)
    cancelled = patient.request("DELETE", path)
    check(cancelled.status == 200 and cancelled.json()["status"] == "cancelled", cancelled.body)
    twice = patient.request("DELETE", path)
    check(twice.status == 412 and twice.error_code() == "appointment_cancelled", twice.body)
    check(patient.request("DELETE", "/api/appointments/999999").status == 404, "unknown id")
    check(slot["id"] in [s["id"] for s in open_slots(other, "dermatology")], "slot not reopened")
    bad = patient.request("POST", "/api/appointments", {"slot": "dermatology.1.2"})
    check(bad.status == 404 and bad.error_code() == "slot_not_found", bad.body)


def test_staff_book_for_patient_with_visit_link(server, people):
    nurse, patient = people["nurse1"], people["patient2"]
    slot = open_slots(nurse, "endocrinology")[0]
    missing = nurse.request("POST", "/api/appointments", {"slot": slot["id"]})
    check(missing.status == 400 and missing.error_code() == "patient_required", missing.body)
    booked = nurse.request("POST", "/api/appointments",
                           {"slot": slot["id"], "patient": "patient2", "visit_link": True})
    check(booked.status == 201, "nurse book -> %d %s" % (booked.status, booked.body))
    appointment = booked.json()
    link = appointment["visit_link"]
    check(link["purpose"] == "appointment:%d" % appointment["id"], str(link))
    mine = patient.request("GET", "/api/appointments").json()["appointments"]
    check(appointment["id"] in [a["id"] for a in mine], "patient does not see it")
    guest = server.client()
    redeemed = guest.request("POST", "/api/visit-links/redeem", {"token": link["token"]})
    check(redeemed.status == 200 and redeemed.json()["purpose"] == link["purpose"], redeemed.body)
    check(guest.request("GET", "/api/appointments").status == 403, "guest lists appointments")
    asks_link = patient.request("POST", "/api/appointments",
                                {"slot": open_slots(patient, "endocrinology")[0]["id"],
                                 "visit_link": True})
    check(asks_link.status == 403, "patient issued a visit link: %s" % asks_link.body)


class KeepAliveClient:
    """One persistent HTTP/1.1 connection, reconnecting when the server closes it."""

    def __init__(self, server, client):
        self.server, self.client, self.connection = server, client, None

    def post(self, path, body):
        headers = {"Host": "127.0.0.1:%d" % self.server.port,
                   "Cookie": "mc_session=" + self.client.cookie,
                   "X-CSRF-Token": self.client.csrf,
                   "Content-Type": "application/json"}
        for attempt in range(2):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection("127.0.0.1", self.server.port,
                                                                 timeout=30)
                self.connection.request("POST", path, body=json.dumps(body).encode(),
                                        headers=headers)
                response = self.connection.getresponse()
                response.read()
                if response.getheader("connection", "").lower() == "close":
                    self.connection.close()
                    self.connection = None
                return response.status
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt == 1:
                    raise
        return None


def test_thousand_concurrent_attempts_one_winner(server, people):
    bookers = [(people[login], {}) for login in ("patient1", "patient2", "patient3")]
    bookers += [(people["nurse1"], {"patient": "patient3"}), (people["cardio1"], {"patient": "patient1"})]
    slot = open_slots(people["patient1"], "cardiology")[-1]["id"]
    statuses = []
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def worker(index):
        client, extra = bookers[index % len(bookers)]
        connection = KeepAliveClient(server, client)
        mine = []
        barrier.wait()
        for _ in range(ATTEMPTS // THREADS):
            try:
                mine.append(connection.post("/api/appointments", dict(extra, slot=slot)))
            except Exception as error:  # counted as a failure below
                mine.append(repr(error))
        with lock:
            statuses.extend(mine)

    started = time.time()
    threads = [threading.Thread(target=worker, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.time() - started
    counts = {status: statuses.count(status) for status in set(statuses)}
    check(len(statuses) == ATTEMPTS, "only %d attempts finished" % len(statuses))
    check(counts.get(201) == 1 and counts.get(409) == ATTEMPTS - 1,
          "statuses %s in %.1fs" % (counts, elapsed))
    with open_db(server) as db:
        rows = db.execute("SELECT COUNT(*) FROM appointments WHERE slot = ? AND status = 'booked'",
                          (slot,)).fetchone()[0]
        check(rows == 1, "%d booked rows for the slot" % rows)
    print("     %d attempts from %d threads in %.1fs: %s" % (ATTEMPTS, THREADS, elapsed, counts))


def main():
    server = Server(BINARY, args=["--demo"])
    try:
        server.start()
        passwords = demo_passwords(server)
        people = {login: signed_in(server, passwords, login)
                  for login in ("patient1", "patient2", "patient3", "nurse1", "cardio1", "derm1")}

        def bound(test):
            return lambda: test(server, people)

        run_tests([
            ("departments and slots", bound(test_departments_and_slots)),
            ("book, list, cancel", bound(test_book_list_cancel)),
            ("staff book for a patient with a visit link",
             bound(test_staff_book_for_patient_with_visit_link)),
            ("1,000 concurrent attempts, one winner",
             bound(test_thousand_concurrent_attempts_one_winner)),
        ])
    finally:
        server.cleanup()


if __name__ == "__main__":
    main()
