#!/usr/bin/python3
"""The gallery's content: enough examples of every core chart type, each
one described, and every data file accounted for in specs/data/README.md.

Usage: test_content.py [SOURCE_DIR] [unittest arguments]

SOURCE_DIR defaults to the repository holding this file. Standard library
only, so it runs wherever python3 does.
"""
import json
import os
import re
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
    SOURCE = os.path.abspath(sys.argv.pop(1))
else:
    SOURCE = os.path.abspath(os.path.join(HERE, "..", ".."))
SPECS = os.path.join(SOURCE, "specs")
DATA = os.path.join(SPECS, "data")

# The fewest examples each chart type's folder must hold.
MINIMUM_EXAMPLES = {
    "histogram": 12, "bar": 12, "scatter": 12, "correlogram": 12,
    "density": 4, "heatmap": 4, "bubble": 4, "hexbin": 4,
}
# The caveats the gallery must explain, each with a bad and a good example.
REQUIRED_CAVEATS = ["bin-size", "overplotting", "ordering-bars", "error-bars", "rainbow-colormaps", "truncated-axes"]
MINIMUM_DESCRIPTION_SENTENCES, MAXIMUM_DESCRIPTION_SENTENCES = 2, 5


def load_registry():
    with open(os.path.join(SPECS, "registry.json"), encoding="utf-8") as f:
        return json.load(f)


def example_files():
    """(type folder, path) of every example spec of a registered type."""
    for chart_type in load_registry()["types"]:
        folder = os.path.join(SPECS, chart_type["id"])
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith(".json") and not name.startswith("."):
                yield chart_type["id"], os.path.join(folder, name)


def load_spec(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def sentences(markdown):
    text = re.sub(r"`[^`]*`", "code", markdown)              # code may hold dots
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)     # links: keep their text
    text = re.sub(r"\b(e\.g|i\.e|etc|vs)\.", r"\1", text)
    text = re.sub(r"(\d)\.(\d)", r"\1\2", text)              # decimals
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def data_files_used():
    """{data file path relative to specs/data: [spec paths]} over every example."""
    used = {}
    for _, path in example_files():
        data = load_spec(path).get("data", {})
        url = data.get("url") if isinstance(data, dict) else None
        if not url:
            continue
        target = os.path.normpath(os.path.join(os.path.dirname(path), url))
        used.setdefault(os.path.relpath(target, DATA), []).append(os.path.relpath(path, SPECS))
    return used


def readme_files():
    """File names in the first column of specs/data/README.md's tables."""
    with open(os.path.join(DATA, "README.md"), encoding="utf-8") as f:
        return set(re.findall(r"^\|\s*`([^`]+)`\s*\|", f.read(), flags=re.M))


class ExampleCounts(unittest.TestCase):
    def test_each_core_type_has_enough_examples(self):
        counts = {}
        for chart_type, _ in example_files():
            counts[chart_type] = counts.get(chart_type, 0) + 1
        short = {t: (counts.get(t, 0), n) for t, n in MINIMUM_EXAMPLES.items() if counts.get(t, 0) < n}
        self.assertEqual(short, {}, "chart type: (examples, minimum)")

    def test_core_types_are_registered(self):
        ids = {t["id"] for t in load_registry()["types"]}
        self.assertEqual(sorted(set(MINIMUM_EXAMPLES) - ids), [])


class ExampleText(unittest.TestCase):
    def test_every_example_has_title_description_and_tags(self):
        problems = []
        for _, path in example_files():
            spec, name = load_spec(path), os.path.relpath(path, SPECS)
            title = spec.get("title")
            if not isinstance(title, str) or not title.strip():
                problems.append(f"{name}: no title")
            description = spec.get("description")
            if not isinstance(description, str) or not description.strip():
                problems.append(f"{name}: no description")
            else:
                n = len(sentences(description))
                if not MINIMUM_DESCRIPTION_SENTENCES <= n <= MAXIMUM_DESCRIPTION_SENTENCES:
                    problems.append(f"{name}: description of {n} sentences")
            tags = spec.get("tags")
            if not isinstance(tags, list) or not tags or not all(isinstance(t, str) and t.strip() for t in tags):
                problems.append(f"{name}: no tags")
        self.assertEqual(problems, [])

    def test_titles_are_unique(self):
        seen, problems = {}, []
        for _, path in example_files():
            title = load_spec(path).get("title", "")
            name = os.path.relpath(path, SPECS)
            if title in seen:
                problems.append(f"{name} repeats the title of {seen[title]}")
            seen.setdefault(title, name)
        self.assertEqual(problems, [])


