"""The authorization matrix of every route that touches a visit or patient
data outside FHIR (fhir_test.py has FHIR's), against the real binary with
the demo data: the visit desk (read, check-in with its device check,
messages, acknowledge, defer, invite, admit, end, no-show), the visit
summary, appointments (book, list, cancel), visit links (mint, redeem), the
clinic dashboard, the REST records routes, the consult room and its
signaling over real WebSockets, the RTC configuration and the access
alerts.

Every request is made by every actor: the appointment's patient, another
patient, the appointment's clinician, an unrelated clinician, a nurse of the
appointment's department, a therapist of another department, a student, a
researcher, an admin, a guest from a visit link of that appointment, a
guest from a link of another appointment, and an anonymous caller. Each
outcome is compared with the table EXPECTED below, which restates
docs/security.md ("Access to PHI" and the visit desk paragraph; where it is
silent, as on who defers or marks a no-show, the desk's own contract: its
staff); any unexpected allow or denial fails. A refused change must store
nothing: the database (records, versions, appointments, visit links) and
the visit as the desk holds it are compared before and after every denied
mutating request. A refusal must be an authorization refusal, carry
neither the patient's name, pseudonym nor consult room, and append exactly
one denied audit record (docs/security.md "Audit"). Finally a mutation
check proves the comparison would notice any one rule flipped.

usage: authz_test.py PATH/TO/metaclinic
"""

import hashlib
import os
import sys
import time

from harness import Server, check, open_db, run_tests, websocket_handshake
from clinic_test import demo_passwords, signed_in
from visit_test import Realtime, joined_space

BINARY = os.path.abspath(sys.argv[1])

ACCOUNTS = ["patient1", "patient2", "cardio1", "derm1", "nurse1", "therapist1", "student1",
            "researcher1", "admin"]
GUESTS = ["guest", "other_guest"]
ACTORS = ACCOUNTS + GUESTS + ["anonymous"]
# Departments the matrix gives the desk staff (the demo seeds none): nurse1
# works in the appointment's department, therapist1 in another one.
STAFF_DEPARTMENTS = {"nurse1": "cardiology", "therapist1": "dermatology"}
PATIENT_SIDE = {"patient1", "guest"}
DESK = {"cardio1", "nurse1"}  # the appointment's clinician and its department's desk
CARE_STAFF = {"cardio1", "derm1", "nurse1", "therapist1"}
EVERYONE = set(ACCOUNTS + GUESTS)

# What each request may do, restated from docs/security.md. For a route not
# in SEES, an actor in the set is allowed, any other signed-in actor is
# refused (403) and the anonymous caller is unauthenticated (401).
EXPECTED = {
    # The visit desk: the patient side, the appointment's clinician and the
    # desk staff of its department.
    "visit.read.booked": PATIENT_SIDE | DESK,
    "visit.check_in": PATIENT_SIDE,
    "visit.read.waiting": PATIENT_SIDE | DESK,
    "visit.message": PATIENT_SIDE | DESK,
    "visit.acknowledge": DESK,
    "visit.defer": DESK,
    # Only the patient side gives up its own queue place.
    "visit.leave": PATIENT_SIDE,
    "visit.invite": {"cardio1"},
    "visit.admit": {"cardio1"},
    "visit.read.admitted": PATIENT_SIDE | DESK,
    "room.join": {"patient1", "cardio1", "guest"},  # the consult room's members
    "room.signal": {"patient1", "cardio1", "guest"},
    "visit.end": {"cardio1"},
    "visit.read.ended": PATIENT_SIDE | DESK,
    # The summary is patient data: guests see none; the care team does
    # (a fulfilled visit in their department makes a care relationship).
    "visit.summary": {"patient1"} | DESK,
    "visit.no_show": DESK,
    # Cancelling needs to be the patient or a care relationship.
    "appointment.cancel": {"patient1"} | DESK,
    # Any care staff books for any patient; a patient only for themself.
    "appointment.book.for_patient3": CARE_STAFF,
    "appointment.book.self": {"patient1", "patient2"},
    "appointment.book.self_with_link": set(),
    # A link for an appointment: its clinician only (a booker gets one with
    # the booking itself).
    "visit_link.mint.booked_by_patient": {"cardio1"},
    "visit_link.mint.booked_by_nurse": {"cardio1"},
    "records.list": {"patient1"} | DESK,
    "records.read": {"patient1"} | DESK,
    "records.write": DESK,
    "alerts": {"admin"},
    # The admin console's audit log (records/audit_review.h): audit_review.
    "audit.search": {"admin"},
    "audit.verify": {"admin"},
    "rtc_config": EVERYONE,
}
# Lists answer every account; the question is whose entries they hold:
# "sees" (the appointment is listed), "blind" (200 without it), "deny".
SEES = {
    "appointment.list": ({"patient1", "cardio1"},
                         {"patient2", "derm1", "nurse1", "therapist1", "student1",
                          "researcher1", "admin"}),
    "clinic.dashboard": (DESK, {"derm1", "therapist1"}),
    # The space list never names a private consult room (to anyone).
    "spaces.list": (set(), EVERYONE),
}
# Requests whose expected outcome is not an authorization decision:
# care staff must name the patient they book for.
SPECIAL = {
    ("appointment.book.self", login): "invalid" for login in CARE_STAFF}
