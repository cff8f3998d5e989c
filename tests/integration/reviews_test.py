"""Integration tests of case reviews (docs/api.md "Case reviews") against the
real binary with the demo data (cardio1 cares for patient3, who has the
synthetic CT study), over real sockets:

- cardio1 creates a review with a summary drawn from the record and invites
  endo1; endo1 may then read the study (QIDO, rendered frames) and the
  review, audited as "invited to case review", and nothing else of the
  record; derm1, not invited, is refused (403, audited);
- the presenter's view reaches the others; only the presenter moves it;
  pointers are named; annotations are shared, validated and saved in the
  review's record (audited);
- an outside colleague's visit link (organiser only) opens this case only,
  audited as "visitor of case review";
- the conclusion becomes a clinical note (a DocumentReference in
  Patient/$everything) and ends
  the colleagues' access.

usage: reviews_test.py PATH/TO/metaclinic
"""

import base64
import os
import sys

from harness import Server, check, open_db, run_tests
from clinic_test import demo_passwords, signed_in

BINARY = os.path.abspath(sys.argv[1])


class Context:
    def __init__(self, server):
        passwords = demo_passwords(server)
        self.cardio = signed_in(server, passwords, "cardio1")
        self.endo = signed_in(server, passwords, "endo1")
        self.derm = signed_in(server, passwords, "derm1")
        self.db = open_db(server)
        listed = self.cardio.request("GET", "/dicomweb/studies").json()
        self.study = listed[0]["0020000D"]["Value"][0]
        self.pseudonym = listed[0]["00100020"]["Value"][0]
        series = self.cardio.request("GET", "/dicomweb/studies/%s/series" % self.study).json()
        self.series = series[0]["0020000E"]["Value"][0]
        instances = self.cardio.request(
            "GET", "/dicomweb/studies/%s/series/%s/instances" % (self.study, self.series)).json()
        self.sop = instances[0]["00080018"]["Value"][0]
        self.review = None
        self.visitor = None
        self.server = server

    def frame(self, client):
        return client.request("GET", "/dicomweb/studies/%s/series/%s/instances/%s/frames/1/rendered"
                              % (self.study, self.series, self.sop))

    def last_audit(self):
        return self.db.execute("SELECT action, outcome, patient_pseudonym, purpose FROM audit_log "
                               "ORDER BY seq DESC LIMIT 1").fetchone()


def test_create_and_invite(ctx):
    check(ctx.frame(ctx.endo).status == 403, "endo1 sees the images before any invitation")
    bad = [
        ({"patient": ctx.pseudonym, "study": ctx.study, "question": "", "invite": []}, 400, "invalid_question"),
        ({"patient": ctx.pseudonym, "study": ctx.study, "question": "q", "invite": ["nobody"]}, 400, "unknown_member"),
        ({"patient": ctx.pseudonym, "study": ctx.study, "question": "q", "invite": ["patient1"]}, 400, "unknown_member"),
        ({"patient": ctx.pseudonym, "study": ctx.study, "question": "q", "minutes": 5}, 400, "invalid_minutes"),
        ({"patient": ctx.pseudonym, "study": "1.2.3", "question": "q"}, 404, "study_not_found"),
        ({"patient": ctx.pseudonym, "study": ctx.study, "question": "q", "extra": 1}, 400, None),
    ]
    for body, status, code in bad:
        response = ctx.cardio.request("POST", "/api/reviews", body)
        check(response.status == status and (code is None or response.error_code() == code),
              "%s -> %d %s" % (body, response.status, response.body[:200]))
    refused = ctx.derm.request("POST", "/api/reviews", {"patient": ctx.pseudonym, "study": ctx.study,
                                                        "question": "q", "invite": []})
    check(refused.status == 403, "derm1 creating a review -> %d" % refused.status)
    created = ctx.cardio.request("POST", "/api/reviews", {
        "patient": ctx.pseudonym, "study": ctx.study, "question": "Is the lesion new?",
        "minutes": 60, "invite": ["endo1"]})
    check(created.status == 201, "create -> %d %s" % (created.status, created.body[:300]))
    review = created.json()
    check(len(review["id"]) == 32 and review["status"] == "scheduled", review)
    check(review["summary"]["conditions"], "no conditions in the summary: %s" % review["summary"])
    check(review["summary"]["observations"], "no observations in the summary")
    check([person["name"] for person in review["invited"]] == ["Dr. Demo Endocrinology"], review["invited"])
    ctx.review = review["id"]
    listed = ctx.endo.request("GET", "/api/reviews").json()["reviews"]
    check([item["id"] for item in listed] == [ctx.review], "endo1's reviews: %s" % listed)
    check(listed[0]["question"] == "Is the lesion new?", listed[0])


