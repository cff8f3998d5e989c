"""Integration tests of DICOMweb (docs/api.md "DICOMweb") against the real
binary with the demo data, over real sockets:

- STOW-RS then QIDO-RS then WADO-RS returns the stored instance byte for byte;
- a rendered frame equals a reference rendering of the same window (PS3.3
  linear function computed here from the stored pixels) within one grey level;
- QIDO filters (PatientID, StudyDate, ModalitiesInStudy, StudyInstanceUID)
  and paging (limit, offset);
- a clinician without a care relationship gets 403 and an audit record;
- bad uploads (not DICOM, wrong patient, truncated, too large) store nothing;
- erasure removes the images.

The DICOM files come from the demo seed (the synthetic Shepp-Logan phantom
study of patient3); uploads re-send them with new UIDs patched in place.

usage: dicomweb_test.py PATH/TO/metaclinic
"""

import json
import os
import re
import socket
import struct
import sys
import urllib.parse
import zlib

from harness import Server, check, open_db, run_tests
from clinic_test import demo_passwords, signed_in

BINARY = os.path.abspath(sys.argv[1])
BOUNDARY = "dicomweb-test-boundary"
STOW_TYPE = 'multipart/related; type="application/dicom"; boundary=' + BOUNDARY


def multipart(parts):
    body = b""
    for part in parts:
        body += b"--" + BOUNDARY.encode() + b"\r\nContent-Type: application/dicom\r\n\r\n" + part + b"\r\n"
    return body + b"--" + BOUNDARY.encode() + b"--\r\n"


def single_part(response):
    match = re.search(r'boundary="?([^";]+)"?', response.headers["content-type"])
    check(match, "no boundary in " + response.headers["content-type"])
    delimiter = b"--" + match.group(1).encode()
    body = response.body
    start = body.index(b"\r\n\r\n", body.index(delimiter)) + 4
    end = body.index(b"\r\n" + delimiter, start)
    return body[start:end]


def elements(part10):
    """Top-level (tag, vr, value offset, length) of an explicit little-endian
    Part 10 file, read independently of the server."""
    offset = 132
    found = {}
    while offset < len(part10):
        group, element = struct.unpack_from("<HH", part10, offset)
        vr = part10[offset + 4:offset + 6].decode()
        if vr in ("OB", "OW", "OF", "SQ", "UT", "UN", "UC", "UR", "OD", "OL", "OV"):
            length = struct.unpack_from("<I", part10, offset + 8)[0]
            start = offset + 12
        else:
            length = struct.unpack_from("<H", part10, offset + 6)[0]
            start = offset + 8
        found[(group, element)] = (vr, start, length)
        offset = start + length
    return found


def text_of(part10, tag):
    vr, start, length = elements(part10)[tag]
    return part10[start:start + length].decode().rstrip(" \0")


def replace_text(part10, tag, value):
    """The file with `tag`'s value replaced by `value` of the same length."""
    vr, start, length = elements(part10)[tag]
    encoded = value.encode().ljust(length, b"\0" if vr == "UI" else b" ")
    check(len(encoded) == length, "replacement must keep the length")
    return part10[:start] + encoded + part10[start + length:]


def new_uid(old, digit):
    return old[:-1] + digit if old[-1] != digit else old[:-1] + "7"


