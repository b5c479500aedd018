#!/usr/bin/python3
"""Generates the benchmark data once, with a fixed seed, into a folder that
every tool reads: CSV files (cplot, matplotlib/seaborn via pandas, gnuplot)
plus meta.json with what gnuplot cannot compute itself (numpy's 'auto' bin
count and range, the 10x10 correlation matrix).

Usage: generate.py OUTDIR [--quick]

The data is regenerated only when OUTDIR/meta.json is missing or was made
by a different version of this file or with different sizes."""
import hashlib
import json
import os
import sys

import numpy as np

SEED = 20240607
# Sizes: full run, and --quick (small heavy cases, for smoke tests).
SIZES = {
    "full": {"hist_10k": 10_000, "hist_1m": 1_000_000, "hist_10m": 10_000_000,
             "hist_kde": 10_000, "scatter_1k": 1_000, "scatter_100k": 100_000,
             "scatter_1m": 1_000_000, "corr10_rows": 1_000,
             "corr30_rows": [25_000, 100_000]},
    "quick": {"hist_10k": 10_000, "hist_1m": 100_000, "hist_10m": 200_000,
              "hist_kde": 10_000, "scatter_1k": 1_000, "scatter_100k": 5_000,
              "scatter_1m": 10_000, "corr10_rows": 1_000,
              "corr30_rows": [1_000, 4_000]},
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def write_columns(path, names, columns, decimals=4):
    """Fixed-point text, identical for every reader: '%.{decimals}f'."""
    fmt = "{:.%df}" % decimals
    lines = [",".join(names)]
    if len(columns) == 1:
        lines.extend(map(fmt.format, columns[0].tolist()))
    else:
        row_fmt = ",".join([fmt] * len(columns))
        stacked = np.column_stack(columns).tolist()
        lines.extend(row_fmt.format(*row) for row in stacked)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines))
        f.write("\n")
    os.replace(tmp, path)


def auto_bins(values):
    edges = np.histogram_bin_edges(values, bins="auto")
    return {"bins": int(len(edges) - 1), "min": float(edges[0]), "max": float(edges[-1]),
            "width": float(edges[1] - edges[0])}


def correlated(rng, rows, columns):
    """Columns driven by three latent factors, so the matrix has structure:
    blocks of strong positive and negative correlation and weak cells."""
    factors = rng.normal(size=(rows, 3))
    loadings = rng.uniform(-1, 1, size=(3, columns))
    noise = rng.normal(size=(rows, columns))
    return factors @ loadings + noise * rng.uniform(0.5, 1.5, size=columns)


def generate(outdir, mode):
    sizes = SIZES[mode]
    rng = np.random.default_rng(SEED)
    meta = {"seed": SEED, "mode": mode, "sizes": sizes, "files": {}}

    def note(name, path, rows, **extra):
        meta["files"][name] = {"path": os.path.basename(path), "rows": rows, **extra}

    # Histograms: a normal sample (skewed a little by a second component).
    for name in ("hist_10k", "hist_1m", "hist_10m"):
        n = sizes[name]
        x = np.where(rng.random(n) < 0.8, rng.normal(50, 10, n), rng.normal(75, 6, n))
        path = os.path.join(outdir, name + ".csv")
        write_columns(path, ["value"], [x])
        note(name, path, n, **auto_bins(np.round(x, 4)))

    # Histogram with KDE: two clear modes.
    n = sizes["hist_kde"]
    x = np.where(rng.random(n) < 0.6, rng.normal(170, 8, n), rng.normal(200, 6, n))
    path = os.path.join(outdir, "hist_kde.csv")
    write_columns(path, ["value"], [x])
    note("hist_kde", path, n, **auto_bins(np.round(x, 4)))

    # Bars: twelve categories, one value each.
    values = np.round(rng.uniform(20, 100, 12), 1)
    path = os.path.join(outdir, "bar_12.csv")
    with open(path, "w") as f:
        f.write("month,value\n")
        for m, v in zip(MONTHS, values.tolist()):
            f.write("%s,%.1f\n" % (m, v))
    note("bar_12", path, 12)

    # Scatter: correlated x and y; the smaller files are prefixes of the 1M one.
    n = sizes["scatter_1m"]
    x = rng.normal(0, 1, n)
    y = 0.6 * x + rng.normal(0, 0.8, n)
    for name in ("scatter_1k", "scatter_100k", "scatter_1m"):
        k = sizes[name]
        path = os.path.join(outdir, name + ".csv")
        write_columns(path, ["x", "y"], [x[:k], y[:k]])
        note(name, path, k)

    # 10x10 correlogram (1,000 rows); gnuplot gets the matrix precomputed.
    rows = sizes["corr10_rows"]
    data = correlated(rng, rows, 10)
    names = ["v%02d" % (i + 1) for i in range(10)]
    path = os.path.join(outdir, "corr10.csv")
    write_columns(path, names, [data[:, i] for i in range(10)])
    r = np.corrcoef(np.round(data, 4), rowvar=False)
    matrix_path = os.path.join(outdir, "corr10_matrix.dat")
    with open(matrix_path, "w") as f:
        for i in range(10):
            f.write(" ".join("%.6f" % v for v in r[i]) + "\n")
    note("corr10", path, rows, matrix=os.path.basename(matrix_path), names=names)

    # 30 columns: the smaller files are prefixes (for Kendall's scaling).
    big = correlated(rng, max(sizes["corr30_rows"]), 30)
    names = ["c%02d" % (i + 1) for i in range(30)]
    for rows in sizes["corr30_rows"]:
        name = "corr30_%d" % rows
        path = os.path.join(outdir, name + ".csv")
        write_columns(path, names, [big[:rows, i] for i in range(30)])
        note(name, path, rows)
    return meta


def stamp(mode):
    with open(__file__, "rb") as f:
        return hashlib.sha256(f.read() + mode.encode()).hexdigest()[:16]


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    outdir = argv[1]
    mode = "quick" if "--quick" in argv[2:] else "full"
    os.makedirs(outdir, exist_ok=True)
    meta_path = os.path.join(outdir, "meta.json")
    want = stamp(mode)
    try:
        with open(meta_path) as f:
            if json.load(f).get("stamp") == want:
                return 0
    except (OSError, ValueError):
        pass
    meta = generate(outdir, mode)
    meta["stamp"] = want
    with open(meta_path + ".tmp", "w") as f:
        json.dump(meta, f, indent=1)
    os.replace(meta_path + ".tmp", meta_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
