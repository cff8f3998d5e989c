"""Issue 20's operations against the real binary: deployment settings an
administrator changes while the server runs (crisis help, STUN/TURN; in
force for the next request, kept across a restart, reset to the configured
values, validated with stable codes, audited, the TURN secret never shown
back or logged), accounts made with a one-time password (every call but
changing it is refused until the person chooses their own, the WebSocket
too) or with an invitation link (one use; the token never logged and
stored only as a hash).

usage: operations_test.py PATH/TO/metaclinic
"""

import os
import re
import sys

from harness import Server, check, open_db, run_tests, websocket_handshake
from clinic_test import demo_passwords, signed_in

BINARY = os.path.abspath(sys.argv[1])
TURN_SECRET = "turn-secret-for-the-test-0123456789"
CONFIG_STUN = "stun:config.example.org:3478"


def audit_actions(server, prefix):
    db = open_db(server)
    try:
        return [row for row in db.execute(
            "SELECT action, outcome, resource FROM audit_log WHERE action LIKE ? ORDER BY seq",
            (prefix + "%",))]
    finally:
        db.close()


def test_crisis_lines(server, people):
    admin, patient = people["admin"], people["patient1"]
    shown = admin.request("GET", "/api/admin/settings")
    check(shown.status == 200, "GET settings -> %d %s" % (shown.status, shown.body))
    crisis = shown.json()["crisis_lines"]
    check(crisis["source"] == "config" and len(crisis["lines"]) == 3, crisis)
    lines = [{"label": "Crisis line", "how": "call 0800 111 222, any time"},
             {"label": "Chat", "how": "https://chat.example.org"}]
    saved = admin.request("PUT", "/api/admin/settings/crisis_lines", {"lines": lines})
    check(saved.status == 200 and saved.json()["crisis_lines"]["source"] == "console", saved.body)
    help_now = patient.request("GET", "/api/safety/crisis-help").json()
    check(help_now["lines"] == lines, "the next request sees the change: %s" % help_now)
    bad = [({"lines": [{"label": "", "how": "call 112"}]}, "invalid_crisis_line"),
           ({"lines": [{"label": "A:B", "how": "call 112"}]}, "invalid_crisis_line"),
           ({"lines": [{"label": "Help", "how": "ask around"}]}, "invalid_crisis_line"),
           ({"lines": [{"label": "Help", "how": "call 112\n"}]}, "invalid_crisis_line"),
           ({"lines": [{"label": "Help", "how": "x" * 118 + "112"}]}, "invalid_crisis_line"),
           ({"lines": [{"label": "L%d" % i, "how": "call 112"} for i in range(9)]}, "too_many_crisis_lines"),
           ({"lines": lines, "extra": 1}, "unknown_field")]
    for body, code in bad:
        response = admin.request("PUT", "/api/admin/settings/crisis_lines", body)
        check(response.status == 400 and response.error_code() == code,
              "%s -> %d %s (wanted %s)" % (str(body)[:60], response.status, response.body, code))
    check(patient.request("GET", "/api/safety/crisis-help").json()["lines"] == lines, "a refusal keeps the lines")
    refused = people["cardio1"].request("PUT", "/api/admin/settings/crisis_lines", {"lines": []})
    check(refused.status == 403 and refused.error_code() == "access_denied", refused.body)
    check(people["cardio1"].request("GET", "/api/admin/settings").status == 403, "a clinician reads settings")
    check(("settings", "denied", "") in audit_actions(server, "settings"), "the refusal is audited")


