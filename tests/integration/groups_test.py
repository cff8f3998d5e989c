"""Group rooms against the real binary and the Janus it supervises
(docs/voice.md "Group rooms"): a therapist opens a therapy group for three
patients; members list it and get credentials, anyone else gets 404 and no
token; through the server's own /janus WebSocket a member's browser-side
requests reach Janus, which accepts the member's core and room tokens and
refuses made-up ones; the host's mute, remove, lock and end hold; raised
hands queue in order, only the host gives the talking stick (the others
are then silenced), a member chosen first name only shows as "Alex" to
others, a report reaches only the host, and the attendance (from the
audit log) outlives the room; Janus
killed with SIGKILL is started again with the room made anew; and without
Janus a room is peer to peer and holds six, and the server relays its
signaling between its members only (a non-member is refused); a second
server given that Janus as an external one (addresses and shared secrets)
makes its rooms there and proxies its members to it, and refuses the
packaged sample secret at start.

usage: groups_test.py PATH/TO/metaclinic
"""

import json
import os
import signal
import struct
import sys
import time

from harness import Server, check, read_websocket_frame, run_tests, websocket_handshake
from clinic_test import demo_passwords, signed_in
from visit_test import Realtime, joined_space

BINARY = os.path.abspath(sys.argv[1])


class JanusSocket:
    """A minimal Janus API client over the server's /janus WebSocket."""

    def __init__(self, server, cookie):
        self.sock, self.status = janus_handshake(server, cookie)

    def send(self, message):
        message.setdefault("transaction", os.urandom(6).hex())
        payload = json.dumps(message).encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        else:
            header += bytes([0x80 | 126]) + len(payload).to_bytes(2, "big")
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)
        return message["transaction"]

    def receive(self):
        return json.loads(read_websocket_frame(self.sock)[1])

    def call(self, message):
        """Sends and returns the reply to this transaction (skipping acks and events)."""
        transaction = self.send(message)
        deadline = time.time() + 10
        while time.time() < deadline:
            reply = self.receive()
            if reply.get("transaction") == transaction and reply.get("janus") != "ack":
                return reply
        raise AssertionError("no reply from janus")

    def close(self):
        self.sock.close()


def janus_handshake(server, cookie, protocol="janus-protocol"):
    return websocket_handshake(server, cookie, "http://127.0.0.1:%d" % server.port,
                               "/janus", protocol)


def join_media(server, client, ticket):
    """Creates a Janus session through /janus and joins the room as a publisher; the join reply."""
    janus = JanusSocket(server, client.cookie)
    check("101" in janus.status, "/janus -> " + janus.status)
    token = ticket["janus"]["core_token"]
    session = janus.call({"janus": "create", "token": token})
    check(session["janus"] == "success", "create session: %s" % session)
    session_id = session["data"]["id"]
    handle = janus.call({"janus": "attach", "session_id": session_id, "token": token,
                         "plugin": "janus.plugin.videoroom"})
    check(handle["janus"] == "success", "attach: %s" % handle)
    joined = janus.call({"janus": "message", "session_id": session_id, "token": token,
                         "handle_id": handle["data"]["id"],
                         "body": {"request": "join", "ptype": "publisher",
                                  "room": ticket["janus"]["room"], "id": ticket["participant"],
                                  "token": ticket["janus"]["room_token"], "display": "member"}})
    janus.close()
    return joined


def plugin_reply(reply):
    return reply.get("plugindata", {}).get("data", {})


