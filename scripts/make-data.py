#!/usr/bin/python3
"""Writes the data files of the gallery's example specs (specs/data/).

    scripts/make-data.py                      # the synthetic sets, seeded
    scripts/make-data.py --vega-datasets DIR  # and the real sets, converted

Synthetic sets are drawn from numpy's default generator with a fixed seed
per file, so every run writes the same bytes; each one exists to make one
teaching point (bin size, overplotting, error bars) where real data would
blur it. Real sets are converted from the npm package vega-datasets 3.2.1
(`npm pack vega-datasets@3.2.1 && tar xzf vega-datasets-3.2.1.tgz`, then
pass the unpacked `package` folder); specs/data/README.md names the source
and licence of each. penguins.csv was converted earlier and is not rewritten.

Needs numpy and pandas (Debian: python3-numpy, python3-pandas).
"""
import argparse
import json
import os

import numpy as np
import pandas as pd

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "specs", "data")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def write(frame, name, float_format=None):
    path = os.path.join(DATA, name)
    frame.to_csv(path, index=False, float_format=float_format, lineterminator="\n")
    print(f"{name}: {len(frame)} rows, {os.path.getsize(path)} bytes")


# ---------------------------------------------------------------- synthetic


def bimodal():
    """Two overlapping groups, 800 values: one hump with 4 bins, two with
    about 20, noise with 150 (the bin-size caveat)."""
    rng = np.random.default_rng(20240501)
    a = rng.normal(42.0, 4.2, 440)
    b = rng.normal(58.0, 4.2, 360)
    values = np.concatenate([a, b])
    rng.shuffle(values)
    write(pd.DataFrame({"value": np.round(values, 2)}), "bimodal.csv")