def test_video_servers(server, people):
    admin, patient = people["admin"], people["patient1"]
    before = patient.request("GET", "/api/rtc-config").json()["ice_servers"]
    check(before == [{"urls": [CONFIG_STUN]}], "configured STUN: %s" % before)
    change = {"stun_urls": ["stun:stun.example.org:3478"],
              "turn_urls": ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"],
              "turn_secret": TURN_SECRET}
    saved = admin.request("PUT", "/api/admin/settings/rtc", change)
    check(saved.status == 200, "PUT rtc -> %d %s" % (saved.status, saved.body))
    check(TURN_SECRET.encode() not in saved.body, "the secret comes back")
    rtc = saved.json()["rtc"]
    check(rtc["turn_secret"] == {"set": True, "ends_with": TURN_SECRET[-4:]}, rtc["turn_secret"])
    servers = patient.request("GET", "/api/rtc-config").json()["ice_servers"]
    check(servers[0] == {"urls": change["stun_urls"]}, servers)
    turn = servers[1]
    check(turn["urls"] == change["turn_urls"] and re.match(r"^\d+:\d+$", turn["username"])
          and turn["credential"] and turn["credential"] != TURN_SECRET, turn)
    # Keeping the secret: only the servers change.
    kept = admin.request("PUT", "/api/admin/settings/rtc", {"stun_urls": [], "turn_urls": ["turn:t2.example.org"]})
    check(kept.status == 200 and kept.json()["rtc"]["turn_secret"]["set"], kept.body)
    bad = [({"stun_urls": ["http://x"]}, "invalid_stun_url"),
           ({"turn_urls": ["stun:x.example.org"]}, "invalid_turn_url"),
           ({"stun_urls": ["stun:a b"]}, "invalid_stun_url"),
           ({"stun_urls": ["stun:x%d" % i for i in range(9)]}, "too_many_urls"),
           ({"turn_urls": ["turn:x"], "turn_secret": "short"}, "invalid_turn_secret"),
           ({"turn_urls": ["turn:x"], "turn_secret": ""}, "turn_secret_required"),
           ({"stun_urls": "stun:x"}, "invalid_stun_url")]
    for body, code in bad:
        response = admin.request("PUT", "/api/admin/settings/rtc", body)
        check(response.status == 400 and response.error_code() == code,
              "%s -> %d %s (wanted %s)" % (body, response.status, response.body, code))


def test_restart_keeps_then_reset(server, people, passwords):
    server.stop()
    server.start()
    admin = signed_in(server, passwords, "admin")
    patient = signed_in(server, passwords, "patient1")
    shown = admin.request("GET", "/api/admin/settings").json()
    check(shown["crisis_lines"]["source"] == "console" and shown["rtc"]["turn_urls"] == ["turn:t2.example.org"],
          "kept across the restart: %s" % shown)
    check(patient.request("GET", "/api/rtc-config").json()["ice_servers"][0]["urls"] == ["turn:t2.example.org"],
          "the saved servers are handed out after the restart")
    for section in ("crisis_lines", "rtc"):
        reset = admin.request("DELETE", "/api/admin/settings/" + section)
        check(reset.status == 200 and reset.json()[section]["source"] == "config", reset.body)
    again = admin.request("DELETE", "/api/admin/settings/rtc")
    check(again.status == 404 and again.error_code() == "setting_not_found", again.body)
    check(patient.request("GET", "/api/rtc-config").json()["ice_servers"] == [{"urls": [CONFIG_STUN]}],
          "the configured STUN server again")
    check(len(patient.request("GET", "/api/safety/crisis-help").json()["lines"]) == 3, "the configured lines again")
    actions = [(action, outcome, resource) for action, outcome, resource in audit_actions(server, "settings.")]
    check(("settings.crisis_lines", "success", "Setting/crisis_lines") in actions and
          ("settings.rtc", "success", "Setting/rtc") in actions and
          actions.count(("settings.reset", "success", "Setting/rtc")) == 1, actions)
    people.update(admin=admin, patient1=patient, cardio1=signed_in(server, passwords, "cardio1"))