def test_members_and_outsiders(server, people):
    therapist = people["therapist1"]
    response = therapist.request("POST", "/api/groups", {
        "title": "Tuesday anxiety group", "kind": "therapy",
        "members": ["patient1", "patient2", "patient3"]})
    check(response.status == 201, "create -> %d %s" % (response.status, response.body))
    group = response.json()
    check(group["media"] == "janus" and group["capacity"] == 12, str(group))
    check(len(group["members"]) == 4 and group["host"], str(group))
    server.group = group

    for login in ("patient1", "patient2", "patient3", "therapist1"):
        listed = people[login].request("GET", "/api/groups").json()["groups"]
        check([g["id"] for g in listed] == [group["id"]], "%s sees %s" % (login, listed))
    outsider = people["student1"]
    check(outsider.request("GET", "/api/groups").json()["groups"] == [], "student lists a room")
    check(outsider.request("GET", "/api/groups/" + group["id"]).status == 404, "outsider reads")
    refused = outsider.request("POST", "/api/groups/%s/join" % group["id"], {})
    check(refused.status == 404 and refused.error_code() == "group_not_found",
          "outsider join -> %d %s" % (refused.status, refused.body))
    for login in ("student1", "patient1"):
        response = people[login].request("POST", "/api/groups", {"title": "x", "members": []})
        check(response.status == 403, "%s creates -> %d" % (login, response.status))
    # Scheduled, on the beach: the members' lists say when and where.
    beach = therapist.request("POST", "/api/groups", {
        "title": "Beach group", "kind": "therapy", "members": ["patient2"],
        "place": "beach", "starts_at": time.strftime("%Y-%m-%dT%H:%M:00Z", time.gmtime(time.time() + 7200))})
    check(beach.status == 201, "scheduled -> %d %s" % (beach.status, beach.body))
    check(beach.json()["place"] == "beach" and beach.json()["starts_at"].endswith("Z")
          and beach.json()["space"].startswith("therapy-beach~"), beach.body)
    listed = people["patient2"].request("GET", "/api/groups").json()["groups"]
    check(any(g["id"] == beach.json()["id"] and g["starts_at"] for g in listed), str(listed))
    check(group["place"] == "room" and group["starts_at"] is None, str(group))
    for field, value, code in (("place", "moon", "invalid_place"), ("starts_at", "tomorrow", "invalid_time"),
                               ("starts_at", "2001-01-01T00:00:00Z", "invalid_time")):
        refused = therapist.request("POST", "/api/groups", {"title": "x", "members": [], field: value})
        check(refused.status == 400 and refused.error_code() == code,
              "%s=%s -> %d %s" % (field, value, refused.status, refused.body))
    therapist.request("DELETE", "/api/groups/" + beach.json()["id"])
    bad = therapist.request("POST", "/api/groups", {"title": "x", "members": ["nobody-here"]})
    check(bad.status == 400 and bad.error_code() == "unknown_member", bad.body)
    crowd = therapist.request("POST", "/api/groups", {
        "title": "x", "kind": "therapy", "members": ["patient%d" % i for i in range(1, 13)]})
    check(crowd.status == 400, "13 people in a therapy room -> %d" % crowd.status)


def test_media_through_the_proxy(server, people):
    group = server.group
    patient = people["patient1"]
    ticket = patient.request("POST", "/api/groups/%s/join" % group["id"], {}).json()
    check(ticket["media"] == "janus" and ticket["janus"]["path"] == "/janus", str(ticket))
    joined = join_media(server, patient, ticket)
    check(plugin_reply(joined).get("videoroom") == "joined", "member join: %s" % joined)
    check(patient.request("POST", "/api/groups/%s/joined" % group["id"], {}).status == 200,
          "joined")

    # A made-up room token, or someone else's, does not open the room.
    other = people["patient2"].request("POST", "/api/groups/%s/join" % group["id"], {}).json()
    forged = dict(other, janus=dict(other["janus"], room_token="mc1.1.1.00.00"))
    refused = join_media(server, people["patient2"], forged)
    check(plugin_reply(refused).get("videoroom") != "joined", "forged token joined")
    # A made-up core token is refused by Janus itself.
    janus = JanusSocket(server, people["student1"].cookie)
    check("101" in janus.status, janus.status)
    reply = janus.call({"janus": "create", "token": "9999999999,janus,janus.plugin.videoroom:AAAA"})
    check(reply["janus"] == "error", "forged core token: %s" % reply)
    janus.close()

    # No session, or the wrong subprotocol: no pipe at all.
    sock, status = janus_handshake(server, None)
    check(" 401 " in status, "/janus without a session -> " + status)
    sock.close()
    sock, status = janus_handshake(server, patient.cookie, protocol=None)
    check(" 400 " in status, "/janus without the subprotocol -> " + status)
    sock.close()


