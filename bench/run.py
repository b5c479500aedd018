#!/usr/bin/python3
"""cplot benchmark: the same data and the same 800x600 PNG chart through
cplot (in process through the library, and the whole `cplot render`
process), matplotlib and seaborn (in process, Agg, savefig) and gnuplot
(pngcairo, whole process), alternating between tools, several runs each;
medians and ratios go to bench/RESULTS.md. See bench/README.md.

    bench/run.py                      the full benchmark (about 10 minutes)
    bench/run.py --quick              fewer runs, smaller heavy cases
    bench/run.py --quick --tools cplot    what bench/smoke.sh runs
    bench/run.py --profile            callgrind profiles -> bench/PROFILE.md
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
PYTHON = "/usr/bin/python3"  # Debian's, with matplotlib, seaborn, numpy, pandas
ALL_TOOLS = ["cplot", "matplotlib", "seaborn", "gnuplot"]
SINGLE = "cplot 1 thread"  # in-process cplot limited to one thread (cplot_threads_set(1))
WIDTH, HEIGHT = 800, 600


# ------------------------------------------------------------------ cases

class Case:
    """One chart, drawn the same way by every tool that can draw it.

    group: "chart" for the per-chart comparisons, "csv" for the 10M-value
    whole-pipeline case, "corr30" for the big correlograms. heavy: the
    issue's heavy cases, held to 20x matplotlib instead of 10x (also fewer
    runs, 5; runs sets the count explicitly). cold: the in-process
    tools time reading the CSV too. warmup false: no warm-up draw (the
    process is already warm from a smaller case of the same chart, and one
    draw takes seconds)."""

    def __init__(self, name, title, data, chart, options, *, heavy=False, cold=False,
                 group="chart", gnuplot=None, runs=None, tools=None, warmup=True, whole=True,
                 time_v=False, save=True):
        self.name, self.title, self.data, self.chart = name, title, data, chart
        self.options, self.heavy, self.cold, self.group = options, heavy, cold, group
        self.gnuplot, self.runs, self.warmup = gnuplot, runs, warmup
        # whole: also time whole processes; time_v: under /usr/bin/time -v
        # (peak memory); save: keep each in-process tool's PNG (one more draw).
        self.whole, self.time_v, self.save = whole, time_v, save
        self.tools = tools or ["cplot", "matplotlib", "seaborn"] + (["gnuplot"] if gnuplot else [])


def define_cases(meta, quick):
    files = meta["files"]
    sizes = meta["sizes"]

    def count(n):
        return "{:,}".format(n)

    def hist_gp(key, kde=0):
        f = files[key]
        return ("histogram.gp", {"nbins": f["bins"], "lo": f["min"], "hi": f["max"], "kde": kde})

    def scatter_gp(alpha, size):
        # gnuplot's colour is #AARRGGBB with AA the transparency.
        return ("scatter.gp", {"color": "#%02X4E79A7" % round(255 * (1 - alpha)), "size": size})

    big = max(sizes["corr30_rows"])
    cases = [
        Case("hist_10k", "Histogram of %s values" % count(sizes["hist_10k"]), "hist_10k.csv",
             "histogram", {"x": "value", "bins": "auto"}, gnuplot=hist_gp("hist_10k")),
        Case("hist_1m", "Histogram of %s values" % count(sizes["hist_1m"]), "hist_1m.csv",
             "histogram", {"x": "value", "bins": "auto"}, heavy=True, gnuplot=hist_gp("hist_1m")),
        Case("bar_12", "Twelve months", "bar_12.csv", "bar", {"x": "month", "y": "value"},
             gnuplot=("bar.gp", {})),
        Case("scatter_1k", "Scatter of %s points" % count(sizes["scatter_1k"]), "scatter_1k.csv",
             "scatter", {"x": "x", "y": "y", "alpha": 0.5}, gnuplot=scatter_gp(0.5, 0.9)),
        Case("scatter_100k", "Scatter of %s points" % count(sizes["scatter_100k"]),
             "scatter_100k.csv", "scatter", {"x": "x", "y": "y", "alpha": 0.1}, heavy=True,
             gnuplot=scatter_gp(0.1, 0.9)),
        Case("corr_annot", "Correlogram, 10 columns, annotated", "corr10.csv", "correlogram",
             {"annot": True}, heavy=True, gnuplot=("correlogram.gp", {"n": 10, "matrix": True})),
        Case("hist_kde", "Histogram with KDE, %s values" % count(sizes["hist_kde"]), "hist_kde.csv",
             "histogram", {"x": "value", "bins": "auto", "kde": True},
             gnuplot=hist_gp("hist_kde", kde=1)),
        Case("scatter_1m", "Scatter of %s points" % count(sizes["scatter_1m"]), "scatter_1m.csv",
             "scatter", {"x": "x", "y": "y", "alpha": 0.05}, heavy=True,
             gnuplot=scatter_gp(0.05, 0.9), runs=3, warmup=False, time_v=True),
        Case("hist_10m_csv", "Histogram of %s values from CSV" % count(sizes["hist_10m"]),
             "hist_10m.csv", "histogram", {"x": "value", "bins": "auto"}, cold=True,
             group="csv", gnuplot=hist_gp("hist_10m"), runs=3, time_v=True, save=False),
    ]
    for method in ("pearson", "spearman", "kendall"):
        cases.append(Case(
            "corr30_" + method, "Correlogram, 30 columns x %s rows, %s" % (count(big), method),
            "corr30_%d.csv" % big, "correlogram", {"method": method}, group="corr30",
            runs=3, warmup=method != "kendall", whole=False, save=method != "kendall"))
    if quick:
        for case in cases:
            case.runs = 1 if case.heavy else 2
    return cases


# ---------------------------------------------------------------- helpers

def log(*args):
    print(*args, file=sys.stderr, flush=True)


def run_text(argv, **kwargs):
    try:
        return subprocess.run(argv, capture_output=True, text=True, check=False, **kwargs).stdout.strip()
    except OSError:
        return ""


def median(values):
    return statistics.median(values) if values else None


def fmt_ms(ms):
    if ms is None:
        return "n/a"
    if ms >= 10000:
        return "%.1f s" % (ms / 1000)
    if ms >= 100:
        return "%.0f ms" % ms
    if ms >= 10:
        return "%.1f ms" % ms
    return "%.2f ms" % ms


def fmt_ratio(x):
    if x is None:
        return "n/a"
    return "%.0fx" % x if x >= 100 else "%.1fx" % x if x >= 10 else "%.2fx" % x


class Server:
    """A long-lived measuring process spoken to in lines: the cplot driver
    (text commands) or mpl_bench.py (JSON commands)."""

    def __init__(self, argv, json_commands, env=None):
        self.argv = argv
        self.json_commands = json_commands
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, bufsize=1,
                                        env=dict(os.environ, **env) if env else None)

    def ask(self, command, **fields):
        if self.json_commands:
            line = json.dumps(dict(fields, cmd=command))
        else:
            line = " ".join([command] + [str(v) for v in fields.values()])
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError("%s exited (status %s)" % (self.argv[0], self.process.poll()))
        reply = json.loads(answer)
        if not reply.get("ok"):
            raise RuntimeError("%s: %s: %s" % (os.path.basename(self.argv[0]), reply.get("error"),
                                               reply.get("message")))
        return reply

    def close(self):
        try:
            self.process.stdin.write(("{\"cmd\": \"quit\"}" if self.json_commands else "quit") + "\n")
            self.process.stdin.close()
            self.process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


def timed_process(argv, cwd=None, cpu=None):
    """Runs a whole process; returns (wall ms, max RSS KiB, exit status,
    stderr) and appends its CPU time (user + system, ms) to `cpu`."""
    t0 = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    ms = (time.perf_counter() - t0) * 1e3
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if cpu is not None:
        cpu.append((usage.ru_utime + usage.ru_stime) * 1e3)
    return ms, usage.ru_maxrss, process.returncode, stderr.decode(errors="replace")


# ------------------------------------------------------------------ setup

def cmake_cache(build_dir):
    values = {}
    try:
        with open(os.path.join(build_dir, "CMakeCache.txt")) as f:
            for line in f:
                m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*):[A-Z]+=(.*)$", line.strip())
                if m:
                    values[m.group(1)] = m.group(2)
    except OSError:
        pass
    return values


def ensure_built(build_dir, rebuild, cmake_args):
    """The tree as the issue builds it: Release, into build_dir."""
    cplot = os.path.join(build_dir, "cplot")
    library = os.path.join(build_dir, "libplot", "libcplot.so")
    if rebuild or not (os.path.exists(cplot) and os.path.exists(library)):
        configure = ["cmake", "-S", ROOT, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release"] + cmake_args
        build = ["cmake", "--build", build_dir, "-j%d" % (os.cpu_count() or 1)]
        for argv in (configure, build):
            log("$", " ".join(shlex.quote(a) for a in argv))
            if subprocess.run(argv).returncode != 0:
                sys.exit("run.py: building cplot failed (see above); --build-dir DIR measures "
                         "another build, --cmake-arg=-DX=Y passes options to cmake")
    cache = cmake_cache(build_dir)
    source = cache.get("CMAKE_HOME_DIRECTORY") or cache.get("cplot_SOURCE_DIR") or ROOT
    return cplot, library, source, cache


def build_driver(source, build_dir, out_dir, sanitize):
    """Compiles bench/cplot_bench.c against the built static library
    libcplot.a, so the encoder floor can call the library's private PNG
    encoder (with the sanitizers too when the library has them)."""
    os.makedirs(out_dir, exist_ok=True)
    exe = os.path.join(out_dir, "cplot_bench")
    archive = os.path.abspath(os.path.join(build_dir, "libplot", "libcplot.a"))
    pkg = run_text(["pkg-config", "--cflags", "--libs", "cairo", "pangocairo", "pangoft2",
                    "fontconfig", "libdeflate", "zlib", "libcjson"]).split()
    flags = ["-fsanitize=address,undefined", "-fno-omit-frame-pointer"] if sanitize else []
    argv = ["cc", "-std=c11", "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-D_XOPEN_SOURCE=700",
            "-DCPLOT_STATIC_DEFINE"] + flags + [
            "-I" + os.path.join(source, "libplot", "include"), "-I" + os.path.join(source, "libplot", "src"),
            os.path.join(BENCH, "cplot_bench.c"), "-o", exe, archive] + pkg + ["-lpthread", "-lm"]
    if subprocess.run(argv).returncode != 0:
        sys.exit("run.py: compiling bench/cplot_bench.c failed")
    return exe


def generate_data(data_dir, quick):
    argv = [PYTHON, os.path.join(BENCH, "data", "generate.py"), data_dir] + (["--quick"] if quick else [])
    t0 = time.perf_counter()
    if subprocess.run(argv).returncode != 0:
        sys.exit("run.py: generating data failed")
    with open(os.path.join(data_dir, "meta.json")) as f:
        meta = json.load(f)
    log("data ready in %s (%.1f s)" % (data_dir, time.perf_counter() - t0))
    return meta


def write_spec(data_dir, case, data=None, method=None, name=None):
    spec = {"chart": case.chart, "title": case.title, "data": {"url": data or case.data}}
    spec.update(case.options)
    if method:
        spec["method"] = method
    spec.update({"width": WIDTH, "height": HEIGHT})
    path = os.path.join(data_dir, "spec_%s.json" % (name or case.name))
    with open(path, "w") as f:
        json.dump(spec, f, indent=1)
    return path


def gnuplot_argv(data_dir, case, out_png, meta):
    script, params = case.gnuplot
    params = dict(params)
    data = meta["files"]["corr10"]["matrix"] if params.pop("matrix", False) else case.data
    assigns = ["dir='%s/'" % os.path.join(BENCH, "gnuplot"), "data='%s'" % data,
               "out='%s'" % out_png, "title='%s'" % case.title.replace("'", "")]
    for key, value in params.items():
        assigns.append("%s=%s" % (key, "'%s'" % value if isinstance(value, str) else repr(value)))
    return ["gnuplot", "-e", "; ".join(assigns), os.path.join(BENCH, "gnuplot", script)]


# ------------------------------------------------------------ measuring

class Bench:
    def __init__(self, args):
        self.args = args
        self.tools = args.tools
        self.results = {"cases": {}, "floor": {}, "kendall": [], "memory": {}, "gallery": {},
                        "errors": []}

    def error(self, where, error):
        message = "%s: %s" % (where, error)
        log("ERROR", message)
        self.results["errors"].append(message)

    def setup(self):
        a = self.args
        self.cplot, self.library, self.source, self.cache = ensure_built(a.build_dir, a.rebuild,
                                                                         a.cmake_arg)
        commit = run_text(["git", "-C", self.source, "rev-parse", "--short", "HEAD"])
        dirty = run_text(["git", "-C", self.source, "status", "--porcelain", "--untracked-files=no"])
        self.source_state = "%s at %s%s" % (self.source, commit or "?",
                                            " (with uncommitted changes)" if dirty else "")
        self.sanitize = self.cache.get("CPLOT_SANITIZE", "OFF").upper() in ("ON", "1", "TRUE", "YES")
        if self.sanitize:
            # Timings under ASan+UBSan mean nothing, but the smoke test may
            # run in such a tree: use the test suite's leak suppressions
            # (fontconfig and pango keep caches for the process).
            log("run.py: %s is a sanitizer build: timings are not meaningful" % a.build_dir)
            supp = os.path.join(self.source, "tests", "lsan.supp")
            if os.path.exists(supp):
                os.environ.setdefault("LSAN_OPTIONS", "suppressions=%s:print_suppressions=0" % supp)
        self.driver = build_driver(self.source, a.build_dir, os.path.join(a.data_dir, "bin"), self.sanitize)
        self.meta = generate_data(a.data_dir, a.quick)
        self.cases = define_cases(self.meta, a.quick)
        if a.cases:
            wanted = set(a.cases.split(","))
            self.cases = [c for c in self.cases if c.name in wanted]
        self.out = os.path.join(a.data_dir, "out")
        os.makedirs(self.out, exist_ok=True)
        for case in self.cases:
            case.spec = write_spec(a.data_dir, case)

    def start_servers(self):
        self.servers = {}
        if "cplot" in self.tools:
            # cplot as the command runs it (one thread per core) and at the
            # library's default of one thread, side by side.
            self.servers["cplot"] = Server([self.driver, "serve"], json_commands=False,
                                           env={"CPLOT_THREADS": "0"})
            if SINGLE in self.tools:
                self.servers[SINGLE] = Server([self.driver, "serve"], json_commands=False,
                                              env={"CPLOT_THREADS": "1"})
        for tool in ("matplotlib", "seaborn"):
            if tool in self.tools:
                self.servers[tool] = Server([PYTHON, os.path.join(BENCH, "mpl_bench.py"), "--tool", tool],
                                            json_commands=True)

    def stop_servers(self):
        for server in self.servers.values():
            server.close()

    def runs_for(self, case):
        if self.args.runs:
            return self.args.runs if not case.runs or not self.args.quick else min(self.args.runs, case.runs)
        if case.runs:
            return case.runs
        return 2 if self.args.quick else (5 if case.heavy else 7)

    # One case: every tool, alternating, several runs each.
    def measure_case(self, case):
        runs = self.runs_for(case)
        in_process = [t for t in ("cplot", SINGLE, "matplotlib", "seaborn")
                      if t in self.tools and (t in case.tools or t == SINGLE and "cplot" in case.tools)]
        whole = []
        if "cplot" in self.tools and case.whole:
            whole.append("cplot render")
        if "gnuplot" in self.tools and case.gnuplot and case.whole:
            whole.append("gnuplot")
        result = {"title": case.title, "heavy": case.heavy, "group": case.group, "runs": runs,
                  "in_process": {t: [] for t in in_process}, "whole": {t: [] for t in whole},
                  "rss_kib": {t: [] for t in whole}, "png_bytes": {}, "time_v": case.time_v}
        self.results["cases"][case.name] = result
        log("== %s (%d runs: %s)" % (case.name, runs, ", ".join(in_process + whole)))

        # Load and warm up the in-process tools (reading data is not timed,
        # except in the cold case, where the warm-up is a whole cold run).
        for tool in list(in_process):
            try:
                server = self.servers[tool]
                if tool.startswith("cplot"):
                    if case.cold:
                        server.ask("cold", spec=case.spec)
                    else:
                        server.ask("load", name=case.name, spec=case.spec, warm=int(case.warmup))
                else:
                    fields = dict(case.options, case=case.name, chart=case.chart, title=case.title,
                                  data=os.path.join(self.args.data_dir, case.data))
                    if case.cold:
                        server.ask("cold", **fields)
                    else:
                        server.ask("load", warmup=case.warmup, **fields)
            except (RuntimeError, OSError) as e:
                self.error("%s %s load" % (case.name, tool), e)
                in_process.remove(tool)

        argv = {"cplot render": [self.cplot, "render", case.spec, "-o",
                                 os.path.join(self.out, "%s.cplot.png" % case.name)]}
        if "gnuplot" in whole:
            argv["gnuplot"] = gnuplot_argv(self.args.data_dir, case,
                                           os.path.join(self.out, "%s.gnuplot.png" % case.name), self.meta)
        if case.time_v:
            argv = {tool: ["/usr/bin/time", "-v"] + a for tool, a in argv.items()}
        # An untimed first run of each whole-process tool (page cache, font
        # caches), except in the cases with few runs (each takes seconds, and
        # the in-process tools' reads have just cached the data file).
        for tool in list(whole):
            if case.runs:
                continue
            ms, rss, status, stderr = timed_process(argv[tool], cwd=self.args.data_dir)
            if status != 0:
                self.error("%s %s" % (case.name, tool), "exit %d: %s" % (status, stderr.strip()[-500:]))
                whole.remove(tool)

        tools = in_process + whole
        encode_samples = []
        for r in range(runs):
            # Rotate the order each round so no tool always runs first.
            order = tools[r % len(tools):] + tools[:r % len(tools)] if tools else []
            for tool in order:
                try:
                    if tool in in_process:
                        server = self.servers[tool]
                        if case.cold:
                            reply = server.ask("cold", spec=case.spec) if tool.startswith("cplot") \
                                else server.ask("cold", case=case.name)
                        else:
                            reply = server.ask("render", name=case.name) if tool.startswith("cplot") \
                                else server.ask("render", case=case.name)
                        result["in_process"][tool].append(reply["ms"])
                        result["png_bytes"][tool] = reply.get("png_bytes")
                        if "load_ms" in reply and "render_ms" in reply:
                            result.setdefault("split", {}).setdefault(tool, []).append(
                                {"load_ms": reply["load_ms"], "render_ms": reply["render_ms"]})
                        if tool == "cplot" and not case.cold:
                            # The encoder floor of the image just rendered,
                            # sampled every round like everything else.
                            encode_samples.append(server.ask("encode", name=case.name, reps=3)["encode_ms"])
                    else:
                        ms, rss, status, stderr = timed_process(argv[tool], cwd=self.args.data_dir)
                        if status != 0:
                            raise RuntimeError("exit %d: %s" % (status, stderr.strip()[-500:]))
                        if case.time_v:
                            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
                            rss = int(m.group(1)) if m else rss
                        result["whole"][tool].append(ms)
                        result["rss_kib"][tool].append(rss)
                except (RuntimeError, OSError) as e:
                    self.error("%s %s run %d" % (case.name, tool, r + 1), e)
        summary = ", ".join("%s %s" % (t, fmt_ms(median(v))) for t, v in
                            list(result["in_process"].items()) + list(result["whole"].items()))
        log("   medians: " + summary)
        if case.time_v and "cplot render" in whole and result["rss_kib"]["cplot render"]:
            self.results["memory"][case.name] = {
                tool: {"max_rss_mib": max(result["rss_kib"][tool]) / 1024.0,
                       "wall_ms": median(result["whole"][tool]),
                       "command": " ".join(shlex.quote(x) for x in argv[tool])}
                for tool in whole if result["rss_kib"][tool]}

        # Keep one image per in-process tool for a look (untimed).
        for tool in in_process:
            if tool.startswith("cplot") or not case.save:
                continue
            try:
                self.servers[tool].ask("save", case=case.name,
                                       path=os.path.join(self.out, "%s.%s.png" % (case.name, tool)))
            except RuntimeError as e:
                self.error("%s %s save" % (case.name, tool), e)

        # The encoder floor, then free the case's data in the driver.
        if "cplot" in in_process:
            server = self.servers["cplot"]
            try:
                if case.cold:
                    server.ask("load", name=case.name, spec=case.spec, warm=0)
                draw_reps = 1 if self.args.quick else 3 if case.heavy else 7
                floor = server.ask("floor", name=case.name, w=WIDTH, h=HEIGHT, draw=draw_reps, encode=5)
                encode_samples.append(floor["encode_ms"])
                floor["encode_samples"] = encode_samples
                floor["encode_ms"] = median(encode_samples)
                floor["render_median_ms"] = median(result["in_process"]["cplot"]) if not case.cold \
                    else floor["render_ms"]
                self.results["floor"][case.name] = floor
                if case.name != "corr30_kendall":
                    server.ask("unload", name=case.name)
            except RuntimeError as e:
                self.error("%s floor" % case.name, e)
        if SINGLE in in_process and not case.cold:
            try:
                self.servers[SINGLE].ask("unload", name=case.name)
            except RuntimeError as e:
                self.error("%s %s unload" % (case.name, SINGLE), e)

    def measure_kendall(self):
        """cplot's Kendall at the smaller size, against corr30_kendall's at
        the bigger: O(n log n) grows ~4.5x per 4x rows, O(n^2) 16x."""
        if "cplot" not in self.tools:
            return
        template = next((c for c in self.cases if c.name == "corr30_kendall"), None)
        big = self.results["cases"].get("corr30_kendall")
        if template is None or not big or not big["in_process"].get("cplot"):
            return
        server = self.servers["cplot"]
        sizes = sorted(self.meta["sizes"]["corr30_rows"])
        runs = 1 if self.args.quick else 3
        for rows in sizes[:-1]:
            name = "kendall_%d" % rows
            spec = write_spec(self.args.data_dir, template, data="corr30_%d.csv" % rows, name=name)
            try:
                server.ask("load", name=name, spec=spec, warm=0)
                times = [server.ask("render", name=name)["ms"] for _ in range(runs)]
                server.ask("unload", name=name)
                self.results["kendall"].append({"rows": rows, "ms": median(times), "runs": runs})
            except RuntimeError as e:
                self.error(name, e)
        self.results["kendall"].append({"rows": sizes[-1], "ms": median(big["in_process"]["cplot"]),
                                        "runs": len(big["in_process"]["cplot"])})
        try:
            server.ask("unload", name="corr30_kendall")
        except RuntimeError:
            pass
        log("== kendall scaling: " + ", ".join("%d rows %s" % (k["rows"], fmt_ms(k["ms"]))
                                               for k in self.results["kendall"]))

    def measure_gallery(self):
        """`cplot gallery` cold (no previous output) and rebuilt with nothing
        changed, on one core (--jobs 1 --threads 1) and on all of them (--jobs
        and --threads <all cores>), alternating. --threads keeps the one-core
        build to one thread: with --jobs 1 alone the command still splits
        each render's work (PNG segments, statistics) over every core."""
        if "cplot" not in self.tools or self.args.no_gallery:
            return
        specs = os.path.join(self.source, "specs")
        cores = os.cpu_count() or 1
        jobs_list = [1] + ([cores] if cores > 1 else [])
        runs = 1 if self.args.quick else 3
        res = self.results["gallery"] = {"specs": specs, "cores": cores,
                                         "cold": {j: [] for j in jobs_list},
                                         "rebuild": {j: [] for j in jobs_list},
                                         "cold_cpu": {j: [] for j in jobs_list},
                                         "spec_errors": None, "summary": None}
        res["command"] = "cplot gallery %s -o OUT --jobs N --threads N" % os.path.relpath(specs, ROOT)
        for r in range(runs):
            for jobs in (jobs_list if r % 2 == 0 else jobs_list[::-1]):
                out = os.path.join(self.args.data_dir, "gallery-%d" % jobs)
                shutil.rmtree(out, ignore_errors=True)
                argv = [self.cplot, "gallery", specs, "-o", out, "--jobs", str(jobs), "--threads", str(jobs)]
                for kind in ("cold", "rebuild"):
                    ms, rss, status, stderr = timed_process(argv, cpu=res["cold_cpu"][jobs] if kind == "cold" else None)
                    # Status 1: some spec had errors, the rest was built (and
                    # is timed); anything else is a failure.
                    last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
                    if status == 1:
                        res["spec_errors"] = last
                    elif status != 0:
                        self.error("gallery --jobs %d %s" % (jobs, kind),
                                   "exit %d: %s" % (status, stderr.strip()[-500:]))
                        break
                    if kind == "cold":
                        res["summary"] = last
                    res[kind][jobs].append(ms)
        # The sites are only timing artefacts (about 100 MB each): drop them.
        for jobs in jobs_list:
            shutil.rmtree(os.path.join(self.args.data_dir, "gallery-%d" % jobs), ignore_errors=True)
        log("== gallery: " + ", ".join("%s jobs=%d %s" % (k, j, fmt_ms(median(res[k][j])))
                                       for k in ("cold", "rebuild") for j in jobs_list))

    # ------------------------------------------------------------ versions

    def versions(self):
        v = {}
        for name, module in (("cairo", "cairo"), ("pango", "pango"), ("libdeflate", "libdeflate"), ("zlib", "zlib")):
            v[name] = run_text(["pkg-config", "--modversion", module]) or "?"
        v["cplot --version"] = run_text([self.cplot, "--version"])
        v["cplot build type"] = self.cache.get("CMAKE_BUILD_TYPE", "?") + (
            " with ASan+UBSan (**timings not meaningful**)" if self.sanitize else "")
        flags = self.cache.get("CMAKE_C_FLAGS", "")
        if flags:
            v["cplot extra CFLAGS"] = flags
        v["cc"] = run_text(["cc", "--version"]).splitlines()[0] if run_text(["cc", "--version"]) else "?"
        v["source"] = self.source_state
        try:
            built = datetime.datetime.fromtimestamp(os.path.getmtime(os.path.realpath(self.library)))
            v["libcplot.so built"] = built.strftime("%Y-%m-%d %H:%M")
        except OSError:
            pass
        if "gnuplot" in self.tools:
            v["gnuplot"] = run_text(["gnuplot", "--version"])
        for tool in ("seaborn", "matplotlib"):
            if tool in self.servers:
                try:
                    reply = self.servers[tool].ask("version")
                    reply.pop("ok", None)
                    v.update(reply)
                except RuntimeError:
                    pass
                break
        return v


