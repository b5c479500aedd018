#!/usr/bin/python3
"""The cplot command as a user meets it: exit codes, messages on standard
error, output files written whole or not at all, standard input and output,
overrides, and the JSON Schema.

Usage: test_cli.py CPLOT SOURCE_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

CPLOT = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "cplot"
SOURCE = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else "."
SPECS = os.path.join(SOURCE, "specs")


def run(*args, stdin=None, cwd=None):
    return subprocess.run([CPLOT, *args], input=stdin, capture_output=True, cwd=cwd or SOURCE,
                          timeout=120)


def example_specs():
    """The gallery's examples: specs/<type>/<example>.json (data/ holds data)."""
    found = []
    for kind in sorted(os.listdir(SPECS)):
        folder = os.path.join(SPECS, kind)
        if kind == "data" or not os.path.isdir(folder):
            continue
        found += [os.path.join(folder, f) for f in sorted(os.listdir(folder)) if f.endswith(".json")]
    return found


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


class Command(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="cplot-cli-")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_help_and_version(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"render SPEC -o OUT", r.stdout)
        r = run("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout.decode(), r"^cplot \d+\.\d+\.\d+\n$")
        for command in ("render", "validate", "inspect", "gallery", "schema", "reference"):
            r = run(command, "--help")
            self.assertEqual(r.returncode, 0, command)
            self.assertIn(b"Usage: cplot " + command.encode(), r.stdout)

    def test_usage_errors_exit_2(self):
        self.assertEqual(run().returncode, 2)
        r = run("draw")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'unknown command "draw"', r.stderr)
        r = run("render", "specs/scatter/basic.json")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"-o OUT is required", r.stderr)
        r = run("render", "specs/scatter/basic.json", "-o", os.path.join(self.tmp, "x.gif"))
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'cannot tell the format of', r.stderr)
        r = run("render", "specs/scatter/basic.json", "-o", os.path.join(self.tmp, "x.png"),
                "--width", "wide")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'--width needs a number, not "wide"', r.stderr)
        r = run("render", "specs/scatter/basic.json", "-o", os.path.join(self.tmp, "x.png"),
                "--theme", "pink")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'expected one of "light", "dark"; got "pink"', r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "x.png")))

    def test_render_formats_and_overrides(self):
        out = os.path.join(self.tmp, "chart.png")
        r = run("render", "specs/scatter/basic.json", "-o", out, "--width", "400", "--height",
                "300", "--scale", "2")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, b"")
        with open(out, "rb") as f:
            self.assertEqual(png_size(f.read()), (800, 600))
        for ext, magic in ((".svg", b"<?xml"), (".pdf", b"%PDF-")):
            out = os.path.join(self.tmp, "chart" + ext)
            r = run("render", "specs/scatter/basic.json", "-o", out, "--theme", "dark")
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out, "rb") as f:
                self.assertEqual(f.read(5), magic)
        self.assertEqual(sorted(os.listdir(self.tmp)), ["chart.pdf", "chart.png", "chart.svg"])

    def test_stdin_and_stdout(self):
        spec = json.dumps({"chart": "scatter", "data": {"values": {"a": [1, 2, 3], "b": [3, 1, 2]}},
                           "x": "a", "y": "b", "width": 320, "height": 240})
        r = run("render", "-", "-o", "-", stdin=spec.encode())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(png_size(r.stdout), (320, 240))
        r = run("render", "-", "-o", "-", "--format", "svg", stdin=spec.encode())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"<svg", r.stdout)

    def test_invalid_spec_exit_1_and_old_file_kept(self):
        out = os.path.join(self.tmp, "chart.png")
        with open(out, "wb") as f:
            f.write(b"previous")
        spec = self.write("bad.json", '{\n  "chart": "scatter",\n  "data": {"values": {"a": [1]}},\n'
                                      '  "x": "a", "y": "b",\n  "alhpa": 2\n}\n')
        r = run("render", spec, "-o", out, cwd=self.tmp)
        self.assertEqual(r.returncode, 1)
        lines = r.stderr.decode().splitlines()
        self.assertEqual(lines, [
            f'{spec}:5:3: /alhpa: unknown key "alhpa" for scatter charts; did you mean "alpha"?',
            f'{spec}:4:18: /y: no column "b" in the data; the columns are "a"',
        ])
        with open(out, "rb") as f:
            self.assertEqual(f.read(), b"previous")
        self.assertEqual(sorted(os.listdir(self.tmp)), ["bad.json", "chart.png"])

    def test_io_errors_exit_3(self):
        r = run("render", os.path.join(self.tmp, "missing.json"), "-o", os.path.join(self.tmp, "x.png"))
        self.assertEqual(r.returncode, 3)
        self.assertIn(b"missing.json", r.stderr)
        self.assertIn(b"No such file or directory", r.stderr)
        r = run("render", "specs/scatter/basic.json", "-o", "/nonexistent-folder/x.png")
        self.assertEqual(r.returncode, 3)
        self.assertIn(b"cannot create a file beside /nonexistent-folder/x.png", r.stderr)

    def test_data_outside_root(self):
        os.mkdir(os.path.join(self.tmp, "specs"))
        self.write("secret.csv", "a,b\n1,2\n")
        spec = self.write("specs/s.json", '{"chart": "scatter", "data": {"url": "../secret.csv"},'
                                          ' "x": "a", "y": "b"}')
        r = run("render", spec, "-o", os.path.join(self.tmp, "x.png"), "--root",
                os.path.join(self.tmp, "specs"))
        self.assertEqual(r.returncode, 1)
        self.assertIn(b'"../secret.csv" leads outside the spec root', r.stderr)
        self.assertIn(b"--root DIR", r.stderr)
        # With the parent as the root, the same spec renders.
        r = run("render", spec, "-o", os.path.join(self.tmp, "x.png"), "--root", self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_validate_reports_all_specs(self):
        good = os.path.join(SPECS, "scatter", "basic.json")
        bad = self.write("bad.json", '{"chart": "scater"}')
        r = run("validate", good, bad)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode().splitlines(), [
            f'{bad}:1:11: /chart: unknown chart kind "scater"; did you mean "scatter"?',
            f'{bad}:1:1: /: missing "data"; expected {{"url": "file.csv"}} or {{"values": [...]}}',
            "2 specs checked, 1 invalid",
        ])

    def test_validate_folder(self):
        r = run("validate", "specs")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stderr.decode(), r"^\d+ specs checked, 0 invalid\n$")
        os.makedirs(os.path.join(self.tmp, "t", "data"))
        self.write("t/data/ignored.json", "not a spec")
        self.write("t/a.json", '{"chart": "scatter", "data": {"values": {"a": [1]}}, "x": "a", "y": "a"}')
        bad = self.write("t/b.json", '{"chart": "scatter", "data": {"values": {"a": [1]}}, "x": "z", "y": "a"}')
        r = run("validate", os.path.join(self.tmp, "t"))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode().splitlines(), [
            f'{bad}:1:59: /x: no column "z" in the data; the columns are "a"',
            "2 specs checked, 1 invalid"])

    def test_validate_plans_like_render(self):
        """A spec render would refuse (a numeric option on a text column) is
        invalid for validate too, with render's message."""
        spec = self.write("size.json", json.dumps({
            "chart": "scatter", "x": "a", "y": "b", "size": "g",
            "data": {"values": [{"a": 1, "b": 2, "g": "x"}, {"a": 2, "b": 3, "g": "y"}]}}))
        reason = 'column "g" is categorical; a numeric column is needed'
        r = run("validate", spec)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode().splitlines(),
                         [f"{spec}:1:50: /size: {reason}", "1 spec checked, 1 invalid"])
        r = run("render", spec, "-o", os.path.join(self.tmp, "size.png"))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode().splitlines(), [f'{spec}: option "size": {reason}'])

    def test_limits(self):
        spec = self.write("s.json", json.dumps({
            "chart": "scatter", "x": "a", "y": "b", "width": 400, "height": 300,
            "data": {"values": [{"a": 1, "b": 2}, {"a": 2, "b": 3}, {"a": 3, "b": 1}]}}))
        out = os.path.join(self.tmp, "s.png")
        # Lowered: refused, nothing written (inspect draws no pixels).
        for args in (["render", spec, "-o", out], ["validate", spec]):
            r = run(*args, "--limit", "pixels=1000")
            self.assertEqual(r.returncode, 1, args)
            self.assertIn(b"400x300 at scale 1 is 120000 pixels; the limit is 1000 (pixels)", r.stderr)
        for args in (["render", spec, "-o", out], ["validate", spec], ["inspect", spec]):
            r = run(*args, "--limit=data_rows=2")
            self.assertEqual(r.returncode, 1, args)
            self.assertIn(b"3 records, more than 2 (the limit)", r.stderr)
        self.assertFalse(os.path.exists(out))
        # Raised (or exactly met): rendered.
        r = run("render", "--limit", "pixels=120000", spec, "-o", out, "--limit", "data_rows=3")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(png_size(open(out, "rb").read()), (400, 300))
        # Mistakes are usage errors; the list names every limit.
        r = run("render", spec, "-o", out, "--limit", "pixel=5")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'no limit is called "pixel"', r.stderr)
        self.assertEqual(run("render", spec, "-o", out, "--limit", "pixels=0").returncode, 2)
        self.assertEqual(run("render", spec, "-o", out, "--limit", "pixels").returncode, 2)
        r = run("validate", "--limit", "list")
        self.assertEqual(r.returncode, 0)
        names = [line.split()[0] for line in r.stdout.decode().splitlines()]
        self.assertIn("pixels", names)
        self.assertIn("spec_bytes", names)
        # A spec cannot set a limit.
        r = run("validate", self.write("l.json", json.dumps({
            "chart": "scatter", "x": "a", "y": "a", "limit": {"pixels": 1},
            "data": {"values": {"a": [1]}}})))
        self.assertEqual(r.returncode, 1)
        self.assertIn(b'unknown key "limit"', r.stderr)

    def test_threads(self):
        spec = self.write("t.json", json.dumps({
            "chart": "histogram", "x": "a", "width": 400, "height": 300,
            "data": {"values": {"a": [1, 2, 2, 3, 3, 3]}}}))
        outputs = []
        for flags in (["--threads", "1"], ["--threads=7"], []):
            out = os.path.join(self.tmp, "t%d.png" % len(outputs))
            r = run("render", spec, "-o", out, *flags)
            self.assertEqual(r.returncode, 0, r.stderr)
            outputs.append(open(out, "rb").read())
        self.assertEqual(outputs[0], outputs[1])
        self.assertEqual(outputs[0], outputs[2])
        for command in (["validate", spec], ["inspect", spec]):
            self.assertEqual(run(*command, "--threads", "2").returncode, 0, command)
        # Out of range or not a number: a usage error naming the option.
        for bad in ("0", "257", "two", ""):
            r = run("render", spec, "-o", os.path.join(self.tmp, "bad.png"), "--threads", bad)
            self.assertEqual(r.returncode, 2, bad)
            self.assertIn(b"--threads needs a number from 1 to 256", r.stderr)
        r = run("render", spec, "-o", os.path.join(self.tmp, "bad.png"), "--threads")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"--threads needs a number", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "bad.png")))

    def test_inspect(self):
        spec = self.write("s.json", json.dumps({
            "chart": "scatter", "x": "a", "y": "b", "hue": "g", "y_scale": "log",
            "data": {"values": {"a": [1, 2, 3, None, 5], "b": [10, 100, -1, 1000, 10000],
                                "g": ["p", "q", "p", "q", None]}}}))
        r = run("inspect", spec, cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertEqual(out["chart"], "scatter")
        self.assertEqual(out["rows"], 5)
        x, y = out["axes"]["x"], out["axes"]["y"]
        self.assertEqual(x["scale"], "linear")
        self.assertEqual(x["dropped"], {"missing": 1, "non_finite": 0, "non_positive": 0})
        self.assertEqual(y["scale"], "log")
        self.assertEqual(y["dropped"], {"missing": 0, "non_finite": 0, "non_positive": 1})
        self.assertEqual(len(x["ticks"]), len(x["labels"]))
        self.assertLessEqual(x["domain"][0], 1)
        self.assertGreaterEqual(x["domain"][1], 5)
        for tick in x["ticks"]:
            self.assertTrue(x["domain"][0] <= tick <= x["domain"][1])
        self.assertEqual(out["legends"], [{"kind": "colors", "title": "g", "entries": ["p", "q"]}])
        # Rows 1 and 2 are drawn; 3 (b < 0 on log), 4 (a missing), 5 (no group) are not.
        self.assertEqual(out["layers"], [{"mark": "points", "points": 2, "dropped": 3}])

    def test_reference_is_current(self):
        r = run("reference")
        self.assertEqual(r.returncode, 0)
        with open(os.path.join(SOURCE, "docs", "spec-reference.md"), "rb") as f:
            self.assertEqual(r.stdout, f.read(),
                             "docs/spec-reference.md is stale: cplot reference > docs/spec-reference.md")
        for name in ("alpha", "hue", "theme", "png_compression"):
            self.assertIn(f"| `{name}` |".encode(), r.stdout)

    def test_every_bundled_spec_is_valid(self):
        specs = example_specs()
        self.assertGreater(len(specs), 0)
        r = run("validate", *specs)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_schema_accepts_specs_and_rejects_mistakes(self):
        import jsonschema
        r = run("schema")
        self.assertEqual(r.returncode, 0)
        schema = json.loads(r.stdout)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for path in example_specs():
            with open(path, encoding="utf-8") as handle:
                validator.validate(json.load(handle))
        base = {"chart": "scatter", "data": {"url": "x.csv"}, "x": "a", "y": "b"}
        for mistake in ({"bnis": 3}, {"alpha": 2}, {"theme": "pink"}, {"width": 12.5},
                        {"chart": "pie"}, {"data": {"ulr": "x.csv"}}):
            with self.assertRaises(jsonschema.ValidationError, msg=str(mistake)):
                validator.validate({**base, **mistake})


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
