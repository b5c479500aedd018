#!/usr/bin/python3
"""Charts computed by cplot agree with numpy, scipy and pandas, end to end:
data written to CSV, a spec rendered through `cplot inspect`, and the
numbers it reports compared with the reference tools on the same data.

Usage: test_chart_oracle.py CPLOT
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import pandas as pd
from scipy import stats

CPLOT = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "cplot"
RNG = np.random.default_rng(20261125)


def data_sets():
    """Awkward data: ties, outliers, tiny and huge magnitudes, missing values."""
    n = 500
    normal = RNG.normal(50, 10, n)
    with_nan = normal.copy()
    with_nan[::17] = np.nan
    return {
        "normal": normal,
        "ties": RNG.integers(0, 12, n).astype(float),
        "outliers": np.concatenate([RNG.normal(0, 1, n - 3), [40.0, -35.0, 80.0]]),
        "tiny": RNG.normal(0, 1, n) * 1e-9,
        "huge": RNG.lognormal(27, 1, n),
        "missing": with_nan,
        "small": np.array([1, 2, 2, 3, 3, 3, 4, 4, 5, 10], dtype=float),
    }


class ChartOracle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="cplot-oracle-")

    def inspect(self, frame, spec):
        path = os.path.join(self.tmp, "data.csv")
        frame.to_csv(path, index=False, float_format="%.17g")
        spec = {**spec, "data": {"url": "data.csv"}}
        spec_path = os.path.join(self.tmp, "spec.json")
        with open(spec_path, "w") as f:
            json.dump(spec, f)
        r = subprocess.run([CPLOT, "inspect", spec_path], capture_output=True, cwd=self.tmp,
                           timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return json.loads(r.stdout)

    def test_histogram_bins_equal_numpy(self):
        for name, x in data_sets().items():
            finite = x[np.isfinite(x)]
            for rule in ("auto", "fd", "doane", "scott", "stone", "rice", "sturges", "sqrt", 7):
                with self.subTest(data=name, bins=rule):
                    out = self.inspect(pd.DataFrame({"x": x}), {"chart": "histogram", "x": "x", "bins": rule})
                    layer = out["layers"][0]
                    counts, edges = np.histogram(finite, bins=rule)
                    self.assertEqual(len(layer["edges"]), len(edges))
                    np.testing.assert_array_equal(np.array(layer["edges"]), edges)
                    np.testing.assert_array_equal(np.array(layer["counts"]), counts)
                    self.assertEqual(out["layers"][-1]["non_finite"], int(np.sum(~np.isfinite(x))))

    def test_histogram_stats_equal_seaborn_definitions(self):
        x = data_sets()["normal"]
        counts, edges = np.histogram(x, bins="auto")
        widths = np.diff(edges)
        expected = {
            "count": counts,
            "frequency": counts / widths,
            "probability": counts / counts.sum(),
            "percent": counts / counts.sum() * 100,
            "density": np.histogram(x, bins="auto", density=True)[0],
        }
        for stat, values in expected.items():
            with self.subTest(stat=stat):
                out = self.inspect(pd.DataFrame({"x": x}), {"chart": "histogram", "x": "x", "stat": stat})
                np.testing.assert_allclose(out["layers"][0]["values"], values, rtol=1e-12)
        out = self.inspect(pd.DataFrame({"x": x}),
                           {"chart": "histogram", "x": "x", "stat": "probability", "cumulative": True})
        np.testing.assert_allclose(out["layers"][0]["values"], np.cumsum(counts) / counts.sum(), rtol=1e-12)

    def test_histogram_groups_common_norm(self):
        x = data_sets()["normal"]
        groups = np.where(np.arange(len(x)) % 3 == 0, "a", "b")
        frame = pd.DataFrame({"x": x, "g": groups})
        for common_norm in (True, False):
            out = self.inspect(frame, {"chart": "histogram", "x": "x", "hue": "g", "stat": "density",
                                       "common_norm": common_norm})
            _, edges = np.histogram(x, bins="auto")
            for layer in out["layers"][:-1]:
                part = x[groups == layer["group"]]
                counts, _ = np.histogram(part, bins=edges)
                density = counts / counts.sum() / np.diff(edges)
                if common_norm:
                    density *= len(part) / len(x)
                np.testing.assert_array_equal(np.array(layer["edges"]), edges)
                np.testing.assert_allclose(layer["values"], density, rtol=1e-12)

    def test_density_equals_scipy(self):
        for name in ("normal", "outliers", "ties", "small", "missing"):
            x = data_sets()[name]
            finite = x[np.isfinite(x)]
            for bw_method, bw_adjust in (("scott", 1), ("silverman", 1), (0.3, 1), ("scott", 0.5)):
                with self.subTest(data=name, bw=bw_method, adjust=bw_adjust):
                    out = self.inspect(pd.DataFrame({"x": x}),
                                       {"chart": "density", "x": "x", "bw_method": bw_method,
                                        "bw_adjust": bw_adjust})
                    layer = out["layers"][0]
                    kde = stats.gaussian_kde(finite, bw_method=bw_method)
                    kde.set_bandwidth(kde.factor * bw_adjust)
                    bw = np.sqrt(kde.covariance.squeeze())
                    grid = np.linspace(finite.min() - 3 * bw, finite.max() + 3 * bw, 200)
                    np.testing.assert_allclose(layer["grid"], grid, rtol=1e-12, atol=1e-12 * np.ptp(grid))
                    np.testing.assert_allclose(layer["density"], kde(grid), rtol=1e-9, atol=1e-300)

    def test_reference_kde_vector(self):
        x = data_sets()["small"]
        out = self.inspect(pd.DataFrame({"x": x}), {"chart": "density", "x": "x"})
        self.assertAlmostEqual(out["layers"][0]["factor"], 0.630957, places=6)
        self.assertAlmostEqual(out["layers"][0]["bandwidth"], 1.575289, places=6)

    def test_bar_estimates_and_intervals(self):
        n = 300
        frame = pd.DataFrame({
            "group": RNG.choice(["north", "south", "east", "west"], n),
            "value": RNG.normal(10, 3, n),
        })
        frame.loc[::13, "value"] = np.nan
        for errorbar in ("sd", "se", "ci"):
            out = self.inspect(frame, {"chart": "bar", "x": "group", "y": "value", "errorbar": errorbar})
            layer = out["layers"][0]
            for i, name in enumerate(layer["categories"]):
                v = frame.loc[frame.group == name, "value"].dropna().to_numpy()
                mean, sd = v.mean(), v.std(ddof=1)
                half = {"sd": sd, "se": sd / np.sqrt(len(v)),
                        "ci": stats.t.ppf(0.975, len(v) - 1) * sd / np.sqrt(len(v))}[errorbar]
                self.assertEqual(layer["n"][i], len(v))
                self.assertAlmostEqual(layer["values"][i], mean, delta=1e-12 * abs(mean))
                # scipy's t.ppf is good to about 1e-9 relative (cdflib).
                self.assertAlmostEqual(layer["error_low"][i], mean - half, delta=1e-8 * abs(mean))
                self.assertAlmostEqual(layer["error_high"][i], mean + half, delta=1e-8 * abs(mean))
        for estimator, reference in (("median", np.median), ("sum", np.sum)):
            out = self.inspect(frame, {"chart": "bar", "x": "group", "y": "value", "estimator": estimator})
            layer = out["layers"][0]
            for i, name in enumerate(layer["categories"]):
                v = frame.loc[frame.group == name, "value"].dropna().to_numpy()
                self.assertAlmostEqual(layer["values"][i], reference(v), delta=1e-9 * abs(reference(v)))
        out = self.inspect(frame, {"chart": "bar", "x": "group", "order": "descending"})
        counts = frame.group.value_counts()
        self.assertEqual(out["layers"][0]["values"], sorted(counts.tolist(), reverse=True))

    def test_correlogram_equals_pandas(self):
        n = 400
        base = RNG.normal(0, 1, n)
        frame = pd.DataFrame({
            "a": base + RNG.normal(0, 0.5, n),
            "b": -base + RNG.normal(0, 1, n),
            "c": RNG.integers(0, 5, n).astype(float),     # many ties
            "d": np.exp(base) * 1e12,                     # huge, monotonic in base
            "e": RNG.normal(0, 1, n) * 1e-9,              # tiny
        })
        frame.loc[::7, "a"] = np.nan
        frame.loc[3::11, "b"] = np.nan
        for method in ("pearson", "spearman", "kendall"):
            for min_periods in (1, 360):
                with self.subTest(method=method, min_periods=min_periods):
                    out = self.inspect(frame, {"chart": "correlogram", "method": method,
                                               "min_periods": min_periods})
                    layer = out["layers"][0]
                    self.assertEqual(layer["columns"], list(frame.columns))
                    expected = frame.corr(method=method, min_periods=min_periods).to_numpy()
                    got = np.array([[np.nan if v is None else v for v in row] for row in layer["matrix"]])
                    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12, equal_nan=True)

    def test_reference_correlation_vectors(self):
        nan = np.nan
        frame = pd.DataFrame({"a": [1, 2, 3, 4, 5, nan, 7], "b": [2, 1, 4, 3, 7, 8, nan],
                              "c": [1, 1, 2, 2, 3, 3, 3]})
        expected = {"pearson": (0.824163, 0.931589, 0.962828), "spearman": (0.8, 0.956183, 0.956183),
                    "kendall": (0.6, 0.894427, 0.894427)}
        for method, (ab, ac, bc) in expected.items():
            out = self.inspect(frame, {"chart": "correlogram", "method": method})
            m = out["layers"][0]["matrix"]
            self.assertAlmostEqual(m[0][1], ab, places=6)
            self.assertAlmostEqual(m[0][2], ac, places=6)
            self.assertAlmostEqual(m[1][2], bc, places=6)

    def test_correlogram_hclust_order_equals_scipy(self):
        # Without ties R's hclust and scipy's complete linkage give the same
        # leaf order (stats-private.h explains the tie rule).
        from scipy.cluster import hierarchy
        from scipy.spatial.distance import squareform
        n = 200
        latent = RNG.normal(0, 1, (n, 3))
        frame = pd.DataFrame({f"v{i}": latent[:, i % 3] + RNG.normal(0, 0.3 + 0.1 * i, n) for i in range(8)})
        out = self.inspect(frame, {"chart": "correlogram", "order": "hclust"})
        r = frame.corr().to_numpy()
        leaves = hierarchy.leaves_list(hierarchy.linkage(squareform(1 - r, checks=False), "complete"))
        self.assertEqual(out["layers"][0]["columns"], [frame.columns[i] for i in leaves])

    def test_regression_equals_numpy_polyfit(self):
        n = 300
        x = RNG.normal(5, 2, n)
        y = 3.5 - 1.25 * x + RNG.normal(0, 1, n)
        y[::9] = np.nan
        groups = np.where(np.arange(n) % 2 == 0, "even", "odd")
        out = self.inspect(pd.DataFrame({"x": x, "y": y, "g": groups}),
                           {"chart": "scatter", "x": "x", "y": "y", "hue": "g", "regression": True})
        lines = [layer for layer in out["layers"] if layer["mark"] == "regression"]
        self.assertEqual([line["group"] for line in lines], ["even", "odd"])
        for line in lines:
            keep = (groups == line["group"]) & np.isfinite(y)
            slope, intercept = np.polyfit(x[keep], y[keep], 1)
            self.assertEqual(line["n"], int(keep.sum()))
            self.assertAlmostEqual(line["slope"], slope, delta=1e-10 * abs(slope))
            self.assertAlmostEqual(line["intercept"], intercept, delta=1e-10 * abs(intercept))

    def test_hexbin_equals_matplotlib(self):
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        n = 5000
        x = RNG.normal(0, 1, n)
        y = 0.5 * x + RNG.normal(0, 1, n) * 3
        for gridsize in (10, 30):
            out = self.inspect(pd.DataFrame({"x": x, "y": y}), {"chart": "hexbin", "x": "x", "y": "y",
                                                                "gridsize": gridsize})
            layer = out["layers"][0]
            fig, ax = plt.subplots()
            collection = ax.hexbin(x, y, gridsize=gridsize, mincnt=1)
            plt.close(fig)
            expected = sorted((round(cx, 9), round(cy, 9), int(c)) for (cx, cy), c in
                              zip(collection.get_offsets(), collection.get_array()))
            got = sorted((round(cx, 9), round(cy, 9), int(c)) for (cx, cy), c in
                         zip(layer["centers"], layer["counts"]))
            self.assertEqual(got, expected)
            self.assertEqual(layer["total"], n)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