def cpu_busy_seconds():
    """System-wide busy CPU time (all cores) from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
        # user nice system idle iowait irq softirq steal ...
        busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + (fields[7] if len(fields) > 7 else 0)
        return busy / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def own_cpu_seconds():
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def machine():
    model = re.search(r"Model name:\s*(.+)", run_text(["lscpu"]))
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kib = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
            mem = "%.1f GiB" % (kib / 1048576)
    except (OSError, AttributeError):
        pass
    osname = ""
    try:
        with open("/etc/os-release") as f:
            osname = re.search(r'PRETTY_NAME="?([^"\n]+)', f.read()).group(1)
    except (OSError, AttributeError):
        pass
    return {"cpu": model.group(1).strip() if model else platform.processor(),
            "cores": os.cpu_count(), "memory": mem, "os": osname, "kernel": platform.release()}


# ------------------------------------------------------------------ report

TARGETS_NOTE = """Targets (from the benchmark issue): every chart at least 10x faster than
matplotlib in process, 20x on the heavy ones (1M-value histogram, 100k and 1M
scatter, annotated correlogram); `cplot render` at most half of gnuplot's
whole-process time; per chart, render time at most 1.5x the encoder floor;
10M values from CSV to PNG under 1.5 s; 1M-point scatter under 1 s with peak
memory under 150 MB; Kendall in O(n log n); gallery cold build under 3 s and
1.7x faster on 2 cores than on 1; rebuild with nothing changed under 0.1 s."""


def over(x):
    return ("%.2fx" if x < 10 else "%.0fx") % x


def verdict(ok, detail):
    return ("met" if ok else "**missed**") + (" (%s)" % detail if detail else "")


def drawing_alone(floor):
    """Draw time minus plan time (statistics and layout): the drawing itself."""
    if floor.get("draw_ms") is None or floor.get("plan_ms") is None:
        return None
    return max(floor["draw_ms"] - floor["plan_ms"], 0.0)


def write_report(bench, path, command, elapsed):
    res = bench.results
    cases = res["cases"]
    lines = []
    w = lines.append
    w("# cplot benchmark results")
    w("")
    w("Generated by `bench/run.py` on %s in %.0f s%s. Do not edit by hand: rerun." %
      (datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), elapsed,
       " (**--quick**: fewer runs, smaller heavy cases; not for comparison)" if bench.args.quick else ""))
    w("")
    w("Command (from `%s`):" % os.getcwd())
    w("")
    w("```sh")
    w(command)
    w("```")
    w("")
    m = machine()
    w("## Machine and versions")
    w("")
    w("| | |")
    w("|---|---|")
    w("| CPU | %s |" % m["cpu"])
    w("| cores | %s |" % m["cores"])
    w("| memory | %s |" % m["memory"])
    before, after = bench.load
    w("| load average (1, 5, 15 min) | %.2f %.2f %.2f before, %.2f %.2f %.2f after%s |" % (
        before + after + (" (**the machine was busy: numbers are noisy**)"
                          if before[0] > 0.5 * (m["cores"] or 1) else "",)))
    other = bench.other_cpu
    if other is not None:
        w("| CPU used by other processes during the run | %.1f cores on average%s |" % (
            other, " (**busy machine: numbers are noisy**)" if other > 0.2 else ""))
    w("| OS | %s, Linux %s |" % (m["os"], m["kernel"]))
    for key, value in bench.version_info.items():
        w("| %s | %s |" % (key, value.replace("|", "\\|")))
    w("")
    w("Medians of the runs shown; tools alternate within each round (the order rotates")
    w("every round). In process: cplot is `cplot_chart_render` to a PNG in memory")
    w("(stats + layout + draw + encode) in `bench/cplot_bench.c`; matplotlib and")
    w("seaborn are figure + plot + `savefig` to an in-memory PNG, Agg, figsize (8, 6)")
    w("at dpi 100, after a warm-up draw of the same case, in `bench/mpl_bench.py`.")
    w("Reading the data is not timed in process, except in the CSV case. Whole")
    w("process: `cplot render SPEC -o OUT.png` (one thread per core, its default) and")
    w("`gnuplot SCRIPT` (pngcairo), wall time from fork to exit. Every tool reads the")
    w("same generated files (seed %s)." % bench.meta["seed"])
    w("Ratios are the other tool's median divided by cplot's: above 1, cplot is faster.")
    w("")

    # In-process comparison.
    w("## In process: cplot against matplotlib and seaborn")
    w("")
    w("Heavy: the cases the targets hold to 20x matplotlib instead of 10x.")
    w("")
    cores = m["cores"] or 1
    w("cplot runs as the `cplot` command does, with one thread per core (%d here:" % cores)
    w("`cplot_threads_set(0)`), and at the library's default of one thread; both")
    w("produce the same bytes. matplotlib and seaborn use one thread. The targets are")
    w("judged on the first, the %d-core figure; the 1-thread ratio is shown beside it." % cores)
    w("")
    w("| case | runs | cplot | cplot 1 thread | matplotlib | seaborn | vs matplotlib | 1 thread vs matplotlib | vs seaborn |")
    w("|---|---|---|---|---|---|---|---|---|")
    for name, c in cases.items():
        ip = c["in_process"]
        cp = median(ip.get("cplot", []))
        c1 = median(ip.get(SINGLE, []))
        mp = median(ip.get("matplotlib", []))
        sn = median(ip.get("seaborn", []))
        w("| %s%s | %d | %s | %s | %s | %s | %s | %s | %s |" % (
            c["title"], " (heavy)" if c["heavy"] else "", c["runs"], fmt_ms(cp), fmt_ms(c1), fmt_ms(mp),
            fmt_ms(sn), fmt_ratio(mp / cp) if cp and mp else "n/a", fmt_ratio(mp / c1) if c1 and mp else "n/a",
            fmt_ratio(sn / cp) if cp and sn else "n/a"))
    w("")
    w("The CSV case times reading the file too (cplot: `cplot_spec_load` +")
    w("`cplot_chart_render`; matplotlib/seaborn: `pandas.read_csv` + plot + savefig).")
    for name, c in cases.items():
        split = c.get("split", {}).get("cplot")
        if split:
            w("For %s, cplot's median time splits into reading the CSV %s and rendering %s." % (
                c["title"].lower(), fmt_ms(median([x["load_ms"] for x in split])),
                fmt_ms(median([x["render_ms"] for x in split]))))
    w("Correlograms compute the matrix inside the timed region for every tool")
    w("(`DataFrame.corr` for matplotlib and seaborn). Kendall in matplotlib/seaborn is")
    w("timed without a warm-up draw (one draw takes seconds).")
    w("")

    # Whole process.
    w("## Whole process: `cplot render` against gnuplot")
    w("")
    w("| case | cplot render | gnuplot | gnuplot / cplot | cplot max RSS | gnuplot max RSS |")
    w("|---|---|---|---|---|---|")
    for name, c in cases.items():
        wh = c["whole"]
        if not any(wh.values()):
            continue
        cp = median(wh.get("cplot render", []))
        gp = median(wh.get("gnuplot", []))
        rss_c = max(c["rss_kib"].get("cplot render", []) or [0]) / 1024
        rss_g = max(c["rss_kib"].get("gnuplot", []) or [0]) / 1024
        w("| %s | %s | %s | %s | %s | %s |" % (
            c["title"], fmt_ms(cp), fmt_ms(gp), fmt_ratio(gp / cp) if cp and gp else "n/a",
            "%.0f MiB" % rss_c if rss_c else "n/a", "%.0f MiB" % rss_g if rss_g else "n/a"))
    w("")
    w("gnuplot has no bin rules and cannot compute correlations: it is given numpy's")
    w("`auto` bin count and range, and the 10x10 matrix precomputed (`bench/data/generate.py`).")
    w("")

    # Floor.
    w("## Encoder floor")
    w("")
    w("The floor is the time to encode the chart's final 800x600 image alone, the way")
    w("the library does it: after each round's render `bench/cplot_bench.c` decodes that")
    w("PNG into a cairo RGB24 image and encodes it again (3 times; the floor is the median")
    w("over rounds) with the library's own encoder as the render calls it (from the static")
    w("library, on a copy of the image made untimed: filter UP and the library's own run-length deflate, RGB,")
    w("rows built in the image's memory), checking that the bytes")
    w("equal `cplot_chart_render`'s (\"same bytes\"). Render")
    w("is the median `cplot_chart_render` from the table above (the CSV case: the")
    w("render alone, without reading); draw is `cplot_chart_draw` (stats + layout +")
    w("drawing, no encoding) on an RGB24 surface, and plan is `cplot_chart_check`")
    w("(stats + layout, no drawing), neither timed when one render takes over 2 s.")
    w("Drawing alone is draw minus plan: what the target's \"drawing must cost less")
    w("than encoding\" is about (see Targets).")
    w("")
    w("| case | render | draw | plan | drawing alone | encode (floor) | render / floor | drawing alone / floor | PNG bytes | same bytes |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    for name, f in res["floor"].items():
        render = f.get("render_median_ms") or f["render_ms"]
        drawing = drawing_alone(f)
        w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            cases[name]["title"], fmt_ms(render), fmt_ms(f["draw_ms"]), fmt_ms(f.get("plan_ms")),
            fmt_ms(drawing), fmt_ms(f["encode_ms"]), fmt_ratio(render / f["encode_ms"]),
            fmt_ratio(drawing / f["encode_ms"]) if drawing is not None else "n/a",
            "{:,}".format(f["png_bytes"]), "yes" if f["identical"] else "**no**"))
    w("")

    # Kendall.
    if len(res["kendall"]) >= 2:
        w("## Kendall scaling (cplot in process, 30 columns, 435 pairs)")
        w("")
        w("| rows | runs | cplot | growth | O(n log n) predicts | O(n^2) predicts |")
        w("|---|---|---|---|---|---|")
        first = res["kendall"][0]
        for k in res["kendall"]:
            n0, n = first["rows"], k["rows"]
            w("| {:,} | {} | {} | {} | {} | {} |".format(
                n, k["runs"], fmt_ms(k["ms"]), fmt_ratio(k["ms"] / first["ms"]) if first["ms"] else "n/a",
                fmt_ratio(n * math.log(n) / (n0 * math.log(n0))), fmt_ratio((n / n0) ** 2)))
        w("")

    # Memory.
    if res["memory"]:
        w("## Peak memory (whole processes under `/usr/bin/time -v`)")
        w("")
        w("| case | process | wall (median) | max RSS (largest) |")
        w("|---|---|---|---|")
        for name, d in res["memory"].items():
            for label, v in d.items():
                w("| %s | %s | %s | %.0f MiB |" % (cases[name]["title"], label, fmt_ms(v["wall_ms"]),
                                                  v["max_rss_mib"]))
        w("")

    # Gallery.
    g = res["gallery"]
    if g:
        w("## Gallery build")
        w("")
        w("`%s`, %d cores; cold = output folder removed first; rebuild = the same" % (g["command"], g["cores"]))
        w("command again with nothing changed. CPU = user + system time of the cold build;")
        w("CPU / wall above 1 means the jobs ran in parallel.")
        w("")
        w("| jobs and threads (cores used) | cold | cold CPU | CPU / wall | rebuild |")
        w("|---|---|---|---|---|")
        for j in g["cold"]:
            cold, cpu = median(g["cold"][j]), median(g["cold_cpu"][j])
            w("| %d | %s | %s | %s | %s |" % (j, fmt_ms(cold), fmt_ms(cpu),
                                             "%.2f" % (cpu / cold) if cold and cpu else "n/a",
                                             fmt_ms(median(g["rebuild"][j]))))
        w("")
        if g.get("summary"):
            w("Last cold build's summary: `%s`." % g["summary"].replace("`", "'"))
        if g.get("spec_errors"):
            w("The specs folder had errors (exit status 1; the rest was built and is timed, and")
            w("failed examples are retried by every rebuild): `%s`." % g["spec_errors"].replace("`", "'"))
        w("")

    # Targets.
    w("## Targets")
    w("")
    w(TARGETS_NOTE.replace("\n", " "))
    w("")
    w("Why each missed target is missed, and what would close it: `bench/MISSES.md` (by hand).")
    w("")
    w("| target | measured | verdict |")
    w("|---|---|---|")
    for name, c in cases.items():
        cp = median(c["in_process"].get("cplot", []))
        mp = median(c["in_process"].get("matplotlib", []))
        if cp and mp:
            need = 20 if c["heavy"] else 10
            got = mp / cp
            w("| %s: >= %dx matplotlib | %s | %s |" % (c["title"], need, fmt_ratio(got),
                                                        verdict(got >= need, None if got >= need else
                                                                "needs %s less time" % over(need / got))))
    for name, c in cases.items():
        cp = median(c["whole"].get("cplot render", []))
        gp = median(c["whole"].get("gnuplot", []))
        if cp and gp:
            w("| %s: `cplot render` <= 0.5x gnuplot | %.2fx | %s |" % (
                c["title"], cp / gp, verdict(cp <= gp / 2, None if cp <= gp / 2 else
                                             "%s over" % over(cp / (gp / 2)))))
    for name, f in res["floor"].items():
        ratio = (f.get("render_median_ms") or f["render_ms"]) / f["encode_ms"]
        drawing = drawing_alone(f)
        detail = "" if drawing is None else "; drawing alone %s of the floor (%s)" % (
            fmt_ratio(drawing / f["encode_ms"]),
            "less than encoding" if drawing < f["encode_ms"] else "more than encoding")
        w("| %s: render <= 1.5x floor | %s%s | %s |" % (cases[name]["title"], fmt_ratio(ratio), detail,
                                                        verdict(ratio <= 1.5, None if ratio <= 1.5 else
                                                                "%s over" % over(ratio / 1.5))))
    c = cases.get("hist_10m_csv")
    if c and c["whole"].get("cplot render"):
        t = median(c["whole"]["cplot render"])
        w("| %s: `cplot render` < 1.5 s | %s | %s |" % (c["title"], fmt_ms(t),
                                                          verdict(t < 1500, None if t < 1500 else "%s over" % over(t / 1500))))
    c = cases.get("scatter_1m")
    if c and c["in_process"].get("cplot"):
        t = median(c["in_process"]["cplot"])
        w("| %s: < 1 s in process | %s | %s |" % (c["title"], fmt_ms(t),
                                                   verdict(t < 1000, None if t < 1000 else "%s over" % over(t / 1000))))
    if c and c["whole"].get("cplot render"):
        t = median(c["whole"]["cplot render"])
        w("| %s: < 1 s `cplot render` | %s | %s |" % (c["title"], fmt_ms(t),
                                                       verdict(t < 1000, None if t < 1000 else "%s over" % over(t / 1000))))
    mem = res["memory"].get("scatter_1m", {}).get("cplot render")
    if mem:
        mib = mem["max_rss_mib"]
        w("| %s: peak memory < 150 MB | %.0f MB | %s |" % (
            cases["scatter_1m"]["title"], mib * 1.048576,
            verdict(mib * 1.048576 < 150, None if mib * 1.048576 < 150 else "%s over" % over(mib * 1.048576 / 150))))
    if len(res["kendall"]) >= 2 and res["kendall"][0]["ms"]:
        a, b = res["kendall"][0], res["kendall"][-1]
        growth = b["ms"] / a["ms"]
        nlogn = b["rows"] * math.log(b["rows"]) / (a["rows"] * math.log(a["rows"]))
        square = (b["rows"] / a["rows"]) ** 2
        ok = growth < math.sqrt(nlogn * square)
        w("| Kendall O(n log n): %dx rows | %s slower (n log n: %s, n^2: %s) | %s |" % (
            b["rows"] // a["rows"], fmt_ratio(growth), fmt_ratio(nlogn), fmt_ratio(square),
            verdict(ok, "closer to n log n" if ok else "closer to n^2")))
    if g and g["cold"].get(1):
        cold1 = median(g["cold"][1])
        coldn = median(g["cold"].get(g["cores"], [])) if g["cores"] > 1 else None
        best = min(x for x in (cold1, coldn) if x)
        w("| gallery cold build < 3 s | %s | %s |" % (fmt_ms(best), verdict(best < 3000, None if best < 3000 else "%s over" % over(best / 3000))))
        if coldn:
            speedup = cold1 / coldn
            w("| gallery: %d cores >= 1.7x faster than 1 | %s | %s |" % (
                g["cores"], fmt_ratio(speedup), verdict(speedup >= 1.7, None if speedup >= 1.7 else "%s short" % over(1.7 / speedup))))
        reb = min(median(v) for v in g["rebuild"].values() if v) if any(g["rebuild"].values()) else None
        if reb:
            w("| gallery rebuild, nothing changed, < 0.1 s | %s | %s |" % (
                fmt_ms(reb), verdict(reb < 100, None if reb < 100 else "%s over" % over(reb / 100))))
    w("")
    if res["errors"]:
        w("## Errors")
        w("")
        for e in res["errors"]:
            w("- `%s`" % e.replace("`", "'").replace("\n", " "))
        w("")
    w("Raw numbers: `%s`." % os.path.relpath(os.path.join(bench.args.data_dir, "results.json"), ROOT))
    w("")
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(lines))
    os.replace(path + ".tmp", path)
    with open(os.path.join(bench.args.data_dir, "results.json"), "w") as f:
        json.dump(res, f, indent=1)


# ----------------------------------------------------------------- profile

def profile(bench, path):
    """callgrind on the in-process driver: inclusive cost of cplot_chart_render
    (and of cplot_spec_load for the CSV case: reading is what it measures)."""
    out_dir = os.path.join(bench.args.data_dir, "profile")
    os.makedirs(out_dir, exist_ok=True)
    names = bench.args.profile_cases.split(",")
    lines = ["# cplot profiles (callgrind)", "",
             "Generated by `%s`." % bench.command, "",
             "`valgrind --tool=callgrind --toggle-collect=cplot_chart_render` on",
             "`bench/cplot_bench once SPEC OUT.png` (the Release build), so only the render",
             "(stats, layout, drawing, PNG encoding) is counted, not reading the data; for the",
             "CSV case `--toggle-collect=cplot_spec_load` too. Costs are instructions (Ir) as a",
             "share of everything collected; inclusive = the function and all it calls. Debian's",
             "libcairo and libpixman are stripped, so their internal functions show as addresses",
             "(read them through the named entry points: cairo_stroke, cairo_fill_preserve, ...).",
             "Full listings: `%s`." % os.path.relpath(out_dir, ROOT), ""]
    for name in names:
        case = next((c for c in bench.cases if c.name == name), None)
        if case is None:
            bench.error("profile", "no case %s" % name)
            continue
        data_out = os.path.join(out_dir, "callgrind.%s.out" % name)
        toggles = ["--toggle-collect=cplot_chart_render"]
        if case.cold:
            toggles.append("--toggle-collect=cplot_spec_load")
        argv = ["valgrind", "--tool=callgrind"] + toggles + [
            "--callgrind-out-file=" + data_out, bench.driver, "once", case.spec,
            os.path.join(bench.out, name + ".profile.png")]
        log("$", " ".join(argv))
        t0 = time.perf_counter()
        p = subprocess.run(argv, capture_output=True, text=True, cwd=bench.args.data_dir)
        if p.returncode != 0:
            bench.error("profile " + name, p.stderr[-500:])
            continue
        inclusive = run_text(["callgrind_annotate", "--inclusive=yes", "--threshold=100", data_out])
        exclusive = run_text(["callgrind_annotate", "--inclusive=no", "--threshold=100", data_out])
        for kind, text in (("inclusive", inclusive), ("exclusive", exclusive)):
            with open(os.path.join(out_dir, "%s.%s.txt" % (name, kind)), "w") as f:
                f.write(text)
        total, rows = parse_annotate(inclusive)
        _, self_rows = parse_annotate(exclusive)
        log("   %s: %.0f s under valgrind, %s instructions" % (name, time.perf_counter() - t0,
                                                             "{:,}".format(total)))
        lines += ["## %s: %s" % (name, case.title), "",
                  "%s instructions collected." % "{:,}".format(total), "",
                  "| inclusive | function |", "|---|---|"]
        for ir, fn in rows[:bench.args.profile_top]:
            lines.append("| %.1f%% | `%s` |" % (100.0 * ir / total, fn))
        lines += ["", "| self | function |", "|---|---|"]
        for ir, fn in self_rows[:12]:
            lines.append("| %.1f%% | `%s` |" % (100.0 * ir / total, fn))
        lines.append("")
    with open(path, "w") as f:
        f.write("\n".join(lines))
    log("wrote", path)


# Frames at or above the collected entry points (100% by construction).
PROFILE_SKIP = re.compile(r"^(main|once|\(below main\)|__libc_start_main.*|_start|0x[0-9a-f]+ \(ld-linux.*"
                          r"|cplot_chart_write|cplot_chart_render)( \(.*\))?$")


def parse_annotate(text):
    """(total Ir, [(Ir, "function (object)")]) from callgrind_annotate,
    without the frames above the entry points and without cycle entries
    (recursive functions show as name'2 with inflated inclusive cost)."""
    total = 0
    m = re.search(r"^\s*([\d,]+)\s+.*PROGRAM TOTALS", text, re.M)
    if m:
        total = int(m.group(1).replace(",", ""))
    rows = []
    for line in text.splitlines():
        m = re.match(r"^\s*([\d,]+)\s+(?:\([\s\d.]+%\)\s+)?(\S.*?)\s*$", line)
        if not m or "PROGRAM TOTALS" in line or ":" not in m.group(2):
            continue
        ir = int(m.group(1).replace(",", ""))
        _, _, rest = m.group(2).partition(":")
        obj = re.search(r"\[(.*)\]\s*$", rest)
        func = re.sub(r"\s*\[.*\]\s*$", "", rest)
        if "'" in func:
            continue
        label = "%s (%s)" % (func, os.path.basename(obj.group(1))) if obj else func
        if PROFILE_SKIP.match(label) or PROFILE_SKIP.match(func):
            continue
        rows.append((ir, label))
    return total, rows


# -------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller heavy cases (smoke test)")
    parser.add_argument("--tools", default=",".join(ALL_TOOLS),
                        help="comma-separated subset of %s (default: all)" % ",".join(ALL_TOOLS))
    parser.add_argument("--cases", help="comma-separated case names (default: all)")
    parser.add_argument("--runs", type=int, help="runs per case and tool (default: 7, 5 heavy, 3 heaviest)")
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build"),
                        help="cplot build tree (default: build/; built with the issue's Release "
                             "commands when it holds no cplot)")
    parser.add_argument("--rebuild", action="store_true", help="configure (Release) and build the tree first")
    parser.add_argument("--cmake-arg", action="append", default=[],
                        help="extra argument for the cmake configure step (repeatable)")
    parser.add_argument("--data-dir", help="generated data and outputs (default: bench/.data/full or quick)")
    parser.add_argument("--output", help="the report (default: bench/RESULTS.md; with --quick, DATA-DIR/RESULTS.md)")
    parser.add_argument("--no-gallery", action="store_true", help="skip the gallery build timings")
    parser.add_argument("--profile", action="store_true", help="write callgrind profiles to bench/PROFILE.md instead")
    parser.add_argument("--profile-cases", default="scatter_100k,hist_1m,corr_annot,hist_kde,scatter_1k",
                        help="cases to profile (default: %(default)s)")
    parser.add_argument("--profile-top", type=int, default=25)
    args = parser.parse_args()
    args.tools = [t for t in args.tools.split(",") if t]
    unknown = set(args.tools) - set(ALL_TOOLS)
    if unknown:
        parser.error("unknown tools: %s" % ", ".join(sorted(unknown)))
    if "cplot" in args.tools and (os.cpu_count() or 1) > 1:
        args.tools.append(SINGLE)
    args.build_dir = os.path.abspath(args.build_dir)
    args.data_dir = os.path.abspath(args.data_dir or os.path.join(BENCH, ".data", "quick" if args.quick else "full"))
    output = args.output or (os.path.join(args.data_dir, "RESULTS.md") if args.quick else os.path.join(BENCH, "RESULTS.md"))
    if args.profile and not args.output:
        output = None
    command = " ".join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0]) if not os.path.isabs(sys.argv[0])
                                                 else sys.argv[0]] + sys.argv[1:])

    started = time.perf_counter()
    load_before = os.getloadavg()
    bench = Bench(args)
    bench.command = command
    bench.setup()
    if args.profile:
        profile(bench, args.output or os.path.join(BENCH, "PROFILE.md"))
        return 1 if bench.results["errors"] else 0
    busy0, own0, wall0 = cpu_busy_seconds(), own_cpu_seconds(), time.perf_counter()
    bench.start_servers()
    try:
        for case in bench.cases:
            bench.measure_case(case)
        bench.measure_kendall()
        bench.measure_gallery()
        bench.version_info = bench.versions()
    finally:
        bench.stop_servers()
    busy1, own1, wall1 = cpu_busy_seconds(), own_cpu_seconds(), time.perf_counter()
    # Everything this script and its children used is ours; the rest ran
    # beside the benchmark and competed with it.
    bench.other_cpu = max(0.0, (busy1 - busy0) - (own1 - own0)) / (wall1 - wall0) \
        if busy0 is not None and busy1 is not None else None
    bench.load = (load_before, os.getloadavg())
    write_report(bench, output, command, time.perf_counter() - started)
    log("wrote %s (%.0f s)" % (output, time.perf_counter() - started))
    if bench.results["errors"]:
        log("%d errors (listed in the report)" % len(bench.results["errors"]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
