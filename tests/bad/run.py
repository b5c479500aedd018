#!/usr/bin/python3
"""The catalogue of bad input: specs and data that must be refused (or, for
the odd-but-valid ones, accepted) with an exact message, never a crash, a
hang or a file written where it should not be.

Usage: run.py CPLOT [--update] [CASE...]

Each case is tests/bad/cases/NAME.expected: comment lines (#), then one
section per command, run from a scratch copy of cases/ as the current
folder (so the spec root is that folder):

    $ cplot validate NAME.json
    exit 1
    NAME.json:3:12: /width: expected a whole number from 64 to 10000; got 0
    1 spec checked, 1 invalid
    $ cplot render NAME.json -o OUT/NAME.png
    exit 1
    ...

The lines under "exit N" are the exact standard error (bytes, compared
line by line), except lines of the form

    stdout-json /json/pointer = VALUE      (or !=)

which parse standard output as JSON (for `cplot inspect`) and compare the
value at the pointer with VALUE, itself JSON, and

    time-limit SECONDS

which fails the command when it takes longer (times CPLOT_BAD_TIME_FACTOR,
or 5 when ASAN_OPTIONS is set: sanitizers are slow). Standard output must be empty
for every other command. In messages and arguments WORK stands for the
scratch folder, OUT for the output folder and TMP for their parent (which
also holds secret.csv, a file outside the spec root); {KINDS} stands for
the list of chart kinds as messages print it ("scatter", "heatmap", ...),
read from `cplot schema`, so that adding a kind does not touch every case.
Specs are cases/*.json; their data sits in cases/data/, and large or
special files are made there at run time (GENERATED below). Every command runs with a time limit; after
it, nothing but OUT may have changed, OUT holds exactly NAME.png after a
successful render and nothing after a failed one, and the private TMPDIR
the command gets is empty.

--update rewrites the sections of the named cases (default: all, except
known failures) from what the command does now, and creates NAME.expected
for a NAME.json that has none; review the diff before committing.

KNOWN_FAILURES lists cases whose expectation is what cplot should do but
does not yet. They are reported loudly and do not fail the test; one that
starts passing fails it, so that its mark gets removed.
"""
import json
import os
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
# Seconds one command may take: every case takes well under a second in the
# release build and at most a few under ASan+UBSan, so 10 s means a hang.
TIMEOUT = float(os.environ.get("CPLOT_BAD_TIMEOUT", "10"))

# name -> why it fails now and the suggested fix. Remove a line once the
# case passes.
KNOWN_FAILURES = {
}


# ---------------------------------------------------------------- generated

def generate_categories(work):
    """10,000 distinct categories, one row each, with a value."""
    with open(os.path.join(work, "data", "categories-10000.csv"), "w") as f:
        f.write("name,value\n")
        for i in range(10000):
            f.write("category-%05d,%d\n" % (i, (i * 7919) % 1000))


def generate_columns(work):
    """1,000 numeric columns (the reader's default column limit), 6 rows."""
    with open(os.path.join(work, "data", "columns-1000.csv"), "w") as f:
        f.write(",".join("c%04d" % c for c in range(1000)) + "\n")
        for r in range(6):
            f.write(",".join(str((r * 31 + c * 17) % 23) for c in range(1000)) + "\n")


def generate_deep_nesting(work):
    """A title nested 10,000 lists deep."""
    with open(os.path.join(work, "json-deep-nesting.json"), "w") as f:
        f.write('{"chart": "scatter", "data": {"values": [{"a": 1, "b": 2}]}, "x": "a", "y": "b",\n'
                ' "title": ' + "[" * 10000 + "]" * 10000 + "}\n")


def generate_deep_data(work):
    """Inline data nested 10,000 objects deep."""
    with open(os.path.join(work, "json-deep-data.json"), "w") as f:
        f.write('{"chart": "scatter", "x": "a", "y": "b", "data": {"values": [{"a": '
                + '{"a": ' * 10000 + "1" + "}" * 10000 + ', "b": 2}]}}\n')


def generate_big_spec(work):
    """A valid spec of 1 MiB + 1 byte: over the spec limit."""
    head = '{"chart": "scatter", "data": {"values": [{"a": 1, "b": 2}]}, "x": "a", "y": "b", "title": "'
    tail = '"}\n'
    size = (1 << 20) + 1
    with open(os.path.join(work, "spec-over-1mib.json"), "w") as f:
        f.write(head + "x" * (size - len(head) - len(tail)) + tail)


def generate_huge_data(work):
    """A sparse data file of 512 MiB + 1 byte: over the data limit, and
    taking no disk space."""
    path = os.path.join(work, "data", "huge.csv")
    with open(path, "wb") as f:
        f.write(b"a,b\n1,2\n")
        f.truncate((512 << 20) + 1)