def test_one_time_password(server, people, secrets):
    admin = people["admin"]
    created = admin.request("POST", "/api/users", {"login": "nurse.otp", "name": "Nurse Otp", "role": "nurse"})
    check(created.status == 201, created.body)
    one_time = created.json()["one_time_password"]
    secrets.append(one_time)
    check(created.json()["must_change_password"] is True, created.body)
    person = server.client()
    login = person.login("nurse.otp", one_time)
    check(login.status == 200 and login.json()["user"]["must_change_password"] is True, login.body)
    me = person.request("GET", "/api/me")
    check(me.status == 200 and me.json()["must_change_password"] is True, me.body)
    for method, path in (("GET", "/api/departments"), ("GET", "/fhir/Patient"), ("GET", "/api/rtc-config")):
        refused = person.request(method, path)
        check(refused.status == 403 and b"password_change_required" in refused.body,
              "%s %s -> %d %s" % (method, path, refused.status, refused.body))
    sock, status_line = websocket_handshake(server, cookie=person.cookie)
    sock.close()
    check(" 403 " in status_line, "the WebSocket before the change: %s" % status_line)
    wrong = person.request("POST", "/api/me/password", {"current_password": "not it", "new_password": "my own password 7"})
    check(wrong.status == 400 and wrong.error_code() == "wrong_password", wrong.body)
    same = person.request("POST", "/api/me/password", {"current_password": one_time, "new_password": one_time})
    check(same.error_code() == "password_unchanged", same.body)
    # Whoever else signed in with the one-time password is signed out by the change.
    other = server.client()
    check(other.login("nurse.otp", one_time).status == 200, "a second sign-in with the one-time password")
    old_cookie = person.cookie
    changed = person.request("POST", "/api/me/password", {"current_password": one_time, "new_password": "my own password 7"})
    check(changed.status == 200 and changed.json()["csrf_token"], "change -> %d %s" % (changed.status, changed.body))
    check(person.cookie and person.cookie != old_cookie, "the caller gets a new session")
    person.csrf = changed.json()["csrf_token"]
    check(person.request("GET", "/api/departments").status == 200, "after the change the session works")
    check(other.request("GET", "/api/departments").status == 401, "the other session ended")
    check(server.client().login("nurse.otp", "my own password 7").status == 200, "the new password signs in")
    # A reset without a typed password makes a new one-time password: the same again.
    reset = admin.request("POST", "/api/users/%d/password-reset" % created.json()["id"])
    secrets.append(reset.json()["one_time_password"])
    again = server.client()
    check(again.login("nurse.otp", reset.json()["one_time_password"]).json()["user"]["must_change_password"],
          "a reset's one-time password must be changed too")
    outcomes = [(a, o) for a, o, _ in audit_actions(server, "user.password_change")]
    check(outcomes == [("user.password_change", "failure"), ("user.password_change", "success")], outcomes)