def test_host_tools(server, people):
    group = server.group
    therapist = people["therapist1"]
    patient3 = people["patient3"]
    members = {m["name"]: m for m in therapist.request("GET", "/api/groups/" + group["id"]).json()["members"]}
    target = [m for m in group["members"] if not m["host"]]
    ids = {m["user_id"] for m in target}
    check(len(ids) == 3, str(members))
    some = sorted(ids)
    refused = people["patient1"].request("POST", "/api/groups/%s/members/%d/mute" % (group["id"], some[1]),
                                         {"muted": True})
    check(refused.status == 403 and refused.error_code() == "host_only", refused.body)
    muted = therapist.request("POST", "/api/groups/%s/members/%d/mute" % (group["id"], some[1]),
                              {"muted": True})
    check(muted.status == 200, "mute -> %d %s" % (muted.status, muted.body))
    check(any(m["user_id"] == some[1] and m["muted"] for m in muted.json()["members"]), muted.body)
    bad = therapist.request("POST", "/api/groups/%s/members/%d/mute" % (group["id"], some[1]),
                            {"muted": "yes"})
    check(bad.status == 400, "mute with a string -> %d" % bad.status)

    locked = therapist.request("POST", "/api/groups/%s/lock" % group["id"], {"locked": True})
    check(locked.status == 200 and locked.json()["locked"], locked.body)
    late = patient3.request("POST", "/api/groups/%s/join" % group["id"], {})
    check(late.status == 412 or late.error_code() == "room_locked",
          "join a locked room -> %d %s" % (late.status, late.body))
    therapist.request("POST", "/api/groups/%s/lock" % group["id"], {"locked": False})

    removed = therapist.request("DELETE", "/api/groups/%s/members/%d" % (group["id"], some[2]))
    check(removed.status == 200, "remove -> %d %s" % (removed.status, removed.body))
    check(patient3.request("GET", "/api/groups/" + group["id"]).status == 404 or
          some[2] != patient3_id(people), "removed member still sees the room")


def patient3_id(people):
    return people["patient3"].request("GET", "/api/me").json()["id"]


def test_janus_comes_back(server, people):
    group = server.group
    pids = [int(p) for p in os.popen("pgrep -P %d -x janus" % server.process.pid).read().split()]
    check(len(pids) == 1, "janus children: %s" % pids)
    os.kill(pids[0], signal.SIGKILL)
    deadline = time.time() + 20
    joined = None
    while time.time() < deadline:
        time.sleep(0.3)
        new = [int(p) for p in os.popen("pgrep -P %d -x janus" % server.process.pid).read().split()]
        if not new or new == pids:
            continue
        ticket = people["patient1"].request("POST", "/api/groups/%s/join" % group["id"], {})
        if ticket.status != 200:
            continue
        try:
            joined = join_media(server, people["patient1"], ticket.json())
        except Exception as error:  # not answering yet
            joined = {"error": str(error)}
            continue
        if plugin_reply(joined).get("videoroom") == "joined":
            break
    check(joined is not None and plugin_reply(joined).get("videoroom") == "joined",
          "after SIGKILL: %s" % joined)

    ended = people["therapist1"].request("DELETE", "/api/groups/" + group["id"])
    check(ended.status == 200, "end -> %d" % ended.status)
    check(people["patient1"].request("GET", "/api/groups/" + group["id"]).status == 404, "ended")


