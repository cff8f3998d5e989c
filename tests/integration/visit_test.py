"""Integration tests of a virtual visit (docs/api.md "Visits") against the
real binary with the demo data: book, check in, the clinician's dashboard,
messages, admission to a private consult room over real WebSockets (members
reach each other's signaling; a third user cannot join or signal into it),
the end of the visit with its encrypted record, and the patient's summary.

usage: visit_test.py PATH/TO/metaclinic
"""

import os
import socket
import struct
import sys
import time

from harness import Server, check, open_db, run_tests, websocket_handshake, read_websocket_frame
from clinic_test import demo_passwords, signed_in

BINARY = os.path.abspath(sys.argv[1])
PROTOCOL_VERSION = 3
NOTE = "Synthetic visit note: knee pain improving after exercise."
SUMMARY = "Keep walking 20 minutes a day. This is an educational demo."


# ---- a minimal realtime client (docs/protocol.md) ----

def send_frame(sock, payload):
    """One masked binary frame, as a browser sends it."""
    mask = os.urandom(4)
    header = bytes([0x82])
    if len(payload) < 126:
        header += bytes([0x80 | len(payload)])
    else:
        header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    sock.sendall(header + mask + masked)


def str8(text):
    data = text.encode()
    return bytes([len(data)]) + data


