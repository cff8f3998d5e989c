"""Integration tests of the FHIR API (docs/fhir.md) against the real binary
with the demo data:

- the authorization matrix: roles x resource types x own/other patient x
  interactions, every outcome compared with the rules of docs/fhir.md
  restated here independently; zero unexpected allows, zero unexpected
  denials;
- audit completeness: every patient-data operation of the matrix appends
  exactly one audit record;
- erasure: afterwards nothing of the patient decrypts (their key, records
  and history are gone) and no file of the data directory contains their
  identifying strings.

usage: fhir_test.py PATH/TO/metaclinic
"""

import json
import os
import sys

from harness import Server, check, open_db, run_tests
from clinic_test import demo_passwords, signed_in

BINARY = os.path.abspath(sys.argv[1])

TYPES = ["Patient", "Observation", "Condition", "Encounter", "Appointment",
         "QuestionnaireResponse", "Consent", "AuditEvent"]
WRITABLE = {"Patient", "Observation", "Condition", "Encounter", "QuestionnaireResponse", "Consent",
            "Appointment"}
SELF_SERVICE = {"QuestionnaireResponse", "Consent"}
ACTORS = ["patient1", "cardio1", "derm1", "nurse1", "student1", "researcher1", "admin"]
CARE = {"cardio1", "derm1", "nurse1"}


def body_for(kind, pseudonym):
    subject = {"reference": "Patient/" + pseudonym}
    loinc = {"coding": [{"system": "http://loinc.org", "code": "4548-4"}]}
    return {
        "Observation": {"resourceType": "Observation", "status": "final", "code": loinc,
                        "subject": subject, "effectiveDateTime": "2026-11-01T08:00:00Z",
                        "valueQuantity": {"value": 6.9, "unit": "%"}},
        "Condition": {"resourceType": "Condition", "subject": subject,
                      "code": {"text": "Synthetic condition"}, "recordedDate": "2026-11-01"},
        "Encounter": {"resourceType": "Encounter", "status": "finished",
                      "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                                "code": "VR"}, "subject": subject},
        "QuestionnaireResponse": {"resourceType": "QuestionnaireResponse", "status": "completed",
                                  "subject": subject, "authored": "2026-11-01T08:00:00Z"},
        "Consent": {"resourceType": "Consent", "status": "active",
                    "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope",
                                          "code": "patient-privacy"}]},
                    "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
                    "patient": subject},
        "Patient": {"resourceType": "Patient", "name": [{"text": "Synthetic Newcomer"}]},
        "AuditEvent": {"resourceType": "AuditEvent"},
        "Appointment": {"resourceType": "Appointment", "status": "booked",
                        "participant": [{"actor": subject, "status": "accepted"}]},
    }[kind]


def expected(actor, target, kind, interaction):
    """The rules of docs/fhir.md. Returns "allow", "deny" or "unsupported"."""
    if interaction in ("create", "update") and kind not in WRITABLE:
        return "unsupported"
    if kind == "Appointment" and interaction in ("create", "update"):
        # Booking and cancelling follow the scheduling rules: a patient for
        # themself; care staff book for any patient (booking starts the care
        # relationship) but cancel only with a care relationship: cardio1,
        # whose slot each cancelled appointment was booked into.
        if actor == "patient1":
            return "allow" if target == "patient1" else "deny"
        if interaction == "update":
            return "allow" if actor == "cardio1" else "deny"
        return "allow" if actor in CARE else "deny"
    if actor == "patient1":
        if target != "patient1":
            return "deny"
        if interaction in ("create", "update"):
            return "allow" if kind in SELF_SERVICE else "deny"
        return "allow"
    if actor == "admin":
        return "allow" if kind == "AuditEvent" and interaction in ("read", "search") else "deny"
    if actor in CARE and kind != "AuditEvent":
        # Only cardio1 has a care relationship (with patient1, by appointment).
        return "allow" if actor == "cardio1" and target == "patient1" else "deny"
    return "deny"