def test_floor_names_reports_and_attendance(server, people):
    """Hands in order, the stick (only the host may give it), first name
    only, a report only the host sees, and the attendance after the end."""
    therapist = people["therapist1"]
    created = therapist.request("POST", "/api/groups", {
        "title": "Friday circle", "kind": "therapy", "members": ["patient1", "patient2"]})
    check(created.status == 201, created.body)
    gid = created.json()["id"]
    p1, p2 = people["patient1"], people["patient2"]
    ids = {login: people[login].request("GET", "/api/me").json()["id"] for login in ("patient1", "patient2")}
    ticket = p1.request("POST", "/api/groups/%s/join" % gid, {"first_name_only": True, "silhouette": True})
    check(ticket.status == 200, ticket.body)
    bad = p1.request("POST", "/api/groups/%s/join" % gid, {"silhouette": "yes"})
    check(bad.status == 400 and bad.error_code() == "invalid_field", bad.body)
    p1.request("POST", "/api/groups/%s/join" % gid, {"first_name_only": True, "silhouette": True})
    for person in (therapist, p1, p2):
        check(person.request("POST", "/api/groups/%s/joined" % gid, {}).status == 200, "joined")
    seen_by_p2 = {m["user_id"]: m for m in p2.request("GET", "/api/groups/" + gid).json()["members"]}
    check(seen_by_p2[ids["patient1"]]["name"] == "Alex" and seen_by_p2[ids["patient1"]]["silhouette"],
          "patient2 sees %s" % seen_by_p2[ids["patient1"]])
    seen_by_host = {m["user_id"]: m for m in therapist.request("GET", "/api/groups/" + gid).json()["members"]}
    check(seen_by_host[ids["patient1"]]["name"].startswith("Alex Demo"), str(seen_by_host))

    check(p2.request("POST", "/api/groups/%s/hand" % gid, {"raised": True}).status == 200, "hand")
    room = p1.request("POST", "/api/groups/%s/hand" % gid, {"raised": True}).json()
    hands = {m["user_id"]: m["hand"] for m in room["members"]}
    check(hands[ids["patient2"]] == 1 and hands[ids["patient1"]] == 2, str(hands))
    refused = p1.request("POST", "/api/groups/%s/stick" % gid, {"user_id": ids["patient1"]})
    check(refused.status == 403 and refused.error_code() == "host_only", refused.body)
    given = therapist.request("POST", "/api/groups/%s/stick" % gid, {"user_id": ids["patient2"]})
    check(given.status == 200 and given.json()["stick"] == ids["patient2"], given.body)
    members = {m["user_id"]: m for m in given.json()["members"]}
    check(members[ids["patient1"]]["silenced"] and not members[ids["patient2"]]["silenced"]
          and members[ids["patient2"]]["hand"] == 0, str(members))
    back = therapist.request("POST", "/api/groups/%s/stick" % gid, {"user_id": None})
    check(back.status == 200 and back.json()["stick"] is None, back.body)

    report = p2.request("POST", "/api/groups/%s/report" % gid,
                        {"user_id": ids["patient1"], "reason": "Interrupts everyone"})
    check(report.status == 200 and "reports" not in report.json(), report.body)
    empty = p2.request("POST", "/api/groups/%s/report" % gid, {"user_id": ids["patient1"], "reason": ""})
    check(empty.status == 400 and empty.error_code() == "invalid_reason", empty.body)
    reports = therapist.request("GET", "/api/groups/" + gid).json()["reports"]
    check(len(reports) == 1 and reports[0]["reason"] == "Interrupts everyone", str(reports))

    check(p2.request("POST", "/api/groups/%s/left" % gid, {}).status == 200, "left")
    check(therapist.request("DELETE", "/api/groups/" + gid).status == 200, "end")
    hosted = therapist.request("GET", "/api/group-attendance").json()["rooms"]
    check(any(r["id"] == gid and r["title"] == "Friday circle" for r in hosted), str(hosted))
    check(p1.request("GET", "/api/group-attendance/" + gid).status == 404, "a member read the attendance")
    attendance = therapist.request("GET", "/api/group-attendance/" + gid).json()
    stays = {s["user_id"]: s for s in attendance["stays"]}
    check(attendance["ended"] and len(stays) == 3, str(attendance))
    check(stays[ids["patient2"]]["how"] == "left" and stays[ids["patient1"]]["how"] == "room ended",
          str(stays))
    check("Interrupts" not in json.dumps(attendance), "the report's words reached the attendance")