def shapes():
    """500 values of each of five textbook shapes, on comparable scales."""
    rng = np.random.default_rng(20240502)
    n = 500
    frames = {
        "normal": rng.normal(50, 10, n),
        "right-skewed": 30 + rng.lognormal(2.6, 0.6, n),
        "bimodal": np.concatenate([rng.normal(38, 6, n // 2), rng.normal(64, 6, n - n // 2)]),
        "uniform": rng.uniform(20, 80, n),
        "heavy-tailed": 50 + 6 * rng.standard_t(2.5, n),
    }
    rows = [(shape, round(float(v), 2)) for shape, values in frames.items() for v in values]
    write(pd.DataFrame(rows, columns=["shape", "value"]), "shapes.csv")


def overplotting():
    """100,000 points: a broad correlated cloud that hides a small dense
    cluster and a faint diagonal band; opaque markers show one blob."""
    rng = np.random.default_rng(20240503)
    n = 100_000
    n_core, n_band = 9_000, 6_000
    n_cloud = n - n_core - n_band
    cloud = rng.multivariate_normal([0, 0], [[1.0, 0.6], [0.6, 1.0]], n_cloud)
    core = rng.multivariate_normal([1.1, -0.4], [[0.03, 0.0], [0.0, 0.03]], n_core)
    t = rng.uniform(-1.7, 1.7, n_band)
    band = np.column_stack([t, -0.8 * t + rng.normal(0, 0.08, n_band)])
    points = np.vstack([cloud, core, band])
    rng.shuffle(points)
    frame = pd.DataFrame({"x": np.round(points[:, 0], 3), "y": np.round(points[:, 1], 3)})
    write(frame, "overplotting.csv")


def experiment():
    """Six measurements per group: small samples, where sd, se and a 95%
    interval differ the most (the error-bar caveat)."""
    rng = np.random.default_rng(20240504)
    means = {"placebo": 412, "low dose": 398, "medium dose": 371, "high dose": 352}
    rows = []
    for group, mean in means.items():
        for value in rng.normal(mean, 38, 6):
            rows.append((group, round(float(value), 1)))
    write(pd.DataFrame(rows, columns=["group", "reaction_ms"]), "experiment.csv")


# --------------------------------------------------------------------- real


def seattle(src):
    frame = pd.read_csv(os.path.join(src, "seattle-weather.csv"))
    date = pd.to_datetime(frame["date"])
    frame.insert(1, "year", date.dt.year)
    frame.insert(2, "month", [MONTHS[m - 1] for m in date.dt.month])
    # The rain of wet days only: empty (missing) on dry days.
    frame.insert(4, "rain_mm", frame["precipitation"].where(frame["precipitation"] > 0))
    write(frame, "seattle-weather.csv")


def two_cities(src):
    frame = pd.read_csv(os.path.join(src, "weather.csv"))
    date = pd.to_datetime(frame["date"])
    frame.insert(2, "month", [MONTHS[m - 1] for m in date.dt.month])
    write(frame, "weather-two-cities.csv")


def gapminder(src):
    with open(os.path.join(src, "gapminder.json"), encoding="utf-8") as f:
        frame = pd.DataFrame(json.load(f))
    regions = ["South Asia", "Europe & Central Asia", "Sub-Saharan Africa", "America",
               "East Asia & Pacific", "Middle East & North Africa"]
    frame["region"] = [regions[c] for c in frame["cluster"]]
    frame = frame[["year", "country", "region", "pop", "life_expect", "fertility"]]
    write(frame, "gapminder.csv")


def health_income(src):
    frame = pd.read_csv(os.path.join(src, "gapminder-health-income.csv"))
    names = {"south_asia": "South Asia", "europe_central_asia": "Europe & Central Asia",
             "sub_saharan_africa": "Sub-Saharan Africa", "america": "America",
             "east_asia_pacific": "East Asia & Pacific", "middle_east_north_africa": "Middle East & North Africa"}
    frame["region"] = frame["region"].map(names)
    frame = frame.rename(columns={"health": "life_expectancy"})
    write(frame, "health-income.csv")


def earthquakes(src):
    with open(os.path.join(src, "earthquakes.json"), encoding="utf-8") as f:
        features = json.load(f)["features"]
    rows = []
    for feature in features:
        p = feature["properties"]
        lon, lat, depth = feature["geometry"]["coordinates"]
        rows.append({
            "time": pd.Timestamp(p["time"], unit="ms").strftime("%Y-%m-%dT%H:%M:%SZ"),
            "magnitude": p["mag"], "depth_km": depth, "latitude": lat, "longitude": lon,
            "mag_type": p["magType"], "network": p["net"], "event_type": p["type"],
            "significance": p["sig"], "stations": p["nst"], "gap_deg": p["gap"],
            "rms_s": p["rms"], "distance_deg": p["dmin"],
        })
    frame = pd.DataFrame(rows).sort_values("time", kind="stable")
    frame["stations"] = frame["stations"].astype("Int64")
    write(frame, "earthquakes.csv")


def zipcodes(src):
    frame = pd.read_csv(os.path.join(src, "zipcodes.csv"), dtype={"zip_code": str})
    frame = frame.dropna(subset=["latitude", "longitude"])
    # The contiguous United States and D.C.: Alaska, Hawaii and the
    # territories would stretch the axes across the Pacific.
    frame = frame[~frame["state"].isin(["AK", "HI", "PR", "VI", "GU", "AS", "MP", "FM", "MH", "PW", "AA", "AE", "AP"])]
    frame = frame[(frame["longitude"] > -130) & (frame["longitude"] < -60) & (frame["latitude"] > 24)]
    frame = frame[["state", "latitude", "longitude"]]
    frame["latitude"] = frame["latitude"].round(3)
    frame["longitude"] = frame["longitude"].round(3)
    write(frame, "zipcodes.csv")


def employment(src):
    frame = pd.read_csv(os.path.join(src, "us-employment.csv"))
    frame = frame.rename(columns={"trade_transportation_utilties": "trade_transportation_utilities"})
    date = pd.to_datetime(frame["month"])
    frame.insert(1, "year", date.dt.year)
    frame.insert(2, "month_name", [MONTHS[m - 1] for m in date.dt.month])
    write(frame, "us-employment.csv")


def iowa(src):
    frame = pd.read_csv(os.path.join(src, "iowa-electricity.csv"))
    frame["year"] = pd.to_datetime(frame["year"]).dt.year
    write(frame, "iowa-electricity.csv")
    wide = frame.pivot(index="year", columns="source", values="net_generation").reset_index()
    wide.columns.name = None
    write(wide, "iowa-generation-wide.csv")


def industries(src):
    with open(os.path.join(src, "unemployment-across-industries.json"), encoding="utf-8") as f:
        frame = pd.DataFrame(json.load(f))
    frame = frame.rename(columns={"series": "industry"})[["industry", "year", "month", "count", "rate"]]
    frame = frame.sort_values(["industry", "year", "month"], kind="stable")
    write(frame, "unemployment-by-industry.csv")


def states(src):
    frame = pd.read_csv(os.path.join(src, "population_engineers_hurricanes.csv"))
    frame["engineers_per_1000"] = (frame["engineers"] * 1000).round(2)
    frame = frame[["state", "population", "engineers_per_1000", "hurricanes"]]
    write(frame, "states.csv")


def global_temp(src):
    frame = pd.read_csv(os.path.join(src, "global-temp.csv"))
    frame["decade"] = [f"{y // 10 * 10}s" for y in frame["year"]]
    frame["year_of_decade"] = frame["year"] % 10
    write(frame, "global-temp.csv")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vega-datasets", metavar="DIR",
                        help="the unpacked vega-datasets 3.2.1 package: also convert the real data sets")
    args = parser.parse_args()
    for make in (bimodal, shapes, overplotting, experiment):
        make()
    if args.vega_datasets:
        src = os.path.join(args.vega_datasets, "data")
        for make in (seattle, two_cities, gapminder, health_income, earthquakes, zipcodes, employment,
                     iowa, industries, states, global_temp):
            make(src)


if __name__ == "__main__":
    main()