def test_invited_colleague_reaches_the_images_only(ctx):
    check(ctx.frame(ctx.endo).status == 200, "endo1 reads a frame of the review's study")
    row = ctx.last_audit()
    check(row[2] == ctx.pseudonym and row[1] == "success" and "case review" in row[3], "audit: %s" % (row,))
    studies = ctx.endo.request("GET", "/dicomweb/studies").json()
    check(len(studies) == 1, "endo1 lists %d studies" % len(studies))
    conditions = ctx.endo.request("GET", "/fhir/Condition?patient=" + ctx.pseudonym,
                                  headers={"Accept": "application/fhir+json"})
    check(conditions.status == 403, "endo1 reads the conditions -> %d" % conditions.status)
    check(ctx.endo.request("GET", "/api/reviews/" + ctx.review).status == 200, "endo1 reads the review")
    for path in ("", "/live"):
        response = ctx.derm.request("GET", "/api/reviews/" + ctx.review + path)
        check(response.status == 403 and response.error_code() == "not_invited",
              "derm1 %s -> %d" % (path or "review", response.status))
    before = ctx.db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    check(ctx.frame(ctx.derm).status == 403, "derm1 reads a frame")
    check(ctx.db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] > before, "derm1's refusal is audited")
    check(ctx.endo.request("GET", "/api/reviews/" + "0" * 32).status == 404, "unknown review")


def test_presenter_view_pointers_annotations(ctx):
    path = "/api/reviews/%s/live" % ctx.review
    view = {"slice": 40, "center": -600, "width": 1500, "zoom": 2, "pan_x": 12.5, "pan_y": -3}
    moved = ctx.cardio.request("POST", path, {"view": view})
    check(moved.status == 200, "presenter view -> %d %s" % (moved.status, moved.body[:200]))
    seen = ctx.endo.request("GET", path).json()
    check(seen["view"] == view, "endo1 sees %s" % seen["view"])
    check(seen["presenter"]["name"] == "Dr. Demo Cardiology", seen["presenter"])
    refused = ctx.endo.request("POST", path, {"view": dict(view, slice=3)})
    check(refused.status == 403 and refused.error_code() == "presenter_only", "follower moved the view")
    for bad in ({"view": dict(view, zoom=100)}, {"view": {"slice": 1}}, {"pointer": {"slice": 1, "x": -4, "y": 2}}):
        response = ctx.cardio.request("POST", path, bad)
        check(response.status == 400 and response.error_code() == "invalid_view", "%s -> %d" % (bad, response.status))
    ctx.endo.request("POST", path, {"pointer": {"slice": 40, "x": 100, "y": 120}})
    pointers = ctx.cardio.request("GET", path).json()["pointers"]
    check([(p["name"], p["x"]) for p in pointers] == [("Dr. Demo Endocrinology", 100)], pointers)
    annotations = "/api/reviews/%s/annotations" % ctx.review
    for bad in ({"kind": "star", "slice": 1, "points": [1, 2, 3, 4]},
                {"kind": "arrow", "slice": 1, "points": [1, 2]},
                {"kind": "text", "slice": 1, "points": [1, 2]},
                {"kind": "circle", "slice": 1, "points": [1, 2, 3, 9999]}):
        response = ctx.cardio.request("POST", annotations, bad)
        check(response.status == 400 and response.error_code() == "invalid_annotation",
              "%s -> %d %s" % (bad, response.status, response.body[:200]))
    writes = ctx.db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'record.write'").fetchone()[0]
    added = ctx.cardio.request("POST", annotations, {"kind": "arrow", "slice": 40, "points": [10, 10, 128, 96]})
    check(added.status == 201, "arrow -> %d %s" % (added.status, added.body[:200]))
    note = ctx.endo.request("POST", annotations, {"kind": "text", "slice": 40, "points": [50, 60], "text": "old scar?"})
    check(note.status == 201, "endo1's note -> %d %s" % (note.status, note.body[:200]))
    check(ctx.db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'record.write'").fetchone()[0] == writes + 2,
          "each annotation is one audited write")
    shared = ctx.endo.request("GET", path).json()["annotations"]
    check([(a["kind"], a["author"]) for a in shared] == [("arrow", "Dr. Demo Cardiology"), ("text", "Dr. Demo Endocrinology")], shared)
    saved = ctx.cardio.request("GET", "/api/reviews/" + ctx.review).json()["annotations"]
    check([a["text"] for a in saved] == ["", "old scar?"], "saved annotations: %s" % saved)
    taken = ctx.endo.request("POST", path, {"present": True})
    check(taken.json()["presenter"]["name"] == "Dr. Demo Endocrinology", "endo1 presents")
    check(ctx.endo.request("POST", path, {"view": dict(view, slice=7)}).status == 200, "the new presenter moves the view")
    check(ctx.cardio.request("GET", path).json()["view"]["slice"] == 7, "cardio1 follows endo1")


