#!/usr/bin/env python3
"""`metaclinic tissue`: bad arguments exit 2 with a clear message; a small
bench and a coarse cantilever write their JSON. Usage: tissue_cli_test.py BINARY"""
import json
import os
import subprocess
import sys
import tempfile

binary = sys.argv[1]
failures = []


def run(*args):
    return subprocess.run([binary, "tissue", *args], capture_output=True, text=True, timeout=120)


def expect_bad(args, fragment):
    result = run(*args)
    if result.returncode != 2 or fragment not in result.stderr:
        failures.append(f"{args}: exit {result.returncode}, stderr {result.stderr!r}")


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "out.json")
    beam = ["--length-m", "0.5", "--height-m", "0.05", "--width-m", "0.05",
            "--youngs-pa", "1e7", "--poisson", "0.3", "--density", "1000"]

    def with_flag(flag, value):
        args = list(beam)
        args[args.index(flag) + 1] = value
        return ["cantilever", *args, "--json", out]

    expect_bad(with_flag("--length-m", "-1"), "--length-m must be between")
    expect_bad(with_flag("--height-m", "nan"), "--height-m")
    expect_bad(with_flag("--poisson", "0.5"), "--poisson must be between 0 and 0.495")
    expect_bad(with_flag("--youngs-pa", "0"), "--youngs-pa must be between")
    expect_bad(with_flag("--density", "abc"), "--density")
    expect_bad(["cantilever", *beam[:-2], "--json", out], "--density is required")
    expect_bad(["cantilever", *beam, "--json", os.path.join(tmp, "no", "such", "dir.json")],
               "--json: cannot write")
    expect_bad(["cantilever", *beam, "--iterations", "0", "--json", out], "--iterations")
    expect_bad(["bench", "--tets", "10", "--seconds", "1", "--json", out], "--tets must be between")
    expect_bad(["bench", "--tets", "2000", "--seconds", "0", "--json", out], "--seconds must be between")
    expect_bad(["bench", "--tets", "2000", "--iterations", "99", "--seconds", "1", "--json", out],
               "--iterations must be between")
    expect_bad(["bench", "--tets", "2000", "--seconds", "1"], "--json is required")
    expect_bad(["nonsense"], "")

    result = run("bench", "--tets", "2000", "--seconds", "0.3", "--json", out)
    report = json.load(open(out)) if result.returncode == 0 else {}
    if result.returncode != 0 or not (report.get("steps", 0) > 0 and report.get("finite")):
        failures.append(f"bench: exit {result.returncode} {result.stderr!r} {report}")
    elif abs(report["tets"] - 2000) > 400:
        failures.append(f"bench: {report['tets']} tetrahedra for --tets 2000")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("tissue CLI: ok")
