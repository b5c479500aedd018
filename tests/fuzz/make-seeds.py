#!/usr/bin/python3
"""Regenerates the committed seed corpora and dictionaries of tests/fuzz.

Usage: make-seeds.py CPLOT   (the built command, for `cplot schema`)

Deletes and rewrites corpus/*, data/ and the dictionaries.

data/: the first rows of every data file of specs/data, copied into the
fuzz root's data/ folder by the targets (fuzz-common.c).
corpus/spec: every gallery and golden spec with its data URL pointed at
data/NAME in the fuzz root; one spec of each kind again with the data
inline, as records and as columns; specs that name the other files of the
fuzz root, and paths that leave it. corpus/csv and corpus/json-data:
edge cases of the readers. spec.dict: JSON tokens, every option name and
every allowed string value, from `cplot schema`.
"""
import csv
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))


def penguins_subset():
    with open(os.path.join(SOURCE, "specs/data/penguins.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    picked, seen = [], {}
    for row in rows:
        key = (row["species"], row["sex"])
        if seen.get(key, 0) < 3:
            seen[key] = seen.get(key, 0) + 1
            picked.append(row)
    records = []
    for row in picked:
        record = {}
        for key, value in row.items():
            if value == "":
                record[key] = None
            else:
                try:
                    record[key] = float(value) if "." in value else int(value)
                except ValueError:
                    record[key] = value
        records.append(record)
    return records


def write(folder, name, data):
    path = os.path.join(HERE, "corpus", folder, name)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as f:
        f.write(data)


DATA_ROWS = 40


def data_subsets():
    """The first rows of each data file, for data/ in the fuzz root."""
    folder = os.path.join(HERE, "data")
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        os.unlink(os.path.join(folder, name))
    for path in sorted(glob.glob(os.path.join(SOURCE, "specs/data/*"))):
        name = os.path.basename(path)
        if name.endswith(".json"):
            with open(path) as f:
                data = json.load(f)
            if isinstance(data, list):
                data = data[:DATA_ROWS]
            else:
                data = {k: v[:DATA_ROWS] for k, v in data.items()}
            with open(os.path.join(folder, name), "w") as f:
                json.dump(data, f)
        elif name.endswith((".csv", ".tsv")):
            with open(path, newline="") as f:
                rows = list(csv.reader(f))
            with open(os.path.join(folder, name), "w", newline="") as f:
                csv.writer(f, lineterminator="\n").writerows(rows[:DATA_ROWS + 1])


def spec_seeds():
    records = penguins_subset()
    columns = {key: [r[key] for r in records] for key in records[0]}
    paths = sorted(glob.glob(os.path.join(SOURCE, "specs/*/*.json")))
    paths += sorted(glob.glob(os.path.join(SOURCE, "tests/golden/specs/*.json")))
    inline_kinds = set()
    for path in paths:
        if "registry" in path or "/specs/data/" in path:
            continue
        with open(path) as f:
            spec = json.load(f)
        spec.pop("description", None)
        name = os.path.splitext(os.path.basename(path))[0]
        if "/golden/" not in path:
            name = os.path.basename(os.path.dirname(path)) + "-" + name
        url = spec.get("data", {}).get("url")
        if url:
            spec["data"]["url"] = "data/" + os.path.basename(url)
        write("spec", name + ".json", json.dumps(spec, indent=1) + "\n")
        if url and os.path.basename(url) == "penguins.csv" and spec.get("chart") not in inline_kinds:
            inline_kinds.add(spec.get("chart"))
            spec["data"] = {"values": records}
            write("spec", name + "-records.json", json.dumps(spec) + "\n")
            spec["data"] = {"values": columns, "types": {"sex": "categorical"}}
            write("spec", name + "-columns.json", json.dumps(spec) + "\n")
    extra = {
        "tsv": {"chart": "scatter", "data": {"url": "data.tsv"}, "x": "x", "y": "y", "hue": "g"},
        "json-file": {"chart": "bar", "data": {"url": "data.json"}, "x": "g", "y": "x"},
        "sub-folder": {"chart": "scatter", "data": {"url": "sub/inner.csv"}, "x": "b", "y": "a"},
        "empty-file": {"chart": "histogram", "data": {"url": "empty.csv"}, "x": "a"},
        "symlink-out": {"chart": "histogram", "data": {"url": "escape.csv"}, "x": "a"},
        "dot-dot": {"chart": "histogram", "data": {"url": "../data.csv"}, "x": "a"},
        "absolute": {"chart": "histogram", "data": {"url": "/etc/passwd"}, "x": "a"},
        "tiny": {"chart": "density", "width": 64, "height": 64, "data": {"values": [{"v": 1}]}, "x": "v"},
        "equal": {"chart": "histogram", "data": {"values": {"v": [2, 2, 2, 2]}}, "x": "v", "kde": True},
        "heatmap-wide": {"chart": "heatmap", "data": {"values": {"a": [1, 2], "b": [3, None], "n": ["r", "s"]}},
                         "columns": ["a", "b"], "y": "n", "annot": True, "center": 0, "colormap": "rdbu"},
        "scatter-labels-lines": {"chart": "scatter", "data": {"url": "data.csv"}, "x": "bill_length_mm",
                                 "y": "body_mass_g", "label": "island", "size": "flipper_length_mm",
                                 "x_lines": [40, 45], "y_span": [3000, 4000], "x_scale": "log",
                                 "legend": "bottom", "marker": "triangle", "color": "#abc"},
        "bar-order-list": {"chart": "bar", "data": {"url": "data.csv"}, "y": "island", "x": "body_mass_g",
                           "estimator": "mean", "order": ["Dream", "Biscoe"], "orient": "horizontal",
                           "errorbar": "sd", "y_lines": [0], "palette": "okabe_ito"},
        "histogram-edges": {"chart": "histogram", "data": {"url": "data.csv"}, "x": "body_mass_g",
                            "bins": [3000, 3500, 5000, 6000], "element": "poly", "stat": "percent",
                            "median_line": True, "highlight_below": 3500, "discrete": False},
        "errors": {"chart": "scater", "data": {"url": 3}, "widht": 10, "x": 1, "tags": [1]},
    }
    for name, spec in extra.items():
        write("spec", name + ".json", json.dumps(spec) + "\n")
    write("spec", "truncated.json", '{"chart": "scatter", "data": {"values": [{"x": 1, "y": ')
    write("spec", "nested.json", "[" * 200 + "]" * 200)


def csv_seeds():
    seeds = {
        "basic.csv": "a,b,c\n1,2,x\n3,4,y\n",
        "missing.csv": "a,b\nNA,\nN/A,null\nNaN,1\n",
        "quoted.csv": 'name,text\n"a ""quoted"" name","line one\nline two"\n"x,y",plain\n',
        "crlf.csv": "a,b\r\n1,2\r\n3,4\r\n",
        "cr.csv": "a,b\r1,2\r3,4\r",
        "bom.csv": "\ufeffa,b\n1,2\n",
        "tsv.csv": "a\tb\n1\t2\n",
        "ragged.csv": "a,b\n1,2\n3\n4,5,6\n",
        "numbers.csv": "v\n-12\n3.5e-7\n.5\n+1.\n 42 \ninf\n-Infinity\n1e308\n-0\n1e400\n",
        "one-column-blank.csv": "v\n1\n\n2\n\n\n",
        "unterminated.csv": 'a,b\n1,"2\n',
        "quote-then-text.csv": 'a,b\n"1"x,2\n',
        "header-only.csv": "a,b,c\n",
        "duplicate-header.csv": "a,a\n1,2\n",
        "empty-name.csv": "a,,c\n1,2,3\n",
        "utf8.csv": "naïve,日本\né,ü\n",
    }
    for name, text in seeds.items():
        write("csv", name, text)
    write("csv", "invalid-utf8.csv", b"a,b\n1,\xff\xfe\n")
    write("csv", "nul.csv", b"a,b\n1,\x002\n")
    write("csv", "latin1.csv", b"caf\xe9,b\n1,2\n")


def json_seeds():
    seeds = {
        "records.json": '[{"a": 1, "b": "x"}, {"a": 2.5, "c": true}, {"b": null}]',
        "columns.json": '{"a": [1, 2, 3], "b": ["x", "y", null]}',
        "mixed.json": '[{"a": 1}, {"a": "2"}, {"a": false}]',
        "nested.json": '[{"a": [1]}, {"a": {"b": 1}}]',
        "ragged-columns.json": '{"a": [1, 2], "b": [1]}',
        "empty-array.json": "[]",
        "empty-object.json": "{}",
        "duplicate-key.json": '[{"a": 1, "a": 2}]',
        "empty-key.json": '[{"": 1}]',
        "big-numbers.json": '[{"v": 1e308}, {"v": -1e308}, {"v": -0.0}, {"v": 5e-324}, {"v": 1e999}]',
        "trailing.json": '[{"a": 1}] x',
        "scalar.json": "42",
        "escapes.json": '[{"s": "\\u00e9\\ud83d\\ude00\\n\\t\\"\\\\"}]',
        "bad-surrogate.json": '[{"s": "\\ud800"}]',
        "bom.json": '\ufeff[{"a": 1}]',
        "deep.json": "[" * 100 + "]" * 100,
    }
    for name, text in seeds.items():
        write("json-data", name, text)
    write("json-data", "invalid-utf8.json", b'[{"a": "\xc3\x28"}]')


def dict_entry(text):
    """A libFuzzer dictionary entry: only backslash, quote and xHH escapes exist."""
    out = []
    for byte in text.encode("utf-8"):
        if byte in (0x5C, 0x22):
            out.append("\\" + chr(byte))
        elif 0x20 <= byte < 0x7F:
            out.append(chr(byte))
        else:
            out.append("\\x%02X" % byte)
    return '"' + "".join(out) + '"'


def dictionaries(cplot):
    schema = json.loads(subprocess.run([cplot, "schema"], capture_output=True, check=True).stdout)
    words = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    words.update(value.keys())
                if key in ("enum", "const"):
                    for item in value if isinstance(value, list) else [value]:
                        if isinstance(item, str):
                            words.add(item)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema)
    words.update(["url", "values", "types", "categorical", "numeric", "data.csv", "data.tsv",
                  "data.json", "sub/inner.csv", "escape.csv", "../", "penguins"])
    columns = ["species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm",
               "body_mass_g", "sex", "year"]
    words.update(columns)
    lines = ["# JSON and spec tokens for fuzz-spec and fuzz-render (make-seeds.py)"]
    for token in ["{", "}", "[", "]", ":", ",", "true", "false", "null", "-0", "1e308", "-1e308",
                  "1e-320", "0.5", "NaN", "10000", "64", "\\u0000", "\\ud800"]:
        lines.append(dict_entry(token))
    for word in sorted(words):
        lines.append(dict_entry(json.dumps(word)))
    with open(os.path.join(HERE, "spec.dict"), "w") as f:
        f.write("\n".join(lines) + "\n")
    json_tokens = ["{", "}", "[", "]", ":", ",", "true", "false", "null", '""', "-0", "1e308",
                   "\\u00e9", "\\ud800", "\\ud83d\\ude00", "\\\"", "\\\\"]
    with open(os.path.join(HERE, "json.dict"), "w") as f:
        f.write("# JSON tokens for fuzz-json-data (make-seeds.py)\n")
        f.write("".join(dict_entry(t) + "\n" for t in json_tokens))
    csv_tokens = [",", "\t", ";", '"', '""', "\r\n", "\r", "\n", "NA", "N/A", "null", "NaN", "nan",
                  "inf", "-Infinity", "1e308", "-0", ".5", "+1.", "\ufeff"]
    with open(os.path.join(HERE, "csv.dict"), "w") as f:
        f.write("# CSV tokens for fuzz-csv (make-seeds.py)\n")
        f.write("".join(dict_entry(t) + "\n" for t in csv_tokens))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for folder in ("spec", "csv", "json-data"):
        os.makedirs(os.path.join(HERE, "corpus", folder), exist_ok=True)
        for name in os.listdir(os.path.join(HERE, "corpus", folder)):
            os.unlink(os.path.join(HERE, "corpus", folder, name))
    data_subsets()
    spec_seeds()
    csv_seeds()
    json_seeds()
    dictionaries(sys.argv[1])