class Data(unittest.TestCase):
    def test_every_data_file_used_is_in_the_readme(self):
        listed = readme_files()
        missing = {f: specs for f, specs in data_files_used().items() if f not in listed}
        self.assertEqual(missing, {}, "data files used by specs but not listed in specs/data/README.md")

    def test_every_listed_data_file_exists(self):
        missing = sorted(f for f in readme_files() if not os.path.isfile(os.path.join(DATA, f)))
        self.assertEqual(missing, [])

    def test_data_files_are_small(self):
        big = {f: os.path.getsize(os.path.join(DATA, f)) for f in os.listdir(DATA)
               if f != "README.md" and os.path.getsize(os.path.join(DATA, f)) > 3_000_000}
        self.assertEqual(big, {}, "data files over 3 MB")


class Caveats(unittest.TestCase):
    def test_required_caveats_exist_and_link_to_examples(self):
        registry = load_registry()
        ids = {c["id"] for c in registry["caveats"]}
        self.assertEqual(sorted(set(REQUIRED_CAVEATS) - ids), [])
        types = {t["id"] for t in registry["types"]}
        problems = []
        for caveat in REQUIRED_CAVEATS:
            with open(os.path.join(SPECS, "caveats", caveat + ".md"), encoding="utf-8") as f:
                body = f.read()
            links = re.findall(r"\]\(\.\./([a-z0-9_-]+)/([a-z0-9_-]+)\.html\)", body)
            if len(links) < 2:
                problems.append(f"{caveat}: links to {len(links)} examples; a bad and a good one are needed")
            for folder, name in links:
                if folder not in types or not os.path.isfile(os.path.join(SPECS, folder, name + ".json")):
                    problems.append(f"{caveat}: links to {folder}/{name}.html, which no spec makes")
        self.assertEqual(problems, [])

    def test_caveat_examples_are_tagged(self):
        problems = []
        for _, path in example_files():
            name = os.path.basename(path)
            if name.startswith("caveat-") and "caveat" not in load_spec(path).get("tags", []):
                problems.append(os.path.relpath(path, SPECS))
        self.assertEqual(problems, [], "caveat examples without the \"caveat\" tag")


class Registry(unittest.TestCase):
    def test_every_type_has_its_prose(self):
        problems = []
        for t in load_registry()["types"]:
            for key in ("summary", "definition", "uses"):
                if not t.get(key, "").strip():
                    problems.append(f"{t['id']}: no {key}")
            if not t.get("mistakes"):
                problems.append(f"{t['id']}: no common mistakes")
            for m in t.get("mistakes", []):
                if not m.get("mistake", "").strip() or not m.get("instead", "").strip():
                    problems.append(f"{t['id']}: a mistake without its alternative")
            if not t.get("related"):
                problems.append(f"{t['id']}: no related types")
            if not t.get("shapes"):
                problems.append(f"{t['id']}: serves no data shape")
        self.assertEqual(problems, [])

    def test_every_shape_leads_to_a_type(self):
        registry = load_registry()
        served = {s for t in registry["types"] for s in t.get("shapes", [])}
        self.assertEqual(sorted(s["id"] for s in registry["shapes"] if s["id"] not in served), [])

    def test_example_links_in_type_prose_resolve(self):
        """Links like (facet.html) or (../bar/basic.html) in a type's prose,
        rendered on TYPE/index.html, name specs that exist."""
        registry = load_registry()
        types = {t["id"] for t in registry["types"]}
        problems = []
        for t in registry["types"]:
            texts = [t.get("definition", ""), t.get("uses", "")]
            texts += [m.get(k, "") for m in t.get("mistakes", []) for k in ("mistake", "instead")]
            for text in texts:
                for url in re.findall(r"\]\(([^)#]+)\)", text):
                    if re.match(r"^[a-z]+:", url):
                        continue
                    path = os.path.normpath(os.path.join(t["id"], url))
                    folder, name = os.path.split(path)
                    if name == "index.html":
                        ok = folder in types
                    else:
                        ok = folder in types and os.path.isfile(os.path.join(SPECS, folder, name[:-5] + ".json"))
                    if not ok:
                        problems.append(f"{t['id']}: {url}")
        self.assertEqual(problems, [])


if __name__ == "__main__":
    unittest.main()