SPECIAL.update({("appointment.book.self_with_link", login): "invalid" for login in CARE_STAFF})


DEVICE = {"camera": "ok", "microphone": "ok", "speaker": "ok", "connection_rtt_ms": 20}
NOTE = "Synthetic note of the authorization matrix."
SUMMARY = "Synthetic summary of the authorization matrix."


GRANTED = ("allow", "sees", "blind")
# The error codes of an authorization refusal (not, say, a missing CSRF
# token, which would make a denial pass for the wrong reason).
REFUSAL_CODES = {"access_denied", "not_your_appointment", "staff_only"}


def expected(name, actor):
    if (name, actor) in SPECIAL:
        return SPECIAL[(name, actor)]
    if actor == "anonymous":
        return "anonymous"
    if name in SEES:
        sees, blind = SEES[name]
        return "sees" if actor in sees else "blind" if actor in blind else "deny"
    return "allow" if actor in EXPECTED[name] else "deny"


def outcome(response, needle=None):
    if response.status == 401:
        return "anonymous"
    if response.status == 403:
        return "deny"
    if response.status == 400:
        return "invalid"
    if 200 <= response.status < 300:
        if needle is None:
            return "allow"
        return "sees" if str(needle).encode() in response.body else "blind"
    return "error %d" % response.status