def generate_links(work):
    """Paths that lead out of the spec root, and a FIFO inside it."""
    tmp = os.path.dirname(work)
    with open(os.path.join(tmp, "secret.csv"), "w") as f:
        f.write("a,b\n1,2\n")
    os.symlink(os.path.join(tmp, "secret.csv"), os.path.join(work, "data", "link-outside.csv"))
    os.symlink("/dev/zero", os.path.join(work, "data", "link-device.csv"))
    os.mkfifo(os.path.join(work, "data", "fifo.csv"))


def generate_density_work(work):
    """A density of 120,000 normal values on 10,000 grid points: a spec of
    0.8 MB that asks for 1.2 billion kernel evaluations (of which the
    truncated kernel still does about 0.25 billion), and the same with a bandwidth
    1000 times wider, where every one of them counts."""
    import math
    state, values = 12345, []

    def uniform():
        nonlocal state
        state = (state * 1103515245 + 12345) % 2147483648
        return (state + 0.5) / 2147483648.0
    while len(values) < 120000:  # normal values, Box-Muller
        radius, angle = math.sqrt(-2 * math.log(uniform())), 2 * math.pi * uniform()
        values += ["%.3f" % (radius * math.cos(angle)), "%.3f" % (radius * math.sin(angle))]
    with open(os.path.join(work, "density-gridsize-work.json"), "w") as f:
        f.write('{"chart": "density", "x": "v", "gridsize": 10000,\n "data": {"values": {"v": ['
                + ",".join(values) + "]}}}\n")
    # A bandwidth as wide as the data: every value reaches every grid point.
    with open(os.path.join(work, "density-bandwidth-work.json"), "w") as f:
        f.write('{"chart": "density", "x": "v", "gridsize": 10000, "bw_adjust": 1000,\n "data": {"values": '
                '{"v": [' + ",".join(values) + "]}}}\n")


# Cases whose spec is generated rather than kept in cases/.
GENERATED_SPECS = ["json-deep-nesting", "json-deep-data", "spec-over-1mib", "density-gridsize-work",
                   "density-bandwidth-work"]

GENERATED = [generate_categories, generate_columns, generate_deep_nesting, generate_deep_data,
             generate_big_spec, generate_huge_data, generate_links, generate_density_work]


# ---------------------------------------------------------------- cases

def read_expected(path):
    """(comments, [(args, exit, [stderr lines], [assertions])]) from NAME.expected."""
    comments, sections = [], []
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    i = 0
    while i < len(lines) and not lines[i].startswith(b"$ "):
        comments.append(lines[i])
        i += 1
    while i < len(lines):
        command = lines[i][2:].decode()
        args = shlex.split(command)
        if not args or args[0] != "cplot":
            raise ValueError("%s: a section starts with \"$ cplot ...\", not %r" % (path, command))
        i += 1
        if i >= len(lines) or not lines[i].startswith(b"exit "):
            raise ValueError("%s: \"exit N\" must follow \"$ %s\"" % (path, command))
        code = int(lines[i][5:])
        i += 1
        stderr, assertions = [], []
        while i < len(lines) and not lines[i].startswith(b"$ "):
            if lines[i].startswith(b"stdout-json "):
                assertions.append(parse_assertion(path, lines[i].decode()))
            elif lines[i].startswith(b"time-limit "):
                assertions.append(("time-limit", float(lines[i][11:]), None))
            else:
                stderr.append(lines[i])
            i += 1
        sections.append((args[1:], code, stderr, assertions))
    return comments, sections


def parse_assertion(path, line):
    """("/pointer", "=" or "!=", value) from "stdout-json /pointer = VALUE"."""
    words = line.split(None, 3)
    if len(words) != 4 or words[2] not in ("=", "!=") or not words[1].startswith("/"):
        raise ValueError("%s: expected \"stdout-json /pointer = VALUE\", not %r" % (path, line))
    return words[1], words[2], json.loads(words[3])


def check_time(elapsed, assertions):
    factor = float(os.environ.get("CPLOT_BAD_TIME_FACTOR", "5" if os.environ.get("ASAN_OPTIONS") else "1"))
    return ["took %.1f s; the time limit is %g s" % (elapsed, limit * factor)
            for pointer, limit, _ in assertions if pointer == "time-limit" and elapsed > limit * factor]


def check_assertions(stdout, assertions):
    problems = []
    assertions = [a for a in assertions if a[0] != "time-limit"]
    if not assertions:
        return problems
    try:
        document = json.loads(stdout)
    except ValueError as e:
        return ["standard output is not JSON: %s" % e]
    for pointer, operator, wanted in assertions:
        value, found = document, True
        for step in pointer[1:].split("/"):
            step = step.replace("~1", "/").replace("~0", "~")
            if isinstance(value, list) and step.isdigit() and int(step) < len(value):
                value = value[int(step)]
            elif isinstance(value, dict) and step in value:
                value = value[step]
            else:
                found = False
                break
        if not found:
            problems.append("stdout-json %s: no such value" % pointer)
        elif (value == wanted) != (operator == "="):
            problems.append("stdout-json %s %s %s: the value is %s" % (
                pointer, operator, json.dumps(wanted), json.dumps(value)))
    return problems