def test_shared_pacer(server, people):
    """Only the host starts and stops the breathing pacer; its pattern and
    timing are checked; every member reads the same start on the server's
    clock."""
    therapist, p1 = people["therapist1"], people["patient1"]
    created = therapist.request("POST", "/api/groups", {
        "title": "Breathing circle", "kind": "therapy", "members": ["patient1"]})
    check(created.status == 201 and created.json()["pacer"] is None, created.body)
    gid = created.json()["id"]
    path = "/api/groups/%s/pacer" % gid
    box = {"pattern": "box", "phase_seconds": [4, 4, 4.5, 4]}
    refused = p1.request("POST", path, box)
    check(refused.status == 403 and refused.error_code() == "host_only", refused.body)
    outsider = people["patient3"].request("POST", path, box)
    check(outsider.status == 404 and outsider.error_code() == "group_not_found", outsider.body)
    for body, code in (({"pattern": "square", "phase_seconds": [4]}, "invalid_pattern"),
                       ({"pattern": 7, "phase_seconds": [4]}, "invalid_pattern"),
                       ({"pattern": "box", "phase_seconds": [4, 4, 4]}, "invalid_phase_seconds"),
                       ({"pattern": "box", "phase_seconds": [4, 4, 4, 13]}, "invalid_phase_seconds"),
                       ({"pattern": "resonance", "phase_seconds": [5, "5"]}, "invalid_phase_seconds"),
                       ({"pattern": "resonance"}, "invalid_phase_seconds")):
        bad = therapist.request("POST", path, body)
        check(bad.status == 400 and bad.error_code() == code, "%s -> %d %s" % (body, bad.status, bad.body))
    before = int(time.time() * 1000)
    started = therapist.request("POST", path, box)
    check(started.status == 200, started.body)
    pacer = started.json()["pacer"]
    check(pacer["pattern"] == "box" and pacer["phase_seconds"] == [4, 4, 4.5, 4], str(pacer))
    check(abs(pacer["started_at_ms"] - before) < 5000, str(pacer))
    seen = p1.request("GET", "/api/groups/" + gid).json()
    check(seen["pacer"] == pacer and seen["server_time_ms"] >= pacer["started_at_ms"], str(seen))
    check(p1.request("POST", path, {"pattern": None}).status == 403, "a member stopped the pacer")
    stopped = therapist.request("POST", path, {"pattern": None})
    check(stopped.status == 200 and stopped.json()["pacer"] is None, stopped.body)
    check(therapist.request("DELETE", "/api/groups/" + gid).status == 200, "end")


def test_peer_to_peer_without_janus():
    server = Server(BINARY, args=["--demo", "--janus", "off"])
    try:
        server.start()
        passwords = demo_passwords(server)
        therapist = signed_in(server, passwords, "therapist1")
        small = therapist.request("POST", "/api/groups", {
            "title": "Small", "members": ["patient1", "patient2"]})
        check(small.status == 201 and small.json()["media"] == "peer_to_peer", small.body)
        check(small.json()["capacity"] == 6, small.body)
        big = therapist.request("POST", "/api/groups", {
            "title": "Big", "members": ["patient1", "patient2", "patient3", "nurse1", "derm1", "cardio1"]})
        check(big.status == 400 and big.error_code() == "too_many_members", big.body)
        sock, status = janus_handshake(server, therapist.cookie)
        check(" 503 " in status, "/janus without janus -> " + status)
        sock.close()
        # The room's voice goes peer to peer: the server relays signaling
        # between its members in its space, and refuses a non-member.
        space = small.json()["space"]
        patient1 = signed_in(server, passwords, "patient1")
        outsider = signed_in(server, passwords, "patient3")
        ticket = patient1.request("POST", "/api/groups/%s/join" % small.json()["id"], {})
        check(ticket.status == 200 and ticket.json()["media"] == "peer_to_peer" and "janus" not in ticket.json(),
              ticket.body)
        check(ticket.json()["space"] == space, ticket.body)
        host_rt, member_rt, outsider_rt = (Realtime(server, c) for c in (therapist, patient1, outsider))
        try:
            for rt in (host_rt, member_rt):
                rt.join(space)
                check(joined_space(rt.expect(0x82)) == space, "member joined the room's space")
            host_rt.signal(member_rt.entity, '{"type":"offer","sdp":"v=0"}')
            relay = member_rt.expect(0x88)
            check(struct.unpack_from("<I", relay, 2)[0] == host_rt.entity, "relayed from the host")
            outsider_rt.join(space)
            check(outsider_rt.error_code() == "members_only", "a non-member joined the room")
            outsider_rt.join("lobby")
            outsider_rt.expect(0x82)
            outsider_rt.signal(member_rt.entity, '{"type":"offer","sdp":"v=0"}')
            check(outsider_rt.error_code() == "peer_not_found", "a non-member's signal into the room")
            check(all(kind != 0x88 for kind, _ in member_rt.messages(0.5)), "the non-member's signal arrived")
            member_rt.signal(outsider_rt.entity, '{"type":"offer","sdp":"v=0"}')
            check(member_rt.error_code() == "peer_not_found", "a member's signal out of the room")
        finally:
            for rt in (host_rt, member_rt, outsider_rt):
                rt.close()
    finally:
        server.cleanup()