class Matrix:
    def __init__(self, server, passwords):
        self.server = server
        self.db = open_db(server)
        self.clients = {login: signed_in(server, passwords, login) for login in ACCOUNTS}
        self.clients["patient3"] = signed_in(server, passwords, "patient3")
        self.clients["anonymous"] = server.client()
        self.pseudonym = self.clients["patient1"].request("GET", "/api/me").json()["patient"]
        self.results = {}  # (name, actor) -> outcome
        self.unexpected = []
        self.changed = []
        self.leaks = []
        self.unaudited = []
        self.sensitive = {}  # mutating row -> its first allowed request changed the state
        self.count = 0

    # ---- setup ----

    def give_departments(self):
        """nurse1 and therapist1 work in a department: one short weekly rule
        each (there is no API for availability; the store reads it per call)."""
        for login, department in STAFF_DEPARTMENTS.items():
            user_id = self.db.execute("SELECT id FROM users WHERE login = ?", (login,)).fetchone()[0]
            self.db.execute("INSERT INTO clinician_availability (clinician_user_id, department, "
                            "weekday, start_minute, end_minute, slot_minutes) "
                            "VALUES (?, ?, 1, 0, 5, 5)", (user_id, department))
        self.db.commit()

    def slots(self, department, clinician_name):
        found = self.clients["patient1"].request("GET", "/api/departments/%s/slots" % department)
        check(found.status == 200, found.body[:200])
        return [s["id"] for s in found.json()["slots"] if s["clinician"]["name"] == clinician_name]

    def book(self, login, slot, patient=None):
        body = {"slot": slot}
        if patient:
            body["patient"] = patient
        booked = self.clients[login].request("POST", "/api/appointments", body)
        check(booked.status == 201, "setup booking: %d %s" % (booked.status, booked.body[:200]))
        return booked.json()["id"]

    def guest_for(self, appointment_id, minter="cardio1"):
        """A guest session from a visit link of the appointment."""
        minted = self.clients[minter].request(
            "POST", "/api/visit-links", {"purpose": "appointment:%d" % appointment_id})
        check(minted.status == 201, "setup link: %s" % minted.body[:200])
        guest = self.server.client()
        redeemed = guest.request("POST", "/api/visit-links/redeem", {"token": minted.json()["token"]})
        check(redeemed.status == 200, redeemed.body[:200])
        guest.csrf = redeemed.json()["csrf_token"]
        guest.token = minted.json()["token"]
        return guest

    def prepare(self):
        self.give_departments()
        cardiology = self.slots("cardiology", "Dr. Demo Cardiology")
        dermatology = self.slots("dermatology", "Dr. Demo Dermatology")
        self.rehabilitation = self.slots("rehabilitation", "Dr. Demo Rehabilitation")
        # A: the visit. N1, N2: no-shows. D1-D3: cancellations. L1, L2:
        # links (L2 booked by nurse1). B: another patient's appointment,
        # whose guest is "other_guest".
        self.a = self.book("patient1", cardiology[0])
        self.no_shows = [self.book("patient1", cardiology[i]) for i in (2, 3)]
        self.cancels = [self.book("patient1", cardiology[i]) for i in (4, 5, 6)]
        self.links = {"visit_link.mint.booked_by_patient": self.book("patient1", cardiology[7]),
                      "visit_link.mint.booked_by_nurse": self.book("nurse1", cardiology[8],
                                                                   "patient1")}
        self.b = self.book("patient2", dermatology[0])
        self.guests = {target: self.guest_for(target)
                       for target in [self.a] + self.no_shows + self.cancels + list(self.links.values())}
        self.other_guest = self.guest_for(self.b, "derm1")

    def client(self, actor, target):
        if actor == "guest":
            return self.guests[target]
        if actor == "other_guest":
            return self.other_guest
        return self.clients[actor]

    # ---- what a refusal must leave as it was ----

    def stored_state(self, target):
        db = self.db
        rows = db.execute("SELECT id, status, updated_unix_ms, record_id FROM appointments "
                          "ORDER BY id").fetchall()
        state = {
            "records": db.execute("SELECT COUNT(*) FROM vault_records").fetchone()[0],
            "versions": db.execute("SELECT COUNT(*) FROM vault_record_versions").fetchone()[0],
            "links": db.execute("SELECT COUNT(*) FROM visit_links").fetchone()[0],
            "appointments": hashlib.sha256(repr(rows).encode()).hexdigest(),
        }
        if target is not None:
            visit = self.clients["cardio1"].request("GET", "/api/appointments/%d/visit" % target)
            check(visit.status == 200, "desk view: %s" % visit.body[:200])
            view = visit.json()
            state["visit"] = {key: view.get(key) for key in
                              ("state", "messages", "acknowledged", "room", "position")}
        return state

    # ---- one row of the matrix ----

    def row(self, name, method, path_for, body=None, targets=None, mutating=False,
            sees=None, actors=ACTORS):
        """Every actor makes the request; refusals first, so that a refused
        change is checked against the state an allowed one would change.
        Allowed actor i uses targets[i] (destructive changes need one each);
        by default the target is the visit, A."""
        targets = targets or (self.a,)
        order = sorted(actors, key=lambda a: expected(name, a) in GRANTED)
        allowed_index = 0
        for actor in order:
            want = expected(name, actor)
            if want in GRANTED:
                target = targets[min(allowed_index, len(targets) - 1)]
                allowed_index += 1
            else:
                target = targets[0]
            path = path_for(target) if callable(path_for) else path_for
            request_body = body(target) if callable(body) else body
            before = self.stored_state(target) if mutating else None
            denials = self.denied_audit_records()
            response = self.client(actor, target).request(method, path, request_body)
            self.count += 1
            got = outcome(response, sees)
            self.results[(name, actor)] = got
            if got != want:
                self.unexpected.append("%s %s %s: expected %s, got %s %s" % (
                    name, actor, path, want, got, response.body[:160]))
            if got == "deny":
                code = response.error_code()
                if code not in REFUSAL_CODES:
                    self.unexpected.append("%s %s: refused with %r, not an authorization "
                                           "refusal" % (name, actor, code))
                records = self.denied_audit_records() - denials
                if records != 1:
                    self.unaudited.append("%s %s (%s): %d denied audit records" % (
                        name, actor, code, records))
            if before is not None:
                changed = [key for key, value in self.stored_state(target).items()
                           if before.get(key) != value]
                if got not in GRANTED and changed:
                    self.changed.append("%s by %s (%d) changed %s" % (
                        name, actor, response.status, changed))
                if got in GRANTED and name not in self.sensitive:
                    # The first allowed change shows the comparison sees one.
                    self.sensitive[name] = bool(changed)
            if got not in ("allow", "sees"):
                self.check_no_leak(name, actor, response.body)

    def denied_audit_records(self):
        return self.db.execute("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied'").fetchone()[0]

    def check_no_leak(self, name, actor, body):
        needles = [self.pseudonym.encode(), b"Alex Demo"]
        if getattr(self, "room", None):
            needles.append(self.room.encode())
        for needle in needles:
            if needle in body:
                self.leaks.append("%s %s: refusal holds %r" % (name, actor, needle))

    # ---- the rows ----

    def visit_rows(self):
        a = self.a
        base = "/api/appointments/%d" % a
        self.row("visit.read.booked", "GET", base + "/visit")
        self.row("visit.check_in", "POST", base + "/check-in",
                 {"consent": True, "device": DEVICE}, targets=(a,), mutating=True)
        self.row("visit.read.waiting", "GET", base + "/visit")
        self.row("visit.message", "POST", base + "/messages", {"text": "Synthetic message."},
                 targets=(a,), mutating=True)
        self.row("visit.acknowledge", "POST", base + "/acknowledge", targets=(a,), mutating=True)
        self.row("visit.defer", "POST", base + "/defer", {"minutes": 5}, targets=(a,),
                 mutating=True)
        # One queue place, one leave at a time: the patient leaves in the row,
        # checks in again, and then the guest leaves on its own.
        self.row("visit.leave", "POST", base + "/leave", targets=(a,), mutating=True,
                 actors=[actor for actor in ACTORS if actor != "guest"])
        self.check_in_again(base)
        self.count += 1
        self.record("visit.leave", "guest",
                    outcome(self.client("guest", a).request("POST", base + "/leave")))
        self.check_in_again(base)
        self.row("visit.invite", "POST", base + "/invite", targets=(a,), mutating=True)
        self.row("clinic.dashboard", "GET", "/api/clinic/dashboard", sees=a)
        self.row("appointment.list", "GET", "/api/appointments", sees=a)
        self.row("visit.admit", "POST", base + "/admit", targets=(a,), mutating=True)
        self.room = self.clients["cardio1"].request("GET", base + "/visit").json().get("room")
        check(self.room, "no consult room after admission")
        self.row("visit.read.admitted", "GET", base + "/visit")
        self.row("spaces.list", "GET", "/api/spaces", sees=self.room)
        self.room_rows()
        self.row("visit.end", "POST", base + "/end",
                 {"note": NOTE, "summary": SUMMARY, "share_summary": True},
                 targets=(a,), mutating=True)
        self.row("visit.read.ended", "GET", base + "/visit")
        self.row("visit.summary", "GET", base + "/summary")
        ended = self.clients["cardio1"].request("GET", base + "/visit").json()
        check(ended["state"] == "ended", ended)

    def room_rows(self):
        """Joining the admitted visit's consult room, and signaling into it
        from outside (over real WebSockets)."""
        realtime = {}
        try:
            for actor in ACTORS:
                self.record("room.join", actor, self.join_room(actor, realtime))
            for actor in ACTORS:
                self.record("room.signal", actor, self.signal_member(actor, realtime))
        finally:
            for connection in realtime.values():
                connection.close()

    def check_in_again(self, base):
        rejoined = self.clients["patient1"].request(
            "POST", base + "/check-in", {"consent": True, "device": DEVICE})
        check(rejoined.status == 200, "check-in after leaving: %s" % rejoined.body[:200])

    def record(self, name, actor, got):
        self.results[(name, actor)] = got
        want = expected(name, actor)
        if got != want:
            self.unexpected.append("%s %s: expected %s, got %s" % (name, actor, want, got))

    def join_room(self, actor, realtime):
        self.count += 1
        if actor == "anonymous":
            sock, status = websocket_handshake(self.server, None,
                                               origin="http://127.0.0.1:%d" % self.server.port)
            sock.close()
            return "anonymous" if " 401 " in status else "allow" if " 101 " in status else status
        connection = realtime[actor] = Realtime(self.server, self.client(actor, self.a))
        connection.join(self.room)
        for kind, payload in connection.messages(5):
            if kind == 0x82 and joined_space(payload) == self.room:
                return "allow"
            if kind == 0x89:
                code = payload[3:3 + payload[2]].decode()
                # Wait in the lobby, to signal from outside the room next.
                connection.join("lobby")
                connection.expect(0x82)
                return "deny" if code == "members_only" else "error " + code
        return "no answer"

    def signal_member(self, actor, realtime):
        """An offer to the patient (from the patient: to the clinician);
        only a member's may arrive, and an outsider is told the peer is not
        found, as if it did not exist."""
        if actor == "anonymous":
            return "anonymous"  # no socket to signal from: join_room saw the upgrade refused
        receiver = "cardio1" if actor == "patient1" else "patient1"
        payload = '{"sdp":"offer from %s"}' % actor
        realtime[actor].signal(realtime[receiver].entity, payload)
        self.count += 1
        for kind, message in realtime[receiver].messages(0.6):
            if kind == 0x88 and payload.encode() in message:
                return "allow"
        try:
            code = realtime[actor].error_code(2)
        except AssertionError:
            return "no answer"
        return "deny" if code == "peer_not_found" else "error " + code

    def appointment_rows(self):
        self.row("visit.no_show", "POST", lambda t: "/api/appointments/%d/no-show" % t,
                 targets=self.no_shows, mutating=True)
        self.row("appointment.cancel", "DELETE", lambda t: "/api/appointments/%d" % t,
                 targets=self.cancels, mutating=True)
        rehab = list(self.rehabilitation)
        self.row("appointment.book.for_patient3", "POST", "/api/appointments",
                 lambda _: {"slot": rehab.pop(0), "patient": "patient3"}, mutating=True)
        self.row("appointment.book.self", "POST", "/api/appointments",
                 lambda _: {"slot": rehab.pop(0)}, mutating=True)
        self.row("appointment.book.self_with_link", "POST", "/api/appointments",
                 lambda _: {"slot": rehab.pop(0), "visit_link": True}, mutating=True)
        for name, target in self.links.items():
            self.row(name, "POST", "/api/visit-links",
                     {"purpose": "appointment:%d" % target}, targets=(target,), mutating=True)

    def record_rows(self):
        encounter = self.clients["patient1"].request(
            "GET", "/api/patients/%s/records?type=Encounter" % self.pseudonym)
        check(encounter.status == 200, encounter.body[:200])
        records = encounter.json()["records"]
        check(records, "no encounter after the visit")
        self.row("records.list", "GET", "/api/patients/%s/records" % self.pseudonym)
        self.row("records.read", "GET", "/api/records/%s" % records[0]["id"])
        self.row("records.write", "POST", "/api/patients/%s/records" % self.pseudonym,
                 {"type": "Observation",
                  "data": {"resourceType": "Observation", "status": "final",
                           "code": {"text": "Synthetic"},
                           "subject": {"reference": "Patient/" + self.pseudonym}}},
                 mutating=True)

    def other_rows(self):
        self.row("alerts", "GET", "/api/admin/alerts")
        self.row("audit.search", "GET", "/api/audit?action=login&limit=5")
        self.row("audit.verify", "POST", "/api/audit/verify", {})
        self.row("rtc_config", "GET", "/api/rtc-config")

    def run(self):
        self.visit_rows()
        self.appointment_rows()
        self.record_rows()
        self.other_rows()