def write_expected(path, comments, sections):
    with open(path, "wb") as f:
        for line in comments:
            f.write(line + b"\n")
        for args, code, stderr, assertions in sections:
            f.write(("$ cplot " + " ".join(shlex.quote(a) for a in args) + "\n").encode())
            f.write(b"exit %d\n" % code)
            for pointer, operator, value in assertions:
                if pointer == "time-limit":
                    f.write(b"time-limit %g\n" % operator)
                else:
                    f.write(("stdout-json %s %s %s\n" % (pointer, operator, json.dumps(value))).encode())
            for line in stderr:
                f.write(line + b"\n")


def snapshot(folder, skip):
    """Every path under `folder` (but `skip`) with its type, size and mtime."""
    found = {}
    for parent, dirs, files in os.walk(folder):
        if os.path.abspath(parent) == skip:
            dirs[:] = []
            continue
        for name in dirs + files:
            path = os.path.join(parent, name)
            if os.path.abspath(path) == skip:
                continue
            info = os.lstat(path)
            found[path] = (stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns)
    return found


class Scratch:
    """TMP/work (a copy of cases/ plus generated files), TMP/out, TMP/tmpdir."""

    def __init__(self):
        self.tmp = os.path.realpath(tempfile.mkdtemp(prefix="cplot-bad-"))
        self.work = os.path.join(self.tmp, "work")
        self.out = os.path.join(self.tmp, "out")
        self.tmpdir = os.path.join(self.tmp, "tmpdir")
        shutil.copytree(CASES, self.work, symlinks=True)
        for name in os.listdir(self.work):
            if name.endswith(".expected"):
                os.unlink(os.path.join(self.work, name))
        os.mkdir(self.out)
        os.mkdir(self.tmpdir)
        for generate in GENERATED:
            generate(self.work)

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def substitute(self, args):
        return [a.replace("OUT", self.out) if a.startswith("OUT") else a for a in args]

    def generalise(self, data):
        for path, word in ((self.out, b"OUT"), (self.work, b"WORK"), (self.tmpdir, b"TMPDIR"),
                           (self.tmp, b"TMP")):
            data = data.replace(path.encode(), word)
        return data


# Reports of the sanitizers (sanitizer builds): a failure even in a case
# marked as a known failure.
SANITIZER_MARKERS = [b"ERROR: AddressSanitizer", b"ERROR: LeakSanitizer", b"runtime error:",
                     b"WARNING: ThreadSanitizer"]