class Matrix:
    def __init__(self, server, passwords):
        self.server = server
        self.passwords = passwords
        self.clients = {login: signed_in(server, passwords, login) for login in ACTORS + ["patient2"]}
        self.pseudonyms = {p: self.clients[p].request("GET", "/api/me").json()["patient"]
                           for p in ("patient1", "patient2")}
        self.db = open_db(server)
        self.resources = {}  # (target, kind) -> (id, resource)

    def audit_count(self):
        return self.db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]

    def fhir(self, login, method, path, body=None, headers=None):
        all_headers = {"Content-Type": "application/fhir+json"}
        all_headers.update(headers or {})
        return self.clients[login].request(method, "/fhir" + path, body, headers=all_headers)

    def prepare(self):
        # patient1 books cardiology: cardio1's care relationship.
        p1 = self.clients["patient1"]
        slot = p1.request("GET", "/api/departments/cardiology/slots").json()["slots"][0]["id"]
        check(p1.request("POST", "/api/appointments", {"slot": slot}).status == 201, "booking")
        glass = {"X-Break-Glass": "setting up the authorization matrix"}
        for target in ("patient1", "patient2"):
            pseudonym = self.pseudonyms[target]
            for kind in ("Observation", "Condition", "Encounter", "QuestionnaireResponse", "Consent"):
                made = self.fhir("cardio1", "POST", "/" + kind, body_for(kind, pseudonym), glass)
                check(made.status == 201, "%s for %s: %s" % (kind, target, made.body[:300]))
                self.resources[(target, kind)] = made.json()
            self.resources[(target, "Patient")] = {"id": pseudonym}
            found = self.fhir("cardio1", "GET", "/Appointment?patient=" + pseudonym, headers=glass)
            entries = found.json().get("entry", [])
            if entries:
                self.resources[(target, "Appointment")] = entries[0]["resource"]
            row = self.db.execute("SELECT seq FROM audit_log WHERE patient_pseudonym = ? "
                                  "ORDER BY seq LIMIT 1", (pseudonym,)).fetchone()
            self.resources[(target, "AuditEvent")] = {"id": str(row[0])}

    def appointment_body(self, pseudonym):
        """A booking of the next open rehabilitation slot for `pseudonym`: a
        department no clinician of the matrix works in, so the bookings
        create no care relationship that would change the matrix."""
        if not getattr(self, "open_slots", None):
            found = self.clients["cardio1"].request("GET", "/api/departments/rehabilitation/slots")
            self.open_slots = [slot["id"] for slot in found.json()["slots"]]
        return {"resourceType": "Appointment", "status": "booked",
                "slot": [{"reference": "Slot/" + self.open_slots.pop(0)}],
                "participant": [{"actor": {"reference": "Patient/" + pseudonym},
                                 "status": "accepted"}]}

    def request_for(self, actor, target, kind, interaction):
        pseudonym = self.pseudonyms[target]
        resource = self.resources.get((target, kind))
        if interaction == "read":
            if resource is None:
                return None
            return ("GET", "/%s/%s" % (kind, resource["id"]), None)
        if interaction == "search":
            query = "_id=" + pseudonym if kind == "Patient" else "patient=" + pseudonym
            return ("GET", "/%s?%s" % (kind, query), None)
        if interaction == "everything":
            return ("GET", "/Patient/%s/$everything" % pseudonym, None) if kind == "Patient" else None
        if interaction == "create":
            if kind == "Patient":
                return None  # registration has no target patient; tested separately
            if kind == "Appointment":
                return ("POST", "/Appointment", self.appointment_body(pseudonym))
            return ("POST", "/" + kind, body_for(kind, pseudonym))
        if interaction == "update":
            if resource is None or kind == "Patient" or kind == "AuditEvent":
                return None
            if kind == "Appointment":
                # A fresh booking for each cancellation attempt.
                made = self.fhir("cardio1", "POST", "/Appointment", self.appointment_body(pseudonym))
                check(made.status == 201, made.body[:300])
                cancel = {k: v for k, v in made.json().items() if k != "meta"}
                cancel["status"] = "cancelled"
                return ("PUT", "/Appointment/" + cancel["id"], cancel)
            updated = {k: v for k, v in resource.items() if k != "meta"}
            return ("PUT", "/%s/%s" % (kind, resource["id"]), updated)
        return None

    def run(self):
        unexpected, audit_problems, count = [], [], 0
        for actor in ACTORS:
            for target in ("patient1", "patient2"):
                for kind in TYPES:
                    for interaction in ("read", "search", "create", "update", "everything"):
                        request = self.request_for(actor, target, kind, interaction)
                        if request is None:
                            continue
                        method, path, body = request
                        want = expected(actor, target, kind, interaction)
                        before = self.audit_count()
                        response = self.fhir(actor, method, path, body)
                        after = self.audit_count()
                        count += 1
                        got = ("allow" if response.status in (200, 201) else
                               "deny" if response.status == 403 else
                               "unsupported" if response.status == 405 else
                               "error %d" % response.status)
                        if got != want:
                            unexpected.append("%s %s %s %s %s: expected %s, got %s %s" % (
                                actor, interaction, kind, target, path, want, got,
                                response.body[:200]))
                        if response.status == 403 or response.status in (200, 201):
                            type_json = response.body and json.loads(response.body)
                            if response.status == 403:
                                check(type_json.get("resourceType") == "OperationOutcome",
                                      "403 without OperationOutcome: %s" % response.body[:200])
                        if want != "unsupported" and after - before != 1:
                            audit_problems.append("%s %s %s %s: %d audit records" % (
                                actor, interaction, kind, target, after - before))
        print("     %d requests in the matrix" % count)
        check(not unexpected, "%d unexpected outcomes:\n  %s" % (
            len(unexpected), "\n  ".join(unexpected[:40])))
        check(not audit_problems, "audit completeness:\n  " + "\n  ".join(audit_problems[:40]))