def differences(observed, table):
    """The cells where the server did not do what `table` says."""
    return sorted(cell for cell in observed if observed[cell] != table[cell])


def mutation_check(matrix):
    """The comparison notices any one rule flipped: with any single cell of
    the expected table flipped (allow <-> deny), exactly that cell is
    reported; an allow-everything table is reported at every refusal; and
    every row was made by every actor."""
    observed = matrix.results
    rows = {name for name, _ in observed}
    check(rows == set(EXPECTED) | set(SEES),
          "rows not run: %s" % sorted(set(EXPECTED) | set(SEES) - rows))
    for name in rows:
        check(all((name, actor) in observed for actor in ACTORS), "a row skips an actor: " + name)
    table = {cell: expected(*cell) for cell in observed}
    check(not differences(observed, table), "the matrix itself does not pass")
    for cell, want in table.items():
        flipped = dict(table)
        flipped[cell] = "deny" if want in GRANTED else "allow"
        check(differences(observed, flipped) == [cell], "flipping %s goes unnoticed" % (cell,))
    allow_all = {cell: want if want in GRANTED else "allow" for cell, want in table.items()}
    refusals = [cell for cell in table if table[cell] not in GRANTED]
    check(differences(observed, allow_all) == sorted(refusals), "allow-all not noticed")
    check(any(cell[1] != "anonymous" for cell in refusals), "no signed-in refusal in the table")
    print("     mutation check: %d cells flipped one at a time; an allow-all server breaks %d"
          % (len(table), len(refusals)))


