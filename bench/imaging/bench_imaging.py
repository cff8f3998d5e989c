"""Imaging benchmark: the demo CT study (64 slices of 256x256, 16-bit) over
loopback, through the real server and the real DICOMweb routes.

- time to first image: sign-in done, from the first QIDO request to the
  first rendered PNG in hand (studies -> series -> instances -> frame 1);
- rendered frames per second: every slice rendered (window 40,400,linear),
  one client in sequence and four clients at once.

usage: bench_imaging.py PATH/TO/metaclinic OUTPUT.json
"""

import datetime
import json
import os
import platform
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "integration"))
from harness import Server, check  # noqa: E402
from clinic_test import demo_passwords, signed_in  # noqa: E402


def first_image(client):
    started = time.perf_counter()
    study = client.request("GET", "/dicomweb/studies").json()[0]["0020000D"]["Value"][0]
    series = client.request("GET", "/dicomweb/studies/%s/series" % study).json()[0]["0020000E"]["Value"][0]
    instances = client.request("GET", "/dicomweb/studies/%s/series/%s/instances" % (study, series)).json()
    urls = ["/dicomweb/studies/%s/series/%s/instances/%s/frames/1/rendered?window=40,400,linear"
            % (study, series, item["00080018"]["Value"][0]) for item in instances]
    middle = urls[len(urls) // 2]
    response = client.request("GET", middle)
    check(response.status == 200 and response.body[:4] == b"\x89PNG", "first image")
    return time.perf_counter() - started, urls


def render_all(client, urls, rounds):
    for _ in range(rounds):
        for url in urls:
            response = client.request("GET", url)
            check(response.status == 200, "render -> %d" % response.status)


def main():
    binary, output = os.path.abspath(sys.argv[1]), sys.argv[2]
    server = Server(binary, args=["--demo"])
    try:
        server.start()
        passwords = demo_passwords(server)
        client = signed_in(server, passwords, "cardio1")
        first_times = []
        for _ in range(5):
            seconds, urls = first_image(client)
            first_times.append(seconds)
        started = time.perf_counter()
        render_all(client, urls, 2)
        sequential = 2 * len(urls) / (time.perf_counter() - started)
        clients = [signed_in(server, passwords, "cardio1") for _ in range(4)]
        threads = [threading.Thread(target=render_all, args=(c, urls, 2)) for c in clients]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        parallel = 4 * 2 * len(urls) / (time.perf_counter() - started)
    finally:
        server.stop()
        server.cleanup()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), "unknown")
    result = {
        "benchmark": "DICOMweb rendered frames and time to first image, demo CT study over loopback",
        "study": "synthetic Shepp-Logan phantom, 64 slices 256x256, 16-bit (BitsStored 12)",
        "time_to_first_image_ms": {"median": round(sorted(first_times)[2] * 1000, 1),
                                   "runs": [round(t * 1000, 1) for t in first_times]},
        "rendered_frames_per_second": {"one_client_sequential": round(sequential, 1),
                                       "four_clients": round(parallel, 1)},
        "path": ("QIDO studies, series, instances, then GET .../frames/1/rendered?window=40,400,linear; "
                 "each render = care-policy check + audited vault read + decrypt + DCMTK parse "
                 "+ window + PNG (zlib level 1), no cache"),
        "machine": {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
                    "note": "shared machine: other builds and tests were running"},
        "date": datetime.date.today().isoformat(),
    }
    with open(output, "w") as handle:
        json.dump(result, handle, indent=2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