def png_pixels(png):
    check(png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG")
    offset, idat, width, height = 8, b"", 0, 0
    while offset < len(png):
        length, kind = struct.unpack_from(">I4s", png, offset)
        data = png[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack_from(">IIBB", data)
            check(depth == 8 and colour == 0, "not 8-bit grey")
        elif kind == b"IDAT":
            idat += data
        offset += 12 + length
    raw = zlib.decompress(idat)
    rows = []
    for row in range(height):
        line = raw[row * (width + 1):(row + 1) * (width + 1)]
        check(line[0] == 0, "filter other than none")
        rows.append(line[1:])
    return width, height, b"".join(rows)


def reference_rendering(part10, center, width):
    """PS3.3 C.11.2.1.2.1 linear, from the stored pixels and rescale."""
    found = elements(part10)
    rows = struct.unpack_from("<H", part10, found[(0x0028, 0x0010)][1])[0]
    columns = struct.unpack_from("<H", part10, found[(0x0028, 0x0011)][1])[0]
    intercept = float(text_of(part10, (0x0028, 0x1052)))
    slope = float(text_of(part10, (0x0028, 0x1053)))
    _, start, length = found[(0x7FE0, 0x0010)]
    stored = struct.unpack_from("<%dH" % (rows * columns), part10, start)
    out = bytearray()
    for value in stored:
        x = (value & 0x0FFF) * slope + intercept
        if x <= center - 0.5 - (width - 1) / 2:
            y = 0
        elif x > center - 0.5 + (width - 1) / 2:
            y = 255
        else:
            y = ((x - (center - 0.5)) / (width - 1) + 0.5) * 255
        out.append(int(round(y)))
    return columns, rows, bytes(out)


class Context:
    def __init__(self, server, passwords):
        self.server = server
        self.passwords = passwords
        self.cardio = signed_in(server, passwords, "cardio1")
        self.derm = signed_in(server, passwords, "derm1")
        self.db = open_db(server)
        studies = self.cardio.request("GET", "/dicomweb/studies")
        check(studies.status == 200, "QIDO studies -> %d %s" % (studies.status, studies.body[:300]))
        check(studies.headers["content-type"].startswith("application/dicom+json"), "content type")
        listed = studies.json()
        check(len(listed) == 1, "cardio1 sees %d studies" % len(listed))
        self.study = listed[0]["0020000D"]["Value"][0]
        self.pseudonym = listed[0]["00100020"]["Value"][0]
        series = self.cardio.request("GET", "/dicomweb/studies/%s/series" % self.study).json()
        self.series = series[0]["0020000E"]["Value"][0]
        instances = self.cardio.request(
            "GET", "/dicomweb/studies/%s/series/%s/instances" % (self.study, self.series)).json()
        check(len(instances) == 64, "demo series holds %d instances" % len(instances))
        self.first_sop = instances[0]["00080018"]["Value"][0]

    def instance_url(self, study, series, sop):
        return "/dicomweb/studies/%s/series/%s/instances/%s" % (study, series, sop)

    def retrieve(self, client, study, series, sop):
        return client.request("GET", self.instance_url(study, series, sop),
                              headers={"Accept": 'multipart/related; type="application/dicom"'})

    def demo_file(self):
        response = self.retrieve(self.cardio, self.study, self.series, self.first_sop)
        check(response.status == 200, "WADO -> %d %s" % (response.status, response.body[:200]))
        return single_part(response)

    def record_count(self):
        return self.db.execute("SELECT COUNT(*) FROM vault_records").fetchone()[0]

    def audit_count(self):
        return self.db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]

    def stow(self, client, parts, path="/dicomweb/studies", content_type=STOW_TYPE):
        return client.request("POST", path, raw_body=multipart(parts) if isinstance(parts, list) else parts,
                              headers={"Content-Type": content_type})


def test_stow_qido_wado_byte_for_byte(ctx):
    original = ctx.demo_file()
    check(text_of(original, (0x0010, 0x0020)) == ctx.pseudonym, "PatientID is the pseudonym")
    study = new_uid(ctx.study, "3")
    series = new_uid(ctx.series, "3")
    sop = new_uid(ctx.first_sop, "3")
    upload = replace_text(original, (0x0020, 0x000D), study)
    upload = replace_text(upload, (0x0020, 0x000E), series)
    upload = replace_text(upload, (0x0008, 0x0018), sop)
    upload = replace_text(upload, (0x0008, 0x0020), "20250315")
    upload = replace_text(upload, (0x0008, 0x0060), "MR")
    # Keep the meta header's copy of the SOP Instance UID consistent.
    meta_sop = original.find(ctx.first_sop.encode(), 132)
    upload = upload[:meta_sop] + sop.encode() + upload[meta_sop + len(sop):]
    before = ctx.record_count()
    stored = ctx.stow(ctx.cardio, [upload], "/dicomweb/studies/" + study)
    check(stored.status == 200, "STOW -> %d %s" % (stored.status, stored.body[:300]))
    referenced = stored.json()["00081199"]["Value"]
    check(referenced[0]["00081155"]["Value"][0] == sop, "STOW names the stored instance")
    check(ctx.record_count() == before + 3, "instance, index and ImagingStudy records added")
    found = ctx.cardio.request("GET", "/dicomweb/studies?StudyInstanceUID=" + study).json()
    check(len(found) == 1 and found[0]["00080061"]["Value"] == ["MR"], found)
    retrieved = ctx.retrieve(ctx.cardio, study, series, sop)
    check(retrieved.status == 200, "WADO -> %d" % retrieved.status)
    check(retrieved.headers["content-type"].startswith("multipart/related"), "WADO type")
    check(single_part(retrieved) == upload, "the retrieved instance differs from the stored one")
    metadata = ctx.cardio.request("GET", ctx.instance_url(study, series, sop) + "/metadata")
    check(metadata.status == 200, "metadata -> %d" % metadata.status)
    check(metadata.json()[0]["00080018"]["Value"][0] == sop, "metadata names the instance")
    check("7FE00010" not in metadata.json()[0], "metadata holds no pixel data")
    # The same instance again is not stored twice.
    again = ctx.stow(ctx.cardio, [upload])
    check(again.status == 200 and ctx.record_count() == before + 3, "duplicate stored twice")
    ctx.uploaded = (study, series, sop)


def test_rendered_frame_matches_reference(ctx):
    original = ctx.demo_file()
    for center, width in ((40, 400), (-600, 1500), (400, 1800)):
        url = ctx.instance_url(ctx.study, ctx.series, ctx.first_sop) + \
            "/frames/1/rendered?window=%d,%d,linear" % (center, width)
        rendered = ctx.cardio.request("GET", url, headers={"Accept": "image/png"})
        check(rendered.status == 200, "rendered -> %d %s" % (rendered.status, rendered.body[:200]))
        check(rendered.headers["content-type"] == "image/png", rendered.headers["content-type"])
        got = png_pixels(rendered.body)
        want = reference_rendering(original, center, width)
        check(got[:2] == want[:2], "size %s != %s" % (got[:2], want[:2]))
        worst = max(abs(a - b) for a, b in zip(got[2], want[2]))
        check(worst <= 1, "window %d/%d: a grey level differs by %d" % (center, width, worst))
        check(len(set(got[2])) >= 3, "the rendering is not a flat image")
    bad = ctx.cardio.request("GET", ctx.instance_url(ctx.study, ctx.series, ctx.first_sop) +
                             "/frames/1/rendered?window=40,abc,linear")
    check(bad.status == 400 and bad.error_code() == "invalid_window", bad.body)
    missing = ctx.cardio.request("GET", ctx.instance_url(ctx.study, ctx.series, ctx.first_sop) +
                                 "/frames/2/rendered")
    check(missing.status == 404 and missing.error_code() == "frame_not_found", missing.body)


def test_qido_filters_and_paging(ctx):
    def studies(query):
        response = ctx.cardio.request("GET", "/dicomweb/studies" + query)
        check(response.status == 200, "%s -> %d %s" % (query, response.status, response.body[:200]))
        return [item["0020000D"]["Value"][0] for item in response.json()]
    both = studies("")
    check(len(both) == 2, "two studies after the upload: %s" % both)
    check(studies("?PatientID=" + ctx.pseudonym) == both, "PatientID")
    check(studies("?PatientID=nobody-here") == [], "PatientID of no one")
    check(studies("?StudyDate=20261101") == [ctx.study], "StudyDate exact")
    check(studies("?StudyDate=20250101-20251231") == [ctx.uploaded[0]], "StudyDate range")
    check(studies("?StudyDate=-20250401") == [ctx.uploaded[0]], "StudyDate open start")
    check(studies("?ModalitiesInStudy=CT") == [ctx.study], "ModalitiesInStudy")
    check(studies("?ModalitiesInStudy=CT,MR") == both, "ModalitiesInStudy list")
    check(studies("?StudyInstanceUID=" + ctx.study) == [ctx.study], "StudyInstanceUID")
    check(studies("?limit=1") == both[:1] and studies("?limit=1&offset=1") == both[1:],
          "limit and offset")
    check(studies("?offset=5") == [], "offset past the end")
    instances = ctx.cardio.request("GET", "/dicomweb/studies/%s/series/%s/instances?limit=10&offset=60"
                                   % (ctx.study, ctx.series)).json()
    check([item["00200013"]["Value"][0] for item in instances] == [61, 62, 63, 64],
          "instance paging: %s" % instances)
    # PS3.18 10.6.1.2 required study keys, wildcards (PS3.4 C.2.2.2.4) and
    # universal matching (an empty value); PatientName is the name in the files.
    q = urllib.parse.quote
    check(studies("?PatientName=" + q("demo*")) == both, "PatientName wildcard, any case")
    check(studies("?00100010=" + q("*Rob?n")) == both, "PatientName by tag with ?")
    check(studies("?PatientName=Robin") == [], "PatientName is matched whole")
    check(studies("?PatientName=robin&fuzzymatching=true") == both, "fuzzy PatientName")
    check(studies("?PatientName=" + q("Nobody*")) == [], "PatientName of no one")
    check(studies("?PatientID=" + q(ctx.pseudonym[:6] + "*")) == both, "PatientID wildcard")
    check(studies("?00100020=&PatientName=&StudyID=&ReferringPhysicianName=") == both,
          "empty values match everything")
    check(studies("?AccessionNumber=DEMO0001") == both, "AccessionNumber")
    check(studies("?AccessionNumber=OTHER") == [], "AccessionNumber of none")
    check(studies("?StudyTime=0900-0901") == both and studies("?StudyTime=1000-") == [], "StudyTime range")
    check(studies("?StudyDescription=" + q("CT head*")) == both, "StudyDescription")
    check(studies("?StudyDate=20261101&ModalitiesInStudy=CT&PatientName=" + q("Demo*")) == [ctx.study],
          "keys combine")
    wanted = ctx.cardio.request("GET", "/dicomweb/studies?includefield=00081030%2C00080060&includefield=all")
    check(wanted.status == 200, "includefield -> %d %s" % (wanted.status, wanted.body[:200]))
    for tag in ("0020000D", "00080020", "00080030", "00080050", "00100010", "00100020",
                "00081030", "00080061", "00201206", "00201208"):
        check(tag in wanted.json()[0], "the study answer holds %s: %s" % (tag, wanted.json()[0]))
    ignored = ctx.cardio.request("GET", "/dicomweb/studies?PatientWeight=70")
    check(ignored.status == 200 and len(ignored.json()) == 2 and
          "PatientWeight" in ignored.headers.get("warning", ""),
          "an unsupported attribute is ignored with a Warning: %d %s %s"
          % (ignored.status, ignored.headers, ignored.body[:200]))
    series = ctx.cardio.request("GET", "/dicomweb/studies/%s/series?SeriesDescription=*&Modality=CT&includefield=all"
                                % ctx.study)
    check(series.status == 200 and len(series.json()) == 1, "series keys: %s" % series.body[:200])
    for query, code in (("?StudyDate=2026", "invalid_query"), ("?limit=0", "invalid_query"),
                        ("?limit=abc", "invalid_query"), ("?fuzzymatching=maybe", "invalid_query"),
                        ("?includefield=patient%20name", "invalid_query"), ("?StudyTime=9", "invalid_query"),
                        ("?PatientName=" + q("a\\b"), "invalid_query"),
                        ("?PatientName=" + "a" * 65, "invalid_query"),
                        ("?foo=1", "unsupported_query_parameter")):
        response = ctx.cardio.request("GET", "/dicomweb/studies" + query)
        check(response.status == 400 and response.error_code() == code,
              "%s -> %d %s" % (query, response.status, response.body[:200]))


def test_no_care_relationship_is_refused_and_audited(ctx):
    before = ctx.audit_count()
    refused = ctx.derm.request("GET", "/dicomweb/studies?PatientID=" + ctx.pseudonym)
    check(refused.status == 403 and refused.error_code() == "access_denied",
          "derm1 QIDO -> %d %s" % (refused.status, refused.body[:200]))
    check(ctx.audit_count() == before + 1, "the refusal is audited once")
    row = ctx.db.execute("SELECT action, outcome, patient_pseudonym FROM audit_log "
                         "ORDER BY seq DESC LIMIT 1").fetchone()
    check(row[2] == ctx.pseudonym and row[1] != "success", "audit row: %s" % (row,))
    check(ctx.derm.request("GET", "/dicomweb/studies").json() == [], "derm1 lists no study")
    for what, path in (("WADO", ""), ("rendered", "/frames/1/rendered"), ("metadata", "/metadata")):
        before = ctx.audit_count()
        hidden = ctx.derm.request("GET", "/dicomweb/studies/%s/series/%s/instances/%s%s"
                                  % (ctx.study, ctx.series, ctx.first_sop, path))
        check(hidden.status == 403 and hidden.error_code() == "access_denied",
              "derm1 %s -> %d %s" % (what, hidden.status, hidden.body[:200]))
        check(ctx.audit_count() > before, "the refused %s is audited" % what)
        row = ctx.db.execute("SELECT outcome, patient_pseudonym FROM audit_log "
                             "ORDER BY seq DESC LIMIT 1").fetchone()
        check(row[1] == ctx.pseudonym and row[0] != "success", "audit row: %s" % (row,))
    unknown = ctx.derm.request("GET", "/dicomweb/studies/1.2.3.4/series/1.2/instances/1.2.3")
    check(unknown.status == 404 and unknown.error_code() == "study_not_found",
          "a study that does not exist -> %d" % unknown.status)
    before = ctx.record_count()
    upload = ctx.stow(ctx.derm, [ctx.demo_file()])
    check(upload.status == 403, "derm1 STOW -> %d %s" % (upload.status, upload.body[:200]))
    check(ctx.record_count() == before, "a refused upload stored something")
    anonymous = ctx.server.client().request("GET", "/dicomweb/studies")
    check(anonymous.status == 401, "no session -> %d" % anonymous.status)


def test_bad_uploads_store_nothing(ctx):
    original = ctx.demo_file()
    other_patient = ctx.db.execute(
        "SELECT pseudonym FROM vault_subjects WHERE pseudonym != ? AND erased_unix_ms IS NULL LIMIT 1",
        (ctx.pseudonym,)).fetchone()
    fresh = replace_text(original, (0x0008, 0x0018), new_uid(ctx.first_sop, "5"))
    unknown = replace_text(fresh, (0x0010, 0x0020), "x" * len(ctx.pseudonym))
    cases = [
        ("not DICOM", [b"hello, not an image"], STOW_TYPE, 400, "not_dicom"),
        ("truncated", [fresh[:len(fresh) - 1000]], STOW_TYPE, 400, "truncated_dicom"),
        ("unknown patient", [unknown], STOW_TYPE, 404, "unknown_patient"),
        ("one bad part spoils the request", [fresh, b"junk"], STOW_TYPE, 400, "not_dicom"),
        ("not multipart", multipart([fresh]), "application/dicom", 415, "unsupported_media_type"),
        ("no boundary", multipart([fresh]), 'multipart/related; type="application/dicom"', 400,
         "invalid_multipart"),
        ("no parts", b"--" + BOUNDARY.encode() + b"--\r\n", STOW_TYPE, 400, "no_instances"),
    ]
    if other_patient:
        wrong = replace_text(fresh, (0x0010, 0x0020), other_patient[0][:len(ctx.pseudonym)].ljust(
            len(ctx.pseudonym)))
        cases.append(("mixed patients", [fresh, wrong], STOW_TYPE, None, None))
    before = ctx.record_count()
    for name, parts, content_type, status, code in cases:
        response = ctx.stow(ctx.cardio, parts, content_type=content_type)
        if status is None:
            check(response.status in (400, 404), "%s -> %d" % (name, response.status))
        else:
            check(response.status == status and response.error_code() == code,
                  "%s -> %d %s" % (name, response.status, response.body[:200]))
        check(ctx.record_count() == before, name + ": something was stored")
    study_path = ctx.stow(ctx.cardio, [fresh], path="/dicomweb/studies/1.2.3")
    check(study_path.status == 400 and study_path.error_code() == "study_mismatch", study_path.body)
    # Too large: refused from Content-Length before the body is read (so the
    # request is sent without its body: the server answers and closes).
    with socket.create_connection(("127.0.0.1", ctx.server.port), timeout=30) as sock:
        sock.sendall(("POST /dicomweb/studies HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Cookie: mc_session=%s\r\nX-CSRF-Token: %s\r\nContent-Type: %s\r\n"
                      "Content-Length: %d\r\n\r\n" % (ctx.cardio.cookie, ctx.cardio.csrf, STOW_TYPE,
                                                       3 * 1024 * 1024)).encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    check(answer.startswith(b"HTTP/1.1 413"), "huge -> %r" % answer[:60])
    check(ctx.record_count() == before, "too large: something was stored")


def test_imaging_study_in_everything(ctx):
    everything = ctx.cardio.request("GET", "/fhir/Patient/%s/$everything" % ctx.pseudonym)
    check(everything.status == 200, "$everything -> %d" % everything.status)
    studies = [entry["resource"] for entry in everything.json()["entry"]
               if entry["resource"]["resourceType"] == "ImagingStudy"]
    uids = sorted(study["identifier"][0]["value"] for study in studies)
    check(uids == sorted("urn:oid:" + uid for uid in (ctx.study, ctx.uploaded[0])),
          "ImagingStudy resources: %s" % uids)
    demo = [study for study in studies if study["identifier"][0]["value"] == "urn:oid:" + ctx.study][0]
    check(demo["numberOfInstances"] == 64 and demo["modality"][0]["code"] == "CT", demo.get("modality"))
    kinds = {entry["resource"]["resourceType"] for entry in everything.json()["entry"]}
    check(not kinds & {"DicomInstance", "DicomStudyIndex"}, "internal records leaked: %s" % kinds)


def test_erasure_removes_the_images(ctx):
    admin = signed_in(ctx.server, ctx.passwords, "admin")
    erased = admin.request("DELETE", "/fhir/Patient/" + ctx.pseudonym,
                           headers={"Accept": "application/fhir+json"})
    check(erased.status == 204, "erase -> %d %s" % (erased.status, erased.body[:300]))
    left = ctx.db.execute("SELECT COUNT(*) FROM vault_records WHERE pseudonym = ?",
                          (ctx.pseudonym,)).fetchone()[0]
    check(left == 0, "%d records left" % left)
    check(ctx.cardio.request("GET", "/dicomweb/studies").json() == [], "studies listed after erasure")
    gone = ctx.retrieve(ctx.cardio, ctx.study, ctx.series, ctx.first_sop)
    check(gone.status == 404, "WADO after erasure -> %d" % gone.status)
    with open(os.path.join(ctx.server.data_dir, "metaclinic.db"), "rb") as handle:
        content = handle.read()
    check(b"Demo^Robin" not in content and ctx.study.encode() not in content,
          "identifying DICOM text left in the database")


def main():
    # A small upload limit so that "too large" needs only a few megabytes.
    server = Server(BINARY, args=["--demo", "--upload-limit-bytes", str(2 * 1024 * 1024)])
    try:
        server.start()
        ctx = Context(server, demo_passwords(server))
        run_tests([
            ("STOW, QIDO, WADO byte for byte", lambda: test_stow_qido_wado_byte_for_byte(ctx)),
            ("rendered frame equals the reference", lambda: test_rendered_frame_matches_reference(ctx)),
            ("QIDO filters and paging", lambda: test_qido_filters_and_paging(ctx)),
            ("no care relationship: 403, audited", lambda: test_no_care_relationship_is_refused_and_audited(ctx)),
            ("bad uploads store nothing", lambda: test_bad_uploads_store_nothing(ctx)),
            ("ImagingStudy in $everything", lambda: test_imaging_study_in_everything(ctx)),
            ("erasure removes the images", lambda: test_erasure_removes_the_images(ctx)),
        ])
    finally:
        server.stop()
        server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