def test_invitation(server, people, secrets):
    admin = people["admin"]
    created = admin.request("POST", "/api/users", {"login": "therapist.inv", "name": "Thera Invited",
                                                   "role": "therapist", "invitation": True})
    check(created.status == 201, created.body)
    body = created.json()
    check("one_time_password" not in body and body["invited"] is True, body)
    match = re.match(r"^http://127\.0\.0\.1:\d+/#invitation=([0-9a-f]{64})$", body["invitation"]["url"])
    check(match, body["invitation"])
    token = match.group(1)
    secrets.append(token)
    check(server.client().login("therapist.inv", "").status in (400, 401), "an invited account signs in without a password")
    listed = [user for user in admin.request("GET", "/api/users").json()["users"] if user["login"] == "therapist.inv"]
    check(listed and listed[0]["invited"], listed)
    stranger = server.client()
    found = stranger.request("POST", "/api/invitations/lookup", {"token": token})
    check(found.status == 200 and found.json()["login"] == "therapist.inv" and found.json()["name"] == "Thera Invited",
          found.body)
    check(stranger.request("POST", "/api/invitations/lookup", {"token": "0" * 64}).error_code() == "invitation_invalid",
          "an unknown token")
    short = stranger.request("POST", "/api/invitations/accept", {"token": token, "password": "short"})
    check(short.status == 400 and short.error_code() == "password_too_short", short.body)
    accepted = stranger.request("POST", "/api/invitations/accept", {"token": token, "password": "chosen by the invitee"})
    check(accepted.status == 200 and accepted.json() == {"login": "therapist.inv"}, accepted.body)
    used = stranger.request("POST", "/api/invitations/accept", {"token": token, "password": "someone else's try"})
    check(used.status == 412 and used.error_code() == "invitation_used", used.body)
    person = server.client()
    login = person.login("therapist.inv", "chosen by the invitee")
    check(login.status == 200 and login.json()["user"]["must_change_password"] is False, login.body)
    check(person.request("GET", "/api/departments").status == 200, "an invitee uses the app at once")
    not_needed = admin.request("POST", "/api/users/%d/invitation" % body["id"])
    check(not_needed.status == 412 and not_needed.error_code() == "invitation_not_needed", not_needed.body)
    # A new link retires the old one.
    second = admin.request("POST", "/api/users", {"login": "student.inv", "name": "Stu Invited",
                                                  "role": "student", "invitation": True, "invitation_hours": 2})
    first_token = second.json()["invitation"]["url"].rsplit("=", 1)[1]
    newer = admin.request("POST", "/api/users/%d/invitation" % second.json()["id"], {"invitation_hours": 1})
    check(newer.status == 201, newer.body)
    secrets.extend([first_token, newer.json()["url"].rsplit("=", 1)[1]])
    check(stranger.request("POST", "/api/invitations/lookup", {"token": first_token}).error_code() == "invitation_used",
          "the older link is retired")
    for bad, code in (({"invitation": True, "password": "typed as well!"}, "invalid_field"),
                      ({"invitation": True, "invitation_hours": 0}, "invalid_lifetime"),
                      ({"invitation": "yes"}, "invalid_field")):
        response = admin.request("POST", "/api/users", dict({"login": "x.inv", "name": "X", "role": "nurse"}, **bad))
        check(response.status == 400 and response.error_code() == code, "%s -> %s" % (bad, response.body))
    db = open_db(server)
    stored = [row[0] for row in db.execute("SELECT token_hash FROM user_invitations")]
    db.close()
    check(token not in stored and len(stored) == 3, "only hashes are stored")
    actions = [(a, o) for a, o, _ in audit_actions(server, "user.invit")]
    check(("user.invite", "success") in actions and ("user.invitation_accept", "success") in actions
          and ("user.invitation_accept", "denied") in actions, actions)


def main():
    server = Server(BINARY, args=["--demo", "--stun-urls", CONFIG_STUN]).start()
    secrets = [TURN_SECRET]
    try:
        passwords = demo_passwords(server)
        people = {login: signed_in(server, passwords, login) for login in ("admin", "patient1", "cardio1")}
        tests = [
            ("crisis lines change at once, checked", lambda: test_crisis_lines(server, people)),
            ("STUN/TURN change at once; the secret stays", lambda: test_video_servers(server, people)),
            ("kept across a restart, then reset", lambda: test_restart_keeps_then_reset(server, people, passwords)),
            ("a one-time password must be changed first", lambda: test_one_time_password(server, people, secrets)),
            ("an invitation link sets the password once", lambda: test_invitation(server, people, secrets)),
        ]

        def nothing_secret_logged():
            logs = "".join(server.stdout_lines) + server.stderr()
            leaked = [secret[:6] + "…" for secret in secrets if secret in logs]
            check(not leaked, "secrets in the logs: %s" % leaked)

        tests.append(("no secret or token in the logs", nothing_secret_logged))
        run_tests(tests)
    finally:
        server.stop()
        server.cleanup()


if __name__ == "__main__":
    main()