class Realtime:
    def __init__(self, server, client):
        self.sock, status = websocket_handshake(server, client.cookie,
                                                origin="http://127.0.0.1:%d" % server.port)
        check(" 101 " in status, "ws upgrade: " + status)
        self.sock.settimeout(5)
        send_frame(self.sock, bytes([0x01]) + struct.pack("<HHB", 1, PROTOCOL_VERSION, 0))
        welcome = self.expect(0x81)
        self.entity = struct.unpack_from("<I", welcome, 11)[0]

    def join(self, space):
        send_frame(self.sock, bytes([0x02]) + str8(space))

    def signal(self, peer, payload):
        data = payload.encode()
        send_frame(self.sock, bytes([0x09, 0]) + struct.pack("<IH", peer, len(data)) + data)

    def messages(self, seconds):
        """Every message type and body that arrives within `seconds`."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            self.sock.settimeout(max(0.05, deadline - time.time()))
            try:
                opcode, payload = read_websocket_frame(self.sock)
            except (socket.timeout, TimeoutError):
                return
            if opcode == 8:
                return
            if opcode == 2 and payload:
                yield payload[0], payload

    def expect(self, message_type, seconds=5):
        for kind, payload in self.messages(seconds):
            if kind == message_type:
                return payload
        raise AssertionError("no message 0x%02x within %s s" % (message_type, seconds))

    def error_code(self, seconds=5):
        payload = self.expect(0x89, seconds)
        length = payload[2]
        return payload[3:3 + length].decode()

    def close(self):
        self.sock.close()


def joined_space(payload):
    return payload[2:2 + payload[1]].decode()


# ---- the visit ----

def book_first_slot(patient):
    slots = patient.request("GET", "/api/departments/cardiology/slots").json()["slots"]
    check(slots, "no open cardiology slot")
    booked = patient.request("POST", "/api/appointments", {"slot": slots[0]["id"]})
    check(booked.status == 201, booked.body)
    return booked.json()["id"]


def test_whole_visit(server, passwords):
    patient = signed_in(server, passwords, "patient1")
    third = signed_in(server, passwords, "patient2")
    clinician = signed_in(server, passwords, "cardio1")
    other_clinician = signed_in(server, passwords, "derm1")
    visit_id = book_first_slot(patient)
    base = "/api/appointments/%d" % visit_id
    device = {"camera": "ok", "microphone": "ok", "speaker": "ok", "connection_rtt_ms": 20}

    # Check-in: consent is required; only the patient of the appointment.
    refused = patient.request("POST", base + "/check-in", {"device": device})
    check(refused.status == 400 and refused.error_code() == "consent_required", refused.body)
    bad = patient.request("POST", base + "/check-in",
                          {"consent": True, "device": dict(device, camera="maybe")})
    check(bad.status == 400 and bad.error_code() == "invalid_device_check", bad.body)
    stranger = third.request("POST", base + "/check-in", {"consent": True, "device": device})
    check(stranger.status == 403 and stranger.error_code() == "access_denied", stranger.body)
    checked_in = patient.request("POST", base + "/check-in", {"consent": True, "device": device})
    check(checked_in.status == 200, checked_in.body)
    visit = checked_in.json()
    check(visit["state"] == "waiting" and visit["position"] == 1, visit)
    check("estimated_wait_minutes" in visit and "patient" not in visit, visit)

    # The dashboard shows the patient with the device check, unacknowledged.
    dashboard = clinician.request("GET", "/api/clinic/dashboard").json()
    entries = [v for v in dashboard["queue"] if v["appointment"] == visit_id]
    check(len(entries) == 1 and dashboard["unacknowledged"] >= 1, dashboard)
    check(entries[0]["patient"]["name"].startswith("Alex Demo"), entries[0])
    check(entries[0]["device"]["camera"] == "ok" and entries[0]["online"], entries[0])
    check(not [v for v in other_clinician.request("GET", "/api/clinic/dashboard").json()["queue"]
               if v["appointment"] == visit_id], "another clinician sees the patient")
    check(third.request("GET", "/api/clinic/dashboard").status == 403, "patient dashboard")

    # Messages both ways; acknowledging stops the alert.
    sent = patient.request("POST", base + "/messages", {"text": "I am in the waiting room."})
    check(sent.status == 201, sent.body)
    check(clinician.request("POST", base + "/messages", {"text": "Thank you, soon."}).status == 201,
          "staff message")
    check(patient.request("POST", base + "/messages", {"text": ""}).status == 400, "empty message")
    messages = patient.request("GET", base + "/visit").json()["messages"]
    check([m["from"] for m in messages] == ["patient", "staff"], messages)
    acknowledged = clinician.request("POST", base + "/acknowledge")
    check(acknowledged.status == 200 and acknowledged.json()["acknowledged"], acknowledged.body)

    # Admission: only the appointment's clinician; a members-only room.
    check(other_clinician.request("POST", base + "/admit").status == 403, "other clinician admits")
    admitted = clinician.request("POST", base + "/admit")
    check(admitted.status == 200, admitted.body)
    room = admitted.json()["room"]
    check(room.startswith("cardiology-consult~") and len(room.split("~")[1]) >= 32, room)
    check(patient.request("GET", base + "/visit").json()["room"] == room, "patient sees the room")
    peek = third.request("GET", base + "/visit")
    check(peek.status == 403 and b"room" not in peek.body, "third user reads the visit")

    patient_rt, clinician_rt, third_rt = (Realtime(server, c) for c in (patient, clinician, third))
    try:
        patient_rt.join(room)
        check(joined_space(patient_rt.expect(0x82)) == room, "patient joined")
        clinician_rt.join(room)
        check(joined_space(clinician_rt.expect(0x82)) == room, "clinician joined")
        third_rt.join(room)
        check(third_rt.error_code() == "members_only", "third user joined the consult room")
        # Signaling reaches the member in the room, and never the third user.
        clinician_rt.signal(patient_rt.entity, '{"sdp":"offer"}')
        relay = patient_rt.expect(0x88)
        check(struct.unpack_from("<I", relay, 2)[0] == clinician_rt.entity, "relay sender")
        third_rt.join("lobby")
        third_rt.expect(0x82)
        third_rt.signal(patient_rt.entity, '{"sdp":"intrusion"}')
        check(third_rt.error_code() == "peer_not_found", "signal into the room")
        check(all(kind != 0x88 for kind, _ in patient_rt.messages(0.5)), "intruder's signal arrived")

        # End: note required; only the clinician; the room closes.
        check(clinician.request("POST", base + "/end", {"note": ""}).status == 400, "empty note")
        check(patient.request("POST", base + "/end", {"note": "x"}).status == 403, "patient ends")
        ended = clinician.request("POST", base + "/end",
                                  {"note": NOTE, "summary": SUMMARY, "share_summary": True})
        check(ended.status == 200, ended.body)
        encounter = ended.json()["encounter"]
        check(encounter["class"] == "VR" and encounter["department"] == "cardiology", encounter)
        left = patient_rt.expect(0x83)
        check(left[2:2 + left[1]].decode() == room, "patient moved out of the room")
    finally:
        for realtime in (patient_rt, clinician_rt, third_rt):
            realtime.close()

    summary = patient.request("GET", base + "/summary")
    check(summary.status == 200 and summary.json()["summary"] == SUMMARY, summary.body)
    check(third.request("GET", base + "/summary").status == 403, "third user reads the summary")
    check(patient.request("GET", base + "/visit").json()["state"] == "ended", "state ended")
    appointments = patient.request("GET", "/api/appointments").json()["appointments"]
    check([a["status"] for a in appointments if a["id"] == visit_id] == ["fulfilled"], appointments)

    # Stored encrypted and audited.
    db = open_db(server)
    types = [row[0] for row in db.execute("SELECT type FROM vault_records")]
    check("Encounter" in types and "ClinicalNote" in types, types)
    blobs = b"".join(bytes(row[0]) for row in db.execute("SELECT ciphertext FROM vault_records"))
    check(b"knee pain" not in blobs and b"Keep walking" not in blobs, "plaintext note at rest")
    actions = [row[0] for row in db.execute(
        "SELECT action FROM audit_log WHERE resource = ? AND outcome = 'success'",
        ("Appointment/%d" % visit_id,))]
    for action in ("visit.check_in", "visit.admit", "visit.end"):
        check(actions.count(action) == 1, "%s in %s" % (action, actions))


def main():
    server = Server(BINARY, args=["--demo"])
    try:
        server.start()
        passwords = demo_passwords(server)
        return run_tests([("whole visit", lambda: test_whole_visit(server, passwords))])
    finally:
        server.stop()
        server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
