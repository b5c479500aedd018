#!/usr/bin/python3
"""The matplotlib and seaborn side of the benchmark: a long-lived process
that times plotting + savefig in process, the way the cplot driver times
cplot_chart_render.

Usage: mpl_bench.py --tool matplotlib|seaborn

Reads one JSON command per line on standard input and answers each with
one JSON line (times in milliseconds):
  {"cmd": "version"}
  {"cmd": "load", "case": NAME, "chart": KIND, "data": CSV, ...options, "warmup": true}
      reads CSV with pandas (untimed) and, unless warmup is false, draws
      the case once untimed
  {"cmd": "render", "case": NAME}       times figure + plot + savefig(PNG)
  {"cmd": "cold", "case": NAME}         times pandas.read_csv + the above
  {"cmd": "save", "case": NAME, "path": PNG}
  {"cmd": "quit"}

Every figure is figsize=(8, 6) at dpi=100 (800x600 pixels) on the Agg
backend, saved to an in-memory PNG like cplot_chart_render.
"""
import argparse
import io
import json
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

COLOR = "#4E79A7"  # cplot's default (Tableau 10's first colour)
DPI = 100
# cplot sizes are CSS pixels; matplotlib's are points (1/72 in) at dpi 100.
PT_PER_PX = 72.0 / DPI

sns = None


def new_figure():
    fig = plt.figure(figsize=(8, 6), dpi=DPI)
    return fig, fig.add_subplot()


def titles(ax, case, x=None, y=None):
    if case.get("title"):
        ax.set_title(case["title"], loc="left")
    if x is not None:
        ax.set_xlabel(x)
    if y is not None:
        ax.set_ylabel(y)


def scatter_style(case):
    diameter_px = case.get("point_size", 7)
    return {
        "s": (diameter_px * PT_PER_PX) ** 2,  # marker area in points^2
        "alpha": case["alpha"],
        "linewidth": case.get("edge_width", 0.6) * PT_PER_PX,
        "edgecolor": "white",
        "color": COLOR,
    }


# ----------------------------------------------------------- matplotlib

def mpl_histogram(ax, df, case):
    x = df[case["x"]].to_numpy()
    ax.hist(x, bins="auto", color=COLOR)
    if case.get("kde"):
        from scipy.stats import gaussian_kde
        edges = np.histogram_bin_edges(x, bins="auto")
        kde = gaussian_kde(x)  # Scott's factor, like seaborn and cplot
        bandwidth = kde.factor * x.std(ddof=1)
        grid = np.linspace(x.min() - 3 * bandwidth, x.max() + 3 * bandwidth, 200)
        ax.plot(grid, kde(grid) * x.size * (edges[1] - edges[0]), color=COLOR)
    titles(ax, case, case["x"], "count")


def mpl_bar(ax, df, case):
    ax.bar(df[case["x"]].to_numpy(), df[case["y"]].to_numpy(), color=COLOR, width=0.8)
    titles(ax, case, case["x"], case["y"])


def mpl_scatter(ax, df, case):
    ax.scatter(df[case["x"]].to_numpy(), df[case["y"]].to_numpy(), **scatter_style(case))
    titles(ax, case, case["x"], case["y"])


def mpl_correlogram(ax, df, case):
    r = df.corr(method=case.get("method", "pearson"))
    image = ax.imshow(r.to_numpy(), cmap="RdBu", vmin=-1, vmax=1)
    n = len(r.columns)
    ax.set_xticks(range(n), r.columns, rotation=90)
    ax.set_yticks(range(n), r.columns)
    if case.get("annot"):
        values = r.to_numpy()
        for i in range(n):
            for j in range(n):
                v = values[i, j]
                ax.text(j, i, "%.2f" % v, ha="center", va="center",
                        color="white" if abs(v) > 0.6 else "black")
    ax.figure.colorbar(image, ax=ax)
    titles(ax, case)


# -------------------------------------------------------------- seaborn

def sns_histogram(ax, df, case):
    sns.histplot(data=df, x=case["x"], bins="auto", kde=bool(case.get("kde")), color=COLOR, ax=ax)
    titles(ax, case)


def sns_bar(ax, df, case):
    sns.barplot(data=df, x=case["x"], y=case["y"], errorbar=None, color=COLOR, ax=ax)
    titles(ax, case)


def sns_scatter(ax, df, case):
    sns.scatterplot(data=df, x=case["x"], y=case["y"], ax=ax, **scatter_style(case))
    titles(ax, case)


def sns_correlogram(ax, df, case):
    r = df.corr(method=case.get("method", "pearson"))
    sns.heatmap(r, annot=bool(case.get("annot")), fmt=".2f", cmap="RdBu", vmin=-1, vmax=1,
                center=0, ax=ax)
    titles(ax, case)


DRAW = {
    "matplotlib": {"histogram": mpl_histogram, "bar": mpl_bar, "scatter": mpl_scatter,
                   "correlogram": mpl_correlogram},
    "seaborn": {"histogram": sns_histogram, "bar": sns_bar, "scatter": sns_scatter,
                "correlogram": sns_correlogram},
}


def draw_png(tool, case, df):
    fig, ax = new_figure()
    DRAW[tool][case["chart"]](ax, df, case)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    plt.close(fig)
    return buffer.getvalue()


def read(case):
    return pd.read_csv(case["data"])


def main():
    global sns
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", choices=sorted(DRAW), required=True)
    tool = parser.parse_args().tool
    if tool == "seaborn":
        import seaborn
        sns = seaborn
    cases, frames = {}, {}
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        cmd = command["cmd"]
        try:
            if cmd == "quit":
                break
            if cmd == "version":
                import scipy
                reply = {"matplotlib": matplotlib.__version__, "numpy": np.__version__,
                         "pandas": pd.__version__, "scipy": scipy.__version__,
                         "python": sys.version.split()[0]}
                if sns:
                    reply["seaborn"] = sns.__version__
            elif cmd == "load":
                case = command
                name = case["case"]
                cases[name] = case
                t0 = time.perf_counter()
                frames[name] = read(case)
                load_ms = (time.perf_counter() - t0) * 1e3
                warm_ms = None
                if case.get("warmup", True):
                    t0 = time.perf_counter()
                    draw_png(tool, case, frames[name])
                    warm_ms = (time.perf_counter() - t0) * 1e3
                reply = {"load_ms": load_ms, "warmup_ms": warm_ms}
            elif cmd == "render":
                name = command["case"]
                t0 = time.perf_counter()
                png = draw_png(tool, cases[name], frames[name])
                reply = {"ms": (time.perf_counter() - t0) * 1e3, "png_bytes": len(png)}
            elif cmd == "cold":
                case = cases.setdefault(command["case"], command)
                t0 = time.perf_counter()
                png = draw_png(tool, case, read(case))
                reply = {"ms": (time.perf_counter() - t0) * 1e3, "png_bytes": len(png)}
            elif cmd == "save":
                name = command["case"]
                frame = frames.get(name)
                png = draw_png(tool, cases[name], frame if frame is not None else read(cases[name]))
                with open(command["path"], "wb") as f:
                    f.write(png)
                reply = {}
            else:
                raise ValueError("unknown command %r" % cmd)
            reply["ok"] = True
        except Exception as error:  # report, keep serving
            reply = {"ok": False, "error": cmd, "message": "%s: %s" % (type(error).__name__, error)}
        out.write(json.dumps(reply) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