def janus_setting(path, key):
    """The value of `key = ...` in one of the Janus configuration files the server wrote."""
    with open(path) as f:
        for line in f:
            name, _, value = line.strip().partition("=")
            if name.strip() == key:
                return value.strip().strip('"')
    raise AssertionError("%s has no %s" % (path, key))


def test_external_janus(server, people):
    """A second server uses the first one's Janus as an external Janus: it is
    given only the addresses and the two shared secrets, creates its rooms
    there and proxies its members to it; bad settings stop it at start."""
    janus_dir = os.path.join(server.data_dir, "janus")
    ws_port = janus_setting(os.path.join(janus_dir, "janus.transport.websockets.jcfg"), "ws_port")
    http_port = janus_setting(os.path.join(janus_dir, "janus.transport.http.jcfg"), "port")
    secret = janus_setting(os.path.join(janus_dir, "janus.jcfg"), "token_auth_secret")
    admin_key = janus_setting(os.path.join(janus_dir, "janus.plugin.videoroom.jcfg"), "admin_key")
    settings = {"METACLINIC_JANUS_URL": "http://127.0.0.1:%s/janus" % http_port,
                "METACLINIC_JANUS_WS_URL": "ws://localhost:%s" % ws_port,
                "METACLINIC_JANUS_TOKEN_SECRET": secret,
                "METACLINIC_JANUS_ADMIN_KEY": admin_key}
    # The packaged sample secret is refused at start, with the setting named and the value not echoed.
    refused = Server(BINARY, args=["--demo", "--janus", "external"],
                     env=dict(settings, METACLINIC_JANUS_ADMIN_KEY="janusoverlord"))
    try:
        started = True
        try:
            refused.start(timeout=10)
        except Exception:
            started = False
        check(not started, "started with the sample admin key")
        err = refused.stderr()
        check("media.janus_admin_key" in err and "sample" in err and "janusoverlord" not in err, err)
    finally:
        refused.cleanup()
    other = Server(BINARY, args=["--demo", "--janus", "external"], env=settings)
    try:
        other.start()
        check(not os.popen("pgrep -P %d -x janus" % other.process.pid).read().split(),
              "the external-Janus server started its own janus")
        passwords = demo_passwords(other)
        therapist = signed_in(other, passwords, "therapist1")
        member = signed_in(other, passwords, "patient1")
        created = therapist.request("POST", "/api/groups", {"title": "Elsewhere", "members": ["patient1"]})
        check(created.status == 201 and created.json()["media"] == "janus", created.body)
        ticket = member.request("POST", "/api/groups/%s/join" % created.json()["id"], {}).json()
        joined = join_media(other, member, ticket)
        check(plugin_reply(joined).get("videoroom") == "joined", "join through the external janus: %s" % joined)
        ended = therapist.request("DELETE", "/api/groups/" + created.json()["id"])
        check(ended.status == 200, "end -> %d %s" % (ended.status, ended.body))
    finally:
        other.cleanup()


def main():
    server = Server(BINARY, args=["--demo"])
    try:
        server.start()
        passwords = demo_passwords(server)
        people = {login: signed_in(server, passwords, login)
                  for login in ("patient1", "patient2", "patient3", "therapist1", "student1")}

        def bound(test):
            return lambda: test(server, people)

        run_tests([
            ("members get rooms and tokens, outsiders 404", bound(test_members_and_outsiders)),
            ("media through /janus with the server's tokens", bound(test_media_through_the_proxy)),
            ("host mutes, locks, removes", bound(test_host_tools)),
            ("janus killed comes back with the room", bound(test_janus_comes_back)),
            ("an external janus: another server's, by address and shared secrets", bound(test_external_janus)),
            ("hands, stick, names, reports, attendance", bound(test_floor_names_reports_and_attendance)),
            ("the shared breathing pacer: host only, checked", bound(test_shared_pacer)),
            ("peer to peer without janus", test_peer_to_peer_without_janus),
        ])
    finally:
        server.cleanup()


if __name__ == "__main__":
    main()