def test_outside_visitor_reaches_this_case_only(ctx):
    refused = ctx.endo.request("POST", "/api/reviews/%s/visit-link" % ctx.review)
    check(refused.status == 403 and refused.error_code() == "not_your_review",
          "endo1 (not the organiser) made a visit link -> %d %s" % (refused.status, refused.body[:200]))
    forged = ctx.cardio.request("POST", "/api/visit-links", {"purpose": "review:" + "0" * 32})
    check(forged.status == 403, "a link for a review that does not exist -> %d" % forged.status)
    made = ctx.cardio.request("POST", "/api/reviews/%s/visit-link" % ctx.review)
    check(made.status == 201, "visit link -> %d %s" % (made.status, made.body[:200]))
    token = made.json()["url"].rsplit("/", 1)[1]
    visitor = ctx.server.client()
    redeemed = visitor.request("POST", "/api/visit-links/redeem", {"token": token})
    check(redeemed.status == 200, "redeem -> %d %s" % (redeemed.status, redeemed.body[:200]))
    visitor.csrf = redeemed.json()["csrf_token"]
    ctx.visitor = visitor
    check(ctx.frame(visitor).status == 200, "the visitor reads a frame of the case")
    row = ctx.last_audit()
    check(row[1] == "success" and row[3] == "visitor of case review " + ctx.review, "audit: %s" % (row,))
    check([item["id"] for item in visitor.request("GET", "/api/reviews").json()["reviews"]] == [ctx.review],
          "the visitor's reviews")
    check(visitor.request("GET", "/api/reviews/%s/live" % ctx.review).status == 200, "the visitor joins")
    note = visitor.request("POST", "/api/reviews/%s/annotations" % ctx.review,
                           {"kind": "text", "slice": 7, "points": [5, 5], "text": "seen before"})
    check(note.status == 201 and note.json()["author"] == "Visiting colleague", "visitor's note: %s" % note.body[:200])
    conditions = visitor.request("GET", "/fhir/Condition?patient=" + ctx.pseudonym,
                                 headers={"Accept": "application/fhir+json"})
    check(conditions.status in (401, 403), "the visitor reads the conditions -> %d" % conditions.status)
    check(visitor.request("POST", "/api/reviews", {"patient": ctx.pseudonym, "study": ctx.study,
                                                   "question": "q"}).status == 403, "the visitor creates a review")


def test_conclusion_is_a_note_and_ends_access(ctx):
    path = "/api/reviews/%s/conclusion" % ctx.review
    check(ctx.endo.request("POST", path, {"text": "x"}).error_code() == "organiser_only", "endo1 concluded")
    check(ctx.cardio.request("POST", path, {"text": ""}).error_code() == "invalid_conclusion", "empty conclusion")
    done = ctx.cardio.request("POST", path, {"text": "Old scar; no new lesion. No change of treatment."})
    check(done.status == 200, "conclude -> %d %s" % (done.status, done.body[:200]))
    note_id = done.json()["note"].split("/")[1]
    everything = ctx.cardio.request("GET", "/fhir/Patient/%s/$everything" % ctx.pseudonym,
                                    headers={"Accept": "application/fhir+json"})
    check(everything.status == 200, "$everything -> %d" % everything.status)
    notes = [entry["resource"] for entry in everything.json()["entry"]
             if entry["resource"]["resourceType"] == "DocumentReference" and entry["resource"]["id"] == note_id]
    check(len(notes) == 1, "the conclusion is not a DocumentReference in the record")
    text = base64.b64decode(notes[0]["content"][0]["attachment"]["data"]).decode()
    check("Is the lesion new?" in text and "No change of treatment." in text and "Dr. Demo Endocrinology" in text,
          "note text: %s" % text)
    check(ctx.frame(ctx.endo).status == 403, "endo1 still sees the images after the conclusion")
    check(ctx.frame(ctx.visitor).status == 403, "the visitor still sees the images after the conclusion")
    live = ctx.cardio.request("GET", "/api/reviews/%s/live" % ctx.review)
    check(live.status == 412 and live.error_code() == "review_closed", "live after the end -> %d" % live.status)


def main():
    server = Server(BINARY, args=["--demo"])
    try:
        server.start()
        ctx = Context(server)
        run_tests([
            ("create a review and invite", lambda: test_create_and_invite(ctx)),
            ("the invited colleague reaches the images only", lambda: test_invited_colleague_reaches_the_images_only(ctx)),
            ("presenter view, pointers, annotations", lambda: test_presenter_view_pointers_annotations(ctx)),
            ("an outside visitor reaches this case only", lambda: test_outside_visitor_reaches_this_case_only(ctx)),
            ("conclusion: a note, access ends", lambda: test_conclusion_is_a_note_and_ends_access(ctx)),
        ])
    finally:
        server.stop()
        server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