def run_command(cplot, scratch, args):
    """(exit code or a description, stderr lines, problems)."""
    problems = []
    before = snapshot(scratch.tmp, scratch.out)
    env = dict(os.environ, TMPDIR=scratch.tmpdir)
    started = time.monotonic()
    try:
        result = subprocess.run([cplot] + scratch.substitute(args), cwd=scratch.work, env=env,
                                stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT)
        code, stdout, stderr = result.returncode, result.stdout, result.stderr
    except subprocess.TimeoutExpired as e:
        code, stdout, stderr = "timeout", e.stdout or b"", e.stderr or b""
        problems.append("HANG: still running after %.0f s (killed)" % TIMEOUT)
    elapsed = time.monotonic() - started
    if isinstance(code, int) and code < 0:
        problems.append("CRASH: killed by signal %d" % -code)
    for marker in SANITIZER_MARKERS:
        if marker in stderr:
            problems.append("SANITIZER: %s" % marker.decode())
    if stdout and args[:1] != ["inspect"]:
        problems.append("standard output is not empty: %r" % stdout[:200])
    after = snapshot(scratch.tmp, scratch.out)
    changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
    if changed:
        problems.append("changed outside the output folder: %s" % ", ".join(changed))
    left = os.listdir(scratch.tmpdir)
    if left:
        problems.append("left files in TMPDIR: %s" % ", ".join(left))
    written = sorted(os.listdir(scratch.out))
    if args[:1] == ["render"] and "-o" in args:
        target = os.path.basename(args[args.index("-o") + 1])
        wanted = [target] if code == 0 else []
        if written != wanted:
            problems.append("the output folder holds %s; expected %s" % (written, wanted))
        if code == 0 and written == wanted and target.endswith(".png"):
            with open(os.path.join(scratch.out, target), "rb") as f:
                if f.read(8) != b"\x89PNG\r\n\x1a\n":
                    problems.append("%s is not a PNG" % target)
    elif written:
        problems.append("wrote into the output folder: %s" % written)
    for name in written:
        path = os.path.join(scratch.out, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
    for name in left:
        path = os.path.join(scratch.tmpdir, name)
        shutil.rmtree(path) if os.path.isdir(path) else os.unlink(path)
    lines = scratch.generalise(stderr).split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return code, lines, stdout, problems, elapsed


def default_sections(name):
    return [(["validate", name + ".json"], None, [], []),
            (["render", name + ".json", "-o", "OUT/%s.png" % name], None, [], [])]


def kind_list(cplot):
    """The kinds as messages list them: "scatter", "heatmap", ..."""
    schema = json.loads(subprocess.run([cplot, "schema"], capture_output=True, check=True,
                                       timeout=TIMEOUT).stdout)
    kinds = schema["properties"]["chart"]["enum"]
    return ", ".join('"%s"' % k for k in kinds).encode()


def show_lines(label, lines):
    out = ["    %s:" % label]
    out += ["      | " + line.decode("utf-8", "backslashreplace") for line in lines] or ["      (nothing)"]
    return out


def main():
    argv = sys.argv[1:]
    update = "--update" in argv
    argv = [a for a in argv if a != "--update"]
    if not argv:
        sys.exit(__doc__)
    cplot = os.path.abspath(argv[0])
    names = argv[1:]
    if not names:
        found = {f[:-9] for f in os.listdir(CASES) if f.endswith(".expected")}
        if update:
            found |= {f[:-5] for f in os.listdir(CASES) if f.endswith(".json")}
            found |= set(GENERATED_SPECS)
        names = sorted(found)
    kinds = kind_list(cplot)
    # ctest ends a test that runs too long with SIGTERM: unwind, so that the
    # running command is killed and the scratch folder removed.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit("killed by SIGTERM"))
    scratch = Scratch()
    failures, known, fixed, slow = [], [], [], []
    started = time.monotonic()
    try:
        for name in names:
            path = os.path.join(CASES, name + ".expected")
            if os.path.exists(path):
                comments, sections = read_expected(path)
            else:
                comments, sections = [], default_sections(name)
            report, actual = [], []
            case_started = time.monotonic()
            for args, code, stderr, assertions in sections:
                stderr = [line.replace(b"{KINDS}", kinds) for line in stderr]
                got_code, got, stdout, problems, elapsed = run_command(cplot, scratch, args)
                if elapsed > 10:
                    slow.append("%s: cplot %s took %.1f s" % (name, " ".join(args), elapsed))
                problems += check_time(elapsed, assertions)
                problems += check_assertions(stdout, assertions)
                actual.append((args, got_code if isinstance(got_code, int) else -1,
                               [line.replace(kinds, b"{KINDS}") for line in got], assertions))
                if code is not None and got_code != code:
                    problems.append("exit %s; expected %d" % (got_code, code))
                if code is not None and got != stderr:
                    problems.append("standard error differs")
                if problems:
                    report.append("  $ cplot " + " ".join(args))
                    report += ["    " + p for p in problems]
                    if code is not None and got != stderr:
                        report += show_lines("expected", stderr) + show_lines("actual", got)
            if update and name not in KNOWN_FAILURES:
                write_expected(path, comments, actual)
                print("updated %s" % name)
                continue
            if name in KNOWN_FAILURES and not any(
                    "CRASH:" in line or "SANITIZER:" in line for line in report):
                if report:
                    known.append((name, report))
                else:
                    fixed.append(name)
                continue
            if report:
                failures.append((name, report))
            else:
                print("ok %s (%.1f s)" % (name, time.monotonic() - case_started))
    finally:
        scratch.close()
    total = time.monotonic() - started

    for name, report in failures:
        print("\nFAIL %s" % name)
        print("\n".join(report))
    if known:
        print("\n" + "!" * 72)
        print("KNOWN FAILURES: %d case(s) expect what cplot should do but does not yet" % len(known))
        print("!" * 72)
        for name, report in known:
            print("\nKNOWN FAILURE %s: %s" % (name, KNOWN_FAILURES[name]))
            print("\n".join(report))
    for name in fixed:
        print("\nFIXED %s: it passes now; remove it from KNOWN_FAILURES in %s" % (name, __file__))
    for line in slow:
        print("slow: " + line)
    unknown = set(KNOWN_FAILURES) - set(names)
    if unknown and len(sys.argv) == 2:
        print("\nKNOWN_FAILURES names cases that do not exist: %s" % ", ".join(sorted(unknown)))
        fixed += sorted(unknown)
    print("\n%d cases in %.1f s: %d failed, %d known failures, %d known failures now passing"
          % (len(names), total, len(failures), len(known), len(fixed)))
    return 1 if failures or fixed else 0


if __name__ == "__main__":
    sys.exit(main())