def test_matrix(matrix):
    matrix.prepare()
    matrix.run()


def test_registration_and_break_glass(matrix):
    created = matrix.fhir("nurse1", "POST", "/Patient", body_for("Patient", ""))
    check(created.status == 201 and created.json()["id"], created.body[:300])
    check(matrix.fhir("student1", "POST", "/Patient", body_for("Patient", "")).status == 403,
          "student registers a patient")
    pseudonym = matrix.pseudonyms["patient2"]
    short = matrix.fhir("derm1", "GET", "/Patient/" + pseudonym, headers={"X-Break-Glass": "x"})
    check(short.status == 400 and "X-Break-Glass" in short.body.decode(), short.body[:300])
    before = matrix.audit_count()
    opened = matrix.fhir("derm1", "GET", "/Patient/" + pseudonym,
                         headers={"X-Break-Glass": "patient collapsed during a visit"})
    check(opened.status == 200, opened.body[:300])
    check(matrix.audit_count() == before + 1, "break-glass audited once")
    alerts = matrix.clients["admin"].request("GET", "/api/admin/alerts")
    check(alerts.status == 200, alerts.body[:200])
    check(any(a["purpose"] == "break-glass: patient collapsed during a visit"
              for a in alerts.json()["alerts"]), "alert raised")
    check(matrix.clients["cardio1"].request("GET", "/api/admin/alerts").status == 403, "alerts")


def test_errors_are_operation_outcomes(matrix):
    bad = matrix.fhir("cardio1", "POST", "/Observation",
                      {"resourceType": "Observation", "code": {"text": "x"},
                       "subject": {"reference": "Patient/" + matrix.pseudonyms["patient1"]}})
    outcome = bad.json()
    check(bad.status == 400 and outcome["resourceType"] == "OperationOutcome", bad.body[:300])
    check(outcome["issue"][0]["expression"] == ["Observation.status"], outcome)
    check(bad.headers.get("content-type", "").startswith("application/fhir+json"), bad.headers)
    ghost = matrix.fhir("cardio1", "POST", "/Observation",
                        dict(body_for("Observation", "0" * 32)))
    check(ghost.status == 422, ghost.body[:300])
    missing = matrix.fhir("cardio1", "GET", "/Observation/nope")
    check(missing.status == 404 and missing.json()["resourceType"] == "OperationOutcome",
          missing.body[:300])
    resource = matrix.resources[("patient1", "Observation")]
    current = matrix.fhir("cardio1", "GET", "/Observation/" + resource["id"])
    etag = current.headers.get("etag")
    check(etag and etag.startswith('W/"'), "ETag %r" % etag)
    body = {k: v for k, v in current.json().items() if k != "meta"}
    stale = matrix.fhir("cardio1", "PUT", "/Observation/" + resource["id"], body,
                        {"If-Match": 'W/"999"'})
    check(stale.status == 412 and stale.json()["resourceType"] == "OperationOutcome",
          stale.body[:300])
    fresh = matrix.fhir("cardio1", "PUT", "/Observation/" + resource["id"], body, {"If-Match": etag})
    check(fresh.status == 200, fresh.body[:300])
    metadata = matrix.clients["student1"].request("GET", "/fhir/metadata").json()
    check(metadata["fhirVersion"] == "4.0.1", metadata.get("fhirVersion"))


def test_research_export(matrix):
    researcher = matrix.clients["researcher1"]
    before = matrix.audit_count()
    exported = researcher.request("GET", "/api/research/export")
    check(exported.status == 200, exported.body[:300])
    check(matrix.audit_count() == before + 1, "export audited once")
    data = exported.json()
    check(data["records"] and all(r["subject"].startswith("S") for r in data["records"]), data)
    text = exported.body.decode()
    for pseudonym in matrix.pseudonyms.values():
        check(pseudonym not in text, "a pseudonym in the export")
    for needle in ("Demo (synthetic patient)", "Alex", "2026-10-01", "Patient/"):
        check(needle not in text, "%r in the export" % needle)
    check(all(len(r["year"]) in (0, 4) for r in data["records"]), "dates finer than a year")
    for login in ("student1", "cardio1", "patient1", "admin"):
        check(matrix.clients[login].request("GET", "/api/research/export").status == 403,
              login + " gets a research export")