def test_matrix(matrix):
    started = time.time()
    matrix.prepare()
    matrix.run()
    print("     %d requests in the matrix, %.1fs" % (matrix.count, time.time() - started))
    if os.environ.get("AUTHZ_TABLE"):
        for name in sorted({n for n, _ in matrix.results}):
            print("     %-36s %s" % (name, " ".join(
                "%s=%s" % (actor, matrix.results[(name, actor)]) for actor in ACTORS)))
    check(not matrix.unexpected, "%d unexpected outcomes:\n  %s" % (
        len(matrix.unexpected), "\n  ".join(matrix.unexpected)))
    check(not matrix.changed, "refused changes stored something:\n  " + "\n  ".join(matrix.changed))
    check(not matrix.leaks, "refusals leak:\n  " + "\n  ".join(matrix.leaks))
    blind = [name for name, changed in matrix.sensitive.items() if not changed]
    check(not blind, "an allowed change left the compared state as it was: %s" % blind)
    check(not matrix.unaudited, "refusals without a denied audit record:\n  " +
          "\n  ".join(matrix.unaudited))


def test_mutation_check(matrix):
    mutation_check(matrix)


def test_visit_links_redeem_once(matrix):
    """A redeemed link does not open a second session; a forged one opens none."""
    for token in (matrix.guests[matrix.a].token, "0" * 32, "not-a-token"):
        again = matrix.server.client().request("POST", "/api/visit-links/redeem", {"token": token})
        check(again.status in (404, 412) and not again.set_cookies,
              "%s -> %d %s" % (token, again.status, again.body[:200]))
    guest = matrix.guests[matrix.a]
    check(guest.request("GET", "/api/me").json()["role"] == "guest", "guest session")


def main():
    server = Server(BINARY, args=["--demo"])
    try:
        server.start()
        passwords = demo_passwords(server)
        matrix = Matrix(server, passwords)
        run_tests([
            ("authorization matrix of visits and appointments", lambda: test_matrix(matrix)),
            ("the matrix notices any one flipped rule", lambda: test_mutation_check(matrix)),
            ("visit links redeem once", lambda: test_visit_links_redeem_once(matrix)),
        ])
    finally:
        server.stop()
        server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
