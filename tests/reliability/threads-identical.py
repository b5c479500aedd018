#!/usr/bin/python3
"""Output never depends on the thread count (cplot_threads_set).

Renders every example of specs/ and a set of large generated charts (big
enough that the library splits their work: 1.5M-value CSV, 300k-point
scatters, 12-column correlograms of 60k rows, 200k-value densities) with
`cplot render --threads 1`, 3 and 7, and `cplot inspect` likewise, and
requires byte-identical PNGs and identical inspect output.

Usage: threads-identical.py CPLOT SPECS_DIR [--quick]

--quick (for the ThreadSanitizer build, where everything runs ten times
slower): only the generated charts, with a fifth of the data, still big
enough to be split.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

COUNTS = (1, 3, 7)


def write_csv(path, header, rows):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(row) + "\n")


def generate(folder, scale):
    rng = random.Random(20261125)
    # 1.5M values (about 15 MB) so that reading is split into chunks.
    with open(os.path.join(folder, "values.csv"), "w") as f:
        f.write("value,group\n")
        f.writelines("%.6f,%s\n" % (rng.gauss(0, 1) * (1 + i % 3), "abc"[i % 3])
                     for i in range(int(1500000 * scale)))
    points = [(rng.gauss(0, 1), rng.gauss(0, 2), "pq"[i % 2]) for i in range(int(300000 * scale))]
    write_csv(os.path.join(folder, "points.csv"), ["x", "y", "kind"],
              [("%.5f" % x, "%.5f" % y, k) for x, y, k in points])
    columns = ["c%d" % j for j in range(12)]
    rows = []
    for i in range(int(60000 * scale)):
        base = rng.gauss(0, 1)
        row = []
        for j in range(12):
            value = base * (j % 4) + rng.gauss(0, 1)
            if j % 5 == 0:
                value = round(value)  # ties for the rank methods
            row.append("" if rng.random() < 0.01 else "%.4f" % value)
        rows.append(row)
    write_csv(os.path.join(folder, "columns.csv"), columns, rows)
    specs = {
        "hist-auto": {"chart": "histogram", "data": {"url": "values.csv"}, "x": "value"},
        "hist-kde-hue": {"chart": "histogram", "data": {"url": "values.csv"}, "x": "value",
                         "hue": "group", "kde": True},
        "density-hue": {"chart": "density", "data": {"url": "values.csv"}, "x": "value", "hue": "group"},
        "scatter": {"chart": "scatter", "data": {"url": "points.csv"}, "x": "x", "y": "y", "alpha": 0.1},
        "scatter-hue": {"chart": "scatter", "data": {"url": "points.csv"}, "x": "x", "y": "y",
                        "hue": "kind", "alpha": 0.3, "point_size": 14, "marker": "diamond"},
    }
    for method in ("pearson", "spearman", "kendall"):
        specs["corr-" + method] = {"chart": "correlogram", "data": {"url": "columns.csv"},
                                   "method": method, "annot": True}
    paths = []
    for name, spec in specs.items():
        path = os.path.join(folder, name + ".json")
        with open(path, "w") as f:
            json.dump(dict(spec, title=name), f)
        paths.append(path)
    return paths


def outputs(cplot, spec, root, out_dir, threads):
    png = os.path.join(out_dir, "%d.png" % threads)
    render = subprocess.run([cplot, "render", "--threads", str(threads), "--root", root, spec, "-o", png],
                            capture_output=True, text=True)
    inspect = subprocess.run([cplot, "inspect", "--threads", str(threads), "--root", root, spec],
                             capture_output=True, text=True)
    image = open(png, "rb").read() if render.returncode == 0 else b""
    return render.returncode, render.stderr, image, inspect.returncode, inspect.stdout + inspect.stderr


def main():
    cplot, specs_dir = sys.argv[1], sys.argv[2]
    quick = "--quick" in sys.argv[3:]
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        generated = generate(folder, 0.2 if quick else 1.0)
        examples = [] if quick else sorted(
            os.path.join(d, f) for d, _, files in os.walk(specs_dir) for f in files
            if f.endswith(".json") and f != "registry.json")
        checked = 0
        for spec in generated + examples:
            root = folder if spec in generated else specs_dir
            results = {}
            for threads in COUNTS:
                out_dir = os.path.join(folder, "out")
                os.makedirs(out_dir, exist_ok=True)
                results[threads] = outputs(cplot, spec, root, out_dir, threads)
            first = results[COUNTS[0]]
            if spec in generated and (first[0] != 0 or first[3] != 0):
                failures.append("%s: does not render: %s" % (spec, first[1].strip() or first[4].strip()))
                continue
            for threads in COUNTS[1:]:
                if results[threads] != first:
                    what = [name for name, i in (("exit status", 0), ("messages", 1), ("PNG bytes", 2),
                                                 ("inspect exit", 3), ("inspect output", 4))
                            if results[threads][i] != first[i]]
                    failures.append("%s: --threads %d differs from --threads 1 in %s" %
                                    (os.path.relpath(spec, folder if spec in generated else specs_dir),
                                     threads, ", ".join(what)))
            checked += 1
    for failure in failures:
        print("FAIL", failure)
    print("%d specs rendered and inspected at %s threads: %d differ" %
          (checked, ", ".join(map(str, COUNTS)), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
