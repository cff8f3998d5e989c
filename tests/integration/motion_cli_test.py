"""`metaclinic motion analyse` against the real binary (issue 17,
docs/motion.md): each golden trace gives the committed result JSON (the
WebAssembly build is held to the same files by web/src/rehab), to a file
and to stdout; every bad input exits 2 with "error: <code>: ..." on stderr
and writes no output file.

usage: motion_cli_test.py PATH/TO/metaclinic
"""

import json
import os
import shutil
import sys
import tempfile

from harness import check, run_cli, run_tests

BINARY = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTDATA = os.path.join(ROOT, "src", "sim", "motion", "testdata")
WORK = tempfile.mkdtemp(prefix="mc-motion-")


def golden_cases():
    with open(os.path.join(TESTDATA, "golden.txt")) as listing:
        return [line.split() for line in listing if line.strip()]


def analyse_args(trace, exercise="knee-flexion", side="left", target=None, out=None):
    args = ["motion", "analyse", "--exercise", exercise, "--side", side,
            "--in", trace, "--out", out or os.path.join(WORK, "out.json")]
    if target is not None:
        args += ["--target-deg", str(target)]
    return args


def test_golden_traces():
    for name, exercise, side, target in golden_cases():
        out = os.path.join(WORK, name + ".json")
        result = run_cli(BINARY, analyse_args(
            os.path.join(TESTDATA, name), exercise, side,
            None if target == "default" else target, out))
        check(result.returncode == 0, "%s: exit %d %s" % (name, result.returncode, result.stderr))
        with open(out) as got, open(os.path.join(TESTDATA, name[:-4] + ".json")) as want:
            text = got.read()
            check(text == want.read(), "%s differs from the golden JSON:\n%s" % (name, text))
        parsed = json.loads(text)
        for key in ("exercise", "side", "rep_count", "partial_count", "reps", "rom_deg",
                    "low_confidence_ms"):
            check(key in parsed, "%s lacks %s" % (name, key))


def test_stdout():
    name, exercise, side, _ = golden_cases()[0]
    result = run_cli(BINARY, analyse_args(os.path.join(TESTDATA, name), exercise, side,
                                          out="-"))
    check(result.returncode == 0, result.stderr)
    check(json.loads(result.stdout)["rep_count"] == 4, result.stdout)


def trace_lines():
    with open(os.path.join(TESTDATA, "knee_extension_2d.csv")) as trace:
        return trace.read().splitlines()


def write_trace(name, lines):
    path = os.path.join(WORK, name)
    with open(path, "w") as trace:
        trace.write("\n".join(lines) + "\n")
    return path


def expect_exit_2(args, code, words=""):
    out = args[args.index("--out") + 1] if "--out" in args else None
    if out and os.path.exists(out):
        os.remove(out)
    result = run_cli(BINARY, args)
    check(result.returncode == 2, "exit %d, stderr %r" % (result.returncode, result.stderr))
    check(result.stderr.startswith("error: " + code), "stderr %r lacks %s" % (result.stderr, code))
    check(words in result.stderr, "stderr %r lacks %r" % (result.stderr, words))
    check(not (out and os.path.exists(out)), "an output file was written")


def test_missing_columns():
    lines = trace_lines()
    header = lines[0].split(",")
    keep = [i for i, column in enumerate(header) if column not in ("leftKnee_x", "t_ms")]
    rows = [",".join(row.split(",")[i] for i in keep) for row in lines]
    expect_exit_2(analyse_args(write_trace("missing.csv", rows)), "trace_missing_column",
                  "t_ms, leftKnee_x")


def test_non_numeric_value():
    lines = trace_lines()
    cells = lines[5].split(",")
    cells[2] = "12,5".replace(",", ";")
    lines[5] = ",".join(cells)
    expect_exit_2(analyse_args(write_trace("nan.csv", lines)), "trace_not_a_number",
                  "line 6, column nose_y")


def test_time_going_backwards():
    lines = trace_lines()
    lines[10], lines[11] = lines[11], lines[10]
    expect_exit_2(analyse_args(write_trace("backwards.csv", lines)), "trace_time_order",
                  "line 12, column t_ms: time goes backwards")


def test_ragged_row():
    lines = trace_lines()
    lines[3] += ",1"
    expect_exit_2(analyse_args(write_trace("ragged.csv", lines)), "trace_row_width", "line 4")


def test_mixed_depth():
    lines = trace_lines()
    cells = lines[4].split(",")
    cells[3] = "0.5"  # nose_z given in one row of a 2D trace
    lines[4] = ",".join(cells)
    expect_exit_2(analyse_args(write_trace("mixed.csv", lines)), "trace_depth_mixed", "line 5")


def test_score_out_of_range():
    lines = trace_lines()
    cells = lines[2].split(",")
    cells[4] = "1.5"
    lines[2] = ",".join(cells)
    expect_exit_2(analyse_args(write_trace("score.csv", lines)), "trace_score_range",
                  "nose_score")


def test_empty_and_unreadable():
    expect_exit_2(analyse_args(write_trace("empty.csv", [trace_lines()[0]])), "trace_empty")
    expect_exit_2(analyse_args(os.path.join(WORK, "absent.csv")), "trace_unreadable")


def test_bad_arguments():
    trace = os.path.join(TESTDATA, "knee_extension_2d.csv")
    expect_exit_2(analyse_args(trace, exercise="jumping-jacks"), "unknown_exercise")
    expect_exit_2(analyse_args(trace, side="both"), "unknown_side")
    expect_exit_2(analyse_args(trace, exercise="knee-extension", target=95), "bad_target")
    expect_exit_2(analyse_args(trace, exercise="knee-flexion", target=190), "bad_target")
    # CLI11's own parse errors (a missing option, a non-numeric target) exit 2 too.
    result = run_cli(BINARY, ["motion", "analyse", "--exercise", "knee-flexion", "--side",
                              "left", "--out", os.path.join(WORK, "x.json")])
    check(result.returncode == 2 and "--in" in result.stderr, result.stderr)
    result = run_cli(BINARY, analyse_args(trace) + ["--target-deg", "ninety"])
    check(result.returncode == 2, result.stderr)


def test_unwritable_output():
    trace = os.path.join(TESTDATA, "knee_extension_2d.csv")
    result = run_cli(BINARY, analyse_args(trace, exercise="knee-extension", side="right",
                                          out=os.path.join(WORK, "no", "such", "dir.json")))
    check(result.returncode == 2 and "output_unwritable" in result.stderr, result.stderr)


if __name__ == "__main__":
    try:
        run_tests([(name, function) for name, function in list(globals().items())
                   if name.startswith("test_")])
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
