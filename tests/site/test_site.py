#!/usr/bin/python3
"""The gallery site as `cplot gallery` builds it: links, HTML5 validity,
the generated C programs, escaping of untrusted specs, bad specs, the
build lock, interrupted builds and incremental rebuilds.

Usage: test_site.py CPLOT SOURCE_DIR [unittest arguments]

The C programs are compiled with $CC (default cc) against
$CPLOT_INCLUDE_DIR and the library $CPLOT_LIBRARY, with $CPLOT_TEST_CFLAGS
(extra include folders; sanitizer flags in sanitizer builds).
"""
import fcntl
import html.parser
import json
import os
import posixpath
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

import html5lib

CPLOT = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "cplot"
SOURCE = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else "."
SPECS = os.path.join(SOURCE, "specs")
FIXTURES = os.path.join(SOURCE, "tests", "site", "fixtures", "good")


def gallery(specs, out, *args, timeout=300):
    return subprocess.run([CPLOT, "gallery", specs, "-o", out, *args], capture_output=True, timeout=timeout)


def pages_of(site):
    for folder, _, files in os.walk(site):
        for name in files:
            if name.endswith(".html"):
                yield os.path.join(folder, name)


class LinkCollector(html.parser.HTMLParser):
    """Every URL a page refers to (href, src, srcset) and every id it has."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []
        self.ids = set()
        self.base = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "base":
            self.base = attrs.get("href")
        for key in ("href", "src"):
            if key in attrs and tag != "base":
                self.urls.append((tag, attrs[key]))
        if "srcset" in attrs:
            for candidate in attrs["srcset"].split(","):
                self.urls.append((tag, candidate.strip().split(" ")[0]))


def collect(path):
    parser = LinkCollector()
    with open(path, encoding="utf-8") as f:
        parser.feed(f.read())
    return parser


class SiteChecks:
    """Checks every built site must pass; `site` is set by the subclass."""

    site = None

    def test_links_resolve(self):
        pages = {os.path.relpath(p, self.site): collect(p) for p in pages_of(self.site)}
        problems = []
        for page, parsed in pages.items():
            folder = posixpath.dirname(page)
            for tag, url in parsed.urls:
                if url == "" or url.startswith("javascript:"):
                    problems.append(f"{page}: empty or script link on <{tag}>")
                    continue
                parts = urllib.parse.urlsplit(url)
                if parts.scheme or parts.netloc:
                    if parts.scheme not in ("http", "https", "mailto"):
                        problems.append(f"{page}: link with scheme {parts.scheme!r}: {url}")
                    continue
                path = urllib.parse.unquote(parts.path)
                if parsed.base is not None:
                    base = parsed.base
                    self.assertTrue(base.startswith("/"), f"{page}: <base> {base}")
                    path = posixpath.normpath(posixpath.join("/", path)).lstrip("/") if path else page
                elif path:
                    path = posixpath.normpath(posixpath.join(folder, path))
                else:
                    path = page
                if path.startswith(".."):
                    problems.append(f"{page}: {url} leaves the site")
                    continue
                target = os.path.join(self.site, path)
                if not os.path.isfile(target):
                    problems.append(f"{page}: {url} -> {path} does not exist")
                    continue
                if path == page and not parts.fragment and tag == "a":
                    problems.append(f"{page}: links to itself ({url})")
                if parts.fragment:
                    ids = pages[path].ids if path in pages else set()
                    if parts.fragment not in ids:
                        problems.append(f"{page}: {url}: no id {parts.fragment!r} in {path}")
        self.assertEqual(problems, [])

    def test_pages_are_valid_html5(self):
        problems = []
        for path in pages_of(self.site):
            parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
            with open(path, "rb") as f:
                data = f.read()
            try:
                parser.parse(data)
            except html5lib.html5parser.ParseError as error:
                problems.append(f"{os.path.relpath(path, self.site)}: {error}")
        self.assertEqual(problems, [])

    def test_search_index_and_sitemap(self):
        with open(os.path.join(self.site, "search.json"), encoding="utf-8") as f:
            entries = json.load(f)
        self.assertTrue(entries)
        for entry in entries:
            self.assertTrue(os.path.isfile(os.path.join(self.site, entry["url"])), entry["url"])
        with open(os.path.join(self.site, "sitemap.xml"), encoding="utf-8") as f:
            sitemap = f.read()
        locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
        self.assertIn("index.html", locations)
        self.assertNotIn("404.html", locations)
        for location in locations:
            self.assertTrue(os.path.isfile(os.path.join(self.site, location)), location)

    def test_c_programs_match_cplot_render(self):
        """Each generated program compiles warning-free, runs, and writes
        the PNG that `cplot render` writes for the spec, byte for byte."""
        include = os.environ.get("CPLOT_INCLUDE_DIR", os.path.join(SOURCE, "libplot", "include"))
        library = os.environ.get("CPLOT_LIBRARY")
        if not library:
            self.skipTest("CPLOT_LIBRARY is not set")
        cc = shlex.split(os.environ.get("CC", "cc"))
        flags = shlex.split(os.environ.get("CPLOT_TEST_CFLAGS", ""))
        work = tempfile.mkdtemp(prefix="cplot-programs-")
        try:
            copy = os.path.join(work, "site")
            shutil.copytree(self.site, copy)
            programs = sorted(p for p in self.example_programs(copy))
            self.assertTrue(programs)
            for program in programs:
                folder, name = os.path.split(program)
                stem = name[:-2]
                with self.subTest(program=os.path.relpath(program, copy)):
                    binary = os.path.join(work, stem + ".bin")
                    r = subprocess.run([*cc, "-std=c11", "-Wall", "-Wextra", "-Werror", "-D_XOPEN_SOURCE=700",
                                        *flags, "-I", include, program, library, "-lm",
                                        "-Wl,-rpath," + os.path.dirname(library), "-o", binary],
                                       capture_output=True, text=True, timeout=120)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    png = os.path.join(folder, stem + ".png")
                    os.unlink(png)  # the gallery's own 1x image: the program must write it again
                    r = subprocess.run([binary], cwd=folder, capture_output=True, text=True, timeout=120)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    reference = os.path.join(work, stem + ".reference.png")
                    spec = os.path.join(self.specs, os.path.basename(folder), stem + ".json")
                    r = subprocess.run([CPLOT, "render", spec, "-o", reference, "--root", self.specs],
                                       capture_output=True, text=True, timeout=120)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    with open(png, "rb") as a, open(reference, "rb") as b:
                        self.assertTrue(a.read() == b.read(), f"{png} differs from cplot render's")
        finally:
            shutil.rmtree(work)

    def example_programs(self, site):
        for folder, _, files in os.walk(site):
            for name in files:
                if name.endswith(".c") and os.path.isfile(os.path.join(folder, name[:-2] + ".html")):
                    yield os.path.join(folder, name)


class GallerySite(SiteChecks, unittest.TestCase):
    """The gallery built from the project's own specs."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="cplot-site-")
        cls.site = os.path.join(cls.tmp, "site")
        cls.specs = SPECS
        cls.build = gallery(SPECS, cls.site)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_build_succeeds(self):
        self.assertEqual(self.build.returncode, 0, self.build.stderr.decode())
        self.assertEqual(self.build.stdout.decode().strip(), os.path.join(os.path.realpath(self.site), "index.html"))
        stderr = self.build.stderr.decode()
        self.assertRegex(stderr, r"\[1/\d+\] \w")
        self.assertRegex(stderr, r"\d+ examples? \(\d+ rendered, \d+ unchanged, 0 failed\), \d+ pages, "
                                 r"\d+ images, 0 errors, [\d.]+ s")

    def test_every_registered_type_has_a_page(self):
        with open(os.path.join(SPECS, "registry.json"), encoding="utf-8") as f:
            registry = json.load(f)
        for chart_type in registry["types"]:
            page = os.path.join(self.site, chart_type["id"], "index.html")
            self.assertTrue(os.path.isfile(page), page)
            with open(page, encoding="utf-8") as f:
                text = f.read()
            has_specs = os.path.isdir(os.path.join(SPECS, chart_type["id"])) and any(
                n.endswith(".json") for n in os.listdir(os.path.join(SPECS, chart_type["id"])))
            if not has_specs:
                self.assertIn("No examples yet", text)
        for caveat in registry["caveats"]:
            self.assertTrue(os.path.isfile(os.path.join(self.site, "caveats", caveat["id"] + ".html")))

    def test_example_pages_have_every_variant(self):
        page = os.path.join(self.site, "scatter", "basic.html")
        with open(page, encoding="utf-8") as f:
            text = f.read()
        self.assertIn('<source media="(prefers-color-scheme: dark)"', text)
        self.assertIn("basic@2x.png 2x", text)
        self.assertIn('alt="Scatter plot of body_mass_g against flipper_length_mm."', text)
        for suffix in (".png", "@2x.png", ".dark.png", ".dark@2x.png", ".thumb.png", ".thumb@2x.png",
                       ".thumb.dark.png", ".thumb.dark@2x.png", ".svg", ".pdf", ".json", ".c"):
            self.assertTrue(os.path.isfile(os.path.join(self.site, "scatter", "basic" + suffix)), suffix)
        with open(os.path.join(self.site, "scatter", "basic.thumb.png"), "rb") as f:
            head = f.read(24)
        self.assertEqual((int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")), (320, 224))
        with open(os.path.join(self.site, "scatter", "basic.thumb@2x.png"), "rb") as f:
            head = f.read(24)
        self.assertEqual((int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")), (640, 448))

    def test_rebuild_with_nothing_changed_renders_nothing(self):
        before = os.stat(os.path.join(self.site, "scatter", "basic.png"))
        r = gallery(SPECS, self.site)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertRegex(r.stderr.decode(), r"\(0 rendered, \d+ unchanged, 0 failed\)")
        after = os.stat(os.path.join(self.site, "scatter", "basic.png"))
        self.assertEqual(before.st_ino, after.st_ino, "unchanged images are linked, not rendered again")
        r = gallery(SPECS, self.site, "--force")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertRegex(r.stderr.decode(), r"\(\d+ rendered, 0 unchanged, 0 failed\)")


# Markup from the hostile spec that would only appear if escaping failed:
# "<" opening a tag, or a quote closing an attribute. (The same words
# escaped, as text, are expected: the spec is shown on its page.)
HOSTILE_STRINGS = ["<script>alert", "<img src=x", "<iframe", "<b>x</b>", '" onmouseover="', '" onerror="']


class FixtureSite(SiteChecks, unittest.TestCase):
    """Specs written to break things: inline data of every shape, forced
    types, and a spec whose every field is an injection attempt."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="cplot-fixture-")
        cls.site = os.path.join(cls.tmp, "site")
        cls.specs = FIXTURES
        cls.build = gallery(FIXTURES, cls.site)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_build_succeeds(self):
        self.assertEqual(self.build.returncode, 0, self.build.stderr.decode())

    def test_untrusted_text_is_escaped(self):
        for path in pages_of(self.site):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            name = os.path.relpath(path, self.site)
            for bad in HOSTILE_STRINGS:
                self.assertNotIn(bad, text, name)
            # Only the site's own script, and no inline handlers or script URLs.
            document = html5lib.parse(text, namespaceHTMLElements=False)
            for element in document.iter():
                if element.tag == "script":
                    self.assertTrue(element.get("src", "").endswith("assets/site.js"), name)
                    self.assertEqual((element.text or "").strip(), "", name)
                for key, value in element.attrib.items():
                    self.assertFalse(key.lower().startswith("on"), f"{name}: <{element.tag} {key}>")
                    if key in ("href", "src", "action", "srcset"):
                        self.assertNotIn("javascript:", value.lower(), f"{name}: {key}={value}")
                        self.assertNotIn("data:", value.lower(), f"{name}: {key}={value}")
        with open(os.path.join(self.site, "scatter", "hostile.html"), encoding="utf-8") as f:
            page = f.read()
        self.assertIn("<h1>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &quot;quoted&quot; &amp; "
                      "&#39;single&#39;", page)
        self.assertIn("coloured by g.", page)
        with open(os.path.join(self.site, "search.json"), encoding="utf-8") as f:
            raw = f.read()
        self.assertNotIn("<", raw)
        json.loads(raw)

    def test_type_without_examples_says_so(self):
        with open(os.path.join(self.site, "bar", "index.html"), encoding="utf-8") as f:
            self.assertIn("No examples yet", f.read())


class Robustness(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="cplot-robust-")
        self.specs = os.path.join(self.tmp, "specs")
        shutil.copytree(FIXTURES, self.specs)
        self.out = os.path.join(self.tmp, "site")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def test_usage_errors(self):
        self.assertEqual(subprocess.run([CPLOT, "gallery", self.specs], capture_output=True).returncode, 2)
        self.assertEqual(subprocess.run([CPLOT, "gallery", "-o", self.out], capture_output=True).returncode, 2)
        self.assertEqual(gallery(self.specs, self.out, "--bogus").returncode, 2)
        r = subprocess.run([CPLOT, "gallery", "--help"], capture_output=True)
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"Usage: cplot gallery", r.stdout)

    def test_refuses_to_replace_a_folder_it_did_not_build(self):
        os.makedirs(self.out)
        with open(os.path.join(self.out, "precious.txt"), "w") as f:
            f.write("keep me")
        r = gallery(self.specs, self.out)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"not a gallery this command built", r.stderr)
        self.assertTrue(os.path.isfile(os.path.join(self.out, "precious.txt")))

    def test_bad_spec_is_reported_and_the_rest_is_built(self):
        with open(os.path.join(self.specs, "scatter", "broken.json"), "w") as f:
            f.write('{\n  "chart": "scatter",\n  "data": {"url": "../data/points.csv"},\n'
                    '  "x": "x",\n  "y": "nope"\n}\n')
        with open(os.path.join(self.specs, "scatter", "notjson.json"), "w") as f:
            f.write('{"chart": "scatter",,}')
        r = gallery(self.specs, self.out)
        stderr = r.stderr.decode()
        self.assertEqual(r.returncode, 1, stderr)
        self.assertRegex(stderr, r"broken\.json:5:\d+: /y: ")
        self.assertRegex(stderr, r"notjson\.json:1:\d+:")
        self.assertRegex(stderr, r"\(\d+ rendered, 0 unchanged, 2 failed\)")
        self.assertTrue(os.path.isfile(os.path.join(self.out, "scatter", "file-data.html")))
        self.assertTrue(os.path.isfile(os.path.join(self.out, "index.html")))
        self.assertFalse(os.path.exists(os.path.join(self.out, "scatter", "broken.html")))
        with open(os.path.join(self.out, "scatter", "index.html"), encoding="utf-8") as f:
            self.assertNotIn("broken", f.read())

    def test_registry_errors_are_reported(self):
        path = os.path.join(self.specs, "registry.json")
        with open(path, encoding="utf-8") as f:
            registry = json.load(f)
        registry["types"][0]["related"].append("no-such-type")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(registry, f)
        r = gallery(self.specs, self.out)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b'no chart type "no-such-type"', r.stderr)
        with open(os.path.join(self.out, "scatter", "index.html"), encoding="utf-8") as f:
            self.assertNotIn("no-such-type", f.read())

    def test_lock_refuses_or_waits(self):
        with open(self.out + ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            r = gallery(self.specs, self.out, "--no-wait")
            self.assertEqual(r.returncode, 3)
            self.assertIn(b"another build into", r.stderr)
            waiting = subprocess.Popen([CPLOT, "gallery", self.specs, "-o", self.out],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            time.sleep(1.0)
            self.assertIsNone(waiting.poll(), "the second build waits for the lock")
            self.assertFalse(os.path.exists(self.out))
            fcntl.flock(lock, fcntl.LOCK_UN)
        _, stderr = waiting.communicate(timeout=300)
        self.assertEqual(waiting.returncode, 0, stderr.decode())
        self.assertIn(b"waiting for it", stderr)
        self.assertTrue(os.path.isfile(os.path.join(self.out, "index.html")))

    def test_rebuild_leaves_a_current_site_alone_and_repairs_a_changed_one(self):
        r = gallery(self.specs, self.out)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        index = os.path.join(self.out, "index.html")
        before = os.stat(index)
        r = gallery(self.specs, self.out)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertRegex(r.stderr.decode(), r"\(0 rendered, \d+ unchanged, 0 failed\)")
        self.assertEqual(os.stat(index).st_ino, before.st_ino, "an up-to-date site is not rebuilt")
        with open(index, "rb") as f:
            good = f.read()
        # A changed page, a stray file and a missing image are all put right.
        with open(index, "ab") as f:
            f.write(b"tampered")
        with open(os.path.join(self.out, "stray.txt"), "w") as f:
            f.write("stray")
        os.remove(os.path.join(self.out, "scatter", "file-data.thumb.png"))
        r = gallery(self.specs, self.out)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertRegex(r.stderr.decode(), r"\(1 rendered, \d+ unchanged, 0 failed\)")
        with open(index, "rb") as f:
            self.assertEqual(f.read(), good)
        self.assertFalse(os.path.exists(os.path.join(self.out, "stray.txt")))
        self.assertTrue(os.path.isfile(os.path.join(self.out, "scatter", "file-data.thumb.png")))

    def snapshot(self):
        files = {}
        for folder, _, names in os.walk(self.out):
            for name in names:
                path = os.path.join(folder, name)
                with open(path, "rb") as f:
                    files[os.path.relpath(path, self.out)] = f.read()
        return files

    def test_killed_build_leaves_the_previous_site(self):
        r = gallery(SPECS, self.out)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        before = self.snapshot()
        # Kill -9 at a few points of a full re-render (one thread, so it
        # takes long enough to be caught in several phases).
        for delay in (0.0, 0.05, 0.15, 0.3, 0.6):
            build = subprocess.Popen([CPLOT, "gallery", SPECS, "-o", self.out, "--force", "-j", "1"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            build.send_signal(signal.SIGKILL)
            build.wait()
            if build.returncode == 0:
                continue  # it finished first: the new site is complete
            self.assertEqual(self.snapshot(), before, f"killed after {delay} s")
        r = gallery(SPECS, self.out)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        leftovers = [n for n in os.listdir(self.tmp) if ".staging." in n or ".old." in n]
        self.assertEqual(leftovers, [])
        self.assertEqual(set(self.snapshot()), set(before))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1] + sys.argv[3:], verbosity=2)