def test_erasure(matrix, server):
    """patient2 asks for erasure; afterwards nothing of theirs can be read."""
    patient = matrix.clients["patient2"]
    pseudonym = matrix.pseudonyms["patient2"]
    login, name = "patient2", "Sam Demo (synthetic patient)"
    check(matrix.fhir("admin", "GET", "/Patient/%s/$everything" % pseudonym).status == 403,
          "admin reads the record")
    everything = matrix.fhir("patient2", "GET", "/Patient/%s/$everything" % pseudonym)
    check(everything.status == 200, everything.body[:200])
    kinds = {e["resource"]["resourceType"] for e in everything.json()["entry"]}
    check({"Patient", "Observation", "AuditEvent"} <= kinds, kinds)
    # Shown on a screen is not an export; every access states why.
    shown = matrix.fhir("patient2", "GET", "/Patient/%s/$everything" % pseudonym,
                        headers={"X-Record-Purpose": "view"})
    check(shown.status == 200, shown.body[:200])
    events = [e["resource"] for e in shown.json()["entry"] if e["resource"]["resourceType"] == "AuditEvent"]
    codes = [event["subtype"][0]["code"] for event in events]
    check(codes[0] == "record.view" and codes[1] == "record.everything", codes[:3])
    unstated = [event["subtype"][0]["code"] for event in events if not event.get("purposeOfEvent")]
    check(not unstated, "AuditEvents without a purpose: %s" % unstated)
    bad = matrix.fhir("patient2", "GET", "/Patient/%s/$everything" % pseudonym,
                      headers={"X-Record-Purpose": "gossip"})
    check(bad.status == 400, "X-Record-Purpose gossip -> %d" % bad.status)
    erased = matrix.fhir("patient2", "DELETE", "/Patient/" + pseudonym)
    check(erased.status == 204, erased.body[:300])
    check(matrix.fhir("cardio1", "GET", "/Patient/" + pseudonym,
                      headers={"X-Break-Glass": "checking the erasure worked"}).status == 404,
          "erased patient readable")
    check(patient.request("GET", "/api/me").status == 401, "the erased account's session lives on")
    check(server.client().login(login, matrix.passwords[login]).status == 401,
          "erased account signs in")
    db = matrix.db
    subject = db.execute("SELECT length(wrapped_key), erased_unix_ms FROM vault_subjects "
                         "WHERE pseudonym = ?", (pseudonym,)).fetchone()
    check(subject[0] == 0 and subject[1] > 0, "key not shredded: %s" % (subject,))
    for table in ("vault_records", "vault_record_versions", "consent_rules"):
        left = db.execute("SELECT COUNT(*) FROM %s WHERE pseudonym = ?" % table,
                          (pseudonym,)).fetchone()[0]
        check(left == 0, "%d rows left in %s" % (left, table))
    audit_left = db.execute("SELECT COUNT(*) FROM audit_log WHERE patient_pseudonym = ?",
                            (pseudonym,)).fetchone()[0]
    check(audit_left > 0, "the legal-retention audit records are kept")
    db.close()
    for root, _, files in os.walk(server.data_dir):
        for file_name in files:
            with open(os.path.join(root, file_name), "rb") as handle:
                content = handle.read()
            for needle in (name.encode(), b"Sam Demo", b'"' + login.encode() + b'"'):
                check(needle not in content, "%r found in %s" % (needle, file_name))
            check(b"\x00" + login.encode() + b"\x00" not in content, "login in " + file_name)


def main():
    server = Server(BINARY, args=["--demo"])
    try:
        server.start()
        passwords = demo_passwords(server)
        matrix = Matrix(server, passwords)
        run_tests([
            ("authorization matrix and audit completeness", lambda: test_matrix(matrix)),
            ("registration and break-glass", lambda: test_registration_and_break_glass(matrix)),
            ("errors are OperationOutcomes; versions", lambda: test_errors_are_operation_outcomes(matrix)),
            ("researchers get de-identified exports only", lambda: test_research_export(matrix)),
            ("erasure leaves nothing identifying", lambda: test_erasure(matrix, server)),
        ])
    finally:
        server.stop()
        server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
