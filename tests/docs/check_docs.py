#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""check_docs.py - every link and every command in README.md and docs/*.md works.

    check_docs.py --build BUILD [--root SOURCE] [--self-test]

Pages: README.md and every docs/*.md. Rules, each reported by name:

  links      every relative link and image resolves to a file in the tree, and
             every #anchor to a heading of its page (GitHub's heading ids);
             links in code are not links
  index      README.md links to every docs/*.md page
  paths      in a command, every word naming a file of the tree (tests/...,
             cmake/..., a glob too) exists; a script run by sh, bash, python3
             or perl, or directly, exists; so does every file of the tree named
             alone in an inline code span (`plugin/srvsess-ndr.c`), unless it
             holds a placeholder (<series>, NAME)
  options    every option given to one of the tree's scripts (tools/srvsess-scan
             also as `srvsess-scan`) appears in that script's source
  targets    `cmake --build ... --target X`: X is a target of the CMake files;
             `-DSRVSESS_X=...`: an option or cache variable of the CMake files
  ctest      `ctest -R RE` / `-E RE` match at least one test of the build,
             `-L RE` at least one label (ctest --show-only=json-v1)
  names      every srvsess.* name on a page is a field or expert registered by
             the build's plugin (tshark -G fields) or one of its preferences
             (tshark -G defaultprefs)
  documented every field, expert and preference the build's plugin registers
             is named in docs/fields.md, the reference
  recipes    every tshark command with -r (or -G), and no -w, runs and exits 0 through
             tests/tshark_env.py's Tshark, with the plugin from the build: on
             the capture it names when that is a file of the tree, else on
             pcaps/sample.pcap (README's `capture.pcap`, loop variables)
  figures    docs/benchmarks.md holds no Markdown table outside a fenced block:
             figures are pasted script output, never kept by hand
  size       README.md stays a front door: at most README_MAX_LINES lines

Commands are the lines of fenced sh/bash/shell blocks (continuation lines
joined, comments dropped, split at | && || ; and redirections), and inline
code spans that begin with a command (tshark, ctest, cmake, sh, ...).
srvsess-scan, wireshark and long-running targets are checked, never run.

--self-test copies the pages into a scratch tree, breaks each rule once, and
fails unless every break is reported: the checker itself can fail.
Exit 0 when every rule holds, 1 otherwise (each problem listed).
"""
import argparse
import concurrent.futures
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tshark_env import Tshark  # noqa: E402

SHELL_LANGS = {"sh", "bash", "shell"}
COMMAND_WORDS = {"tshark", "ctest", "cmake", "sh", "bash", "sudo", "python3", "/usr/bin/python3",
                 "srvsess-scan", "perl", "nice", "env"}
INTERPRETERS = {"sh", "bash", "python3", "/usr/bin/python3", "perl"}
PREFIXES = {"sudo", "env", "exec", "time", "do", "then", "else", "nice"}
CMAKE_BUILTIN_TARGETS = {"all", "install", "clean", "package", "help", "test"}
FIELD_RE = re.compile(r"(?<![\w./-])srvsess\.[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*")
NOT_FIELDS = {"srvsess.so"}
README_MAX_LINES = 200
LINK_RE = re.compile(r"!?\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
REFDEF_RE = re.compile(r"^\s*\[[^\]]+\]:\s*(\S+)", re.M)


class Page:
    """One Markdown page split into prose lines (code spans kept apart),
    fenced blocks and headings."""

    def __init__(self, root, rel):
        self.rel = rel
        self.path = os.path.join(root, rel)
        with open(self.path, encoding="utf-8") as f:
            self.lines = f.read().split("\n")
        self.prose = []        # (line number, text outside fences)
        self.blocks = []       # (line number of the opening fence, language, [lines])
        fence = None
        for n, line in enumerate(self.lines, 1):
            m = re.match(r"^\s*(```+|~~~+)\s*([\w-]*)", line)
            if fence is None and m:
                fence = (m.group(1)[0] * 3, n, m.group(2).lower(), [])
            elif fence is not None and line.strip().startswith(fence[0]):
                self.blocks.append(fence[1:])
                fence = None
            elif fence is not None:
                fence[3].append(line)
            else:
                self.prose.append((n, line))
        self.anchors = set()
        seen = {}
        for _, line in self.prose:
            m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
            if m:
                slug = github_slug(m.group(2))
                k = seen.get(slug, 0)
                seen[slug] = k + 1
                self.anchors.add(slug if k == 0 else f"{slug}-{k}")

    def inline_code(self):
        for n, line in self.prose:
            for m in re.finditer(r"(`+)(.+?)\1", line):
                yield n, m.group(2).strip()

    def prose_without_code(self):
        for n, line in self.prose:
            yield n, re.sub(r"(`+).+?\1", "", line)


def github_slug(heading):
    """The id GitHub gives a heading: markup dropped, lower case, punctuation
    other than - and _ removed, spaces to hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = text.replace("`", "").lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


class Checker:
    def __init__(self, root, build, run_tshark=lambda words: True):
        self.root = os.path.abspath(root)
        self.build = os.path.abspath(build)
        self.run_tshark = run_tshark   # which tshark commands to run (the self-test runs only its own)
        self.problems = []     # (rule, where, message)
        self.counts = {}
        names = ["README.md"] + sorted(os.path.relpath(p, self.root)
                                       for p in glob.glob(os.path.join(self.root, "docs", "*.md")))
        self.pages = [Page(self.root, n) for n in names]
        self.tree_dirs = self._tree_dirs()
        self._tshark = None
        self._known_names = None
        self._tests = None
        self._cmake = None
        self.recipes = []      # (where, words, tshark args without -r, capture) to run

    # -- bookkeeping ------------------------------------------------------
    def fail(self, rule, where, msg):
        self.problems.append((rule, where, msg))

    def ok(self, rule):
        self.counts[rule] = self.counts.get(rule, 0) + 1

    def _tree_dirs(self):
        """Top-level folders of the source tree (not build trees)."""
        out = set()
        for d in os.listdir(self.root):
            p = os.path.join(self.root, d)
            if os.path.isdir(p) and not d.startswith(".") and not os.path.exists(os.path.join(p, "CMakeCache.txt")):
                out.add(d)
        return out

    def tshark(self):
        if self._tshark is None:
            self._tshark = Tshark(self.build)
            # -C srvsess: the profile of this tree, where Wireshark looks for personal profiles
            dst = os.path.join(self._tshark.home, ".config", "wireshark", "profiles", "srvsess")
            shutil.copytree(os.path.join(self.root, "profiles", "srvsess"), dst)
            for d, _, files in os.walk(os.path.join(self._tshark.home, ".config")):
                os.chmod(d, 0o755)
                for f in files:
                    os.chmod(os.path.join(d, f), 0o644)
        return self._tshark

    def close(self):
        if self._tshark is not None:
            self._tshark.close()

    # -- rules: links and index ------------------------------------------
    def check_links(self):
        by_rel = {p.rel: p for p in self.pages}
        for page in self.pages:
            base = os.path.dirname(page.path)
            targets = []
            for n, text in page.prose_without_code():
                targets += [(n, m.group(2)) for m in LINK_RE.finditer(text)]
            text = "\n".join(t for _, t in page.prose_without_code())
            targets += [(0, m.group(1)) for m in REFDEF_RE.finditer(text)]
            for n, target in targets:
                where = f"{page.rel}:{n}" if n else page.rel
                if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                    continue   # http:, https:, mailto: - not checked offline
                path, _, anchor = target.partition("#")
                dest = os.path.normpath(os.path.join(base, path)) if path else page.path
                if os.path.relpath(dest, self.root).startswith(".."):
                    self.fail("links", where, f"{target}: leaves the source tree")
                    continue
                if not os.path.exists(dest):
                    self.fail("links", where, f"{target}: no such file {os.path.relpath(dest, self.root)}")
                    continue
                if anchor:
                    rel = os.path.relpath(dest, self.root)
                    if not rel.endswith(".md"):
                        self.fail("links", where, f"{target}: an anchor into a file that is not Markdown")
                        continue
                    target_page = by_rel.get(rel) or Page(self.root, rel)
                    if anchor not in target_page.anchors:
                        self.fail("links", where, f"{target}: {rel} has no heading #{anchor} "
                                                  f"(it has: {', '.join(sorted(target_page.anchors))})")
                        continue
                self.ok("links")
        readme = self.pages[0]
        linked = set()
        for _, text in readme.prose_without_code():
            for m in LINK_RE.finditer(text):
                linked.add(os.path.normpath(m.group(2).partition("#")[0]))
        for page in self.pages[1:]:
            if page.rel in linked:
                self.ok("index")
            else:
                self.fail("index", "README.md", f"does not link to {page.rel}")

    # -- rules: names ------------------------------------------------------
    def known_names(self):
        if self._known_names is None:
            t = self.tshark()
            fields = set()
            for line in t.run(["-G", "fields"]).stdout.decode(errors="replace").splitlines():
                cols = line.split("\t")
                if len(cols) > 2 and cols[0] == "F" and cols[2].startswith("srvsess."):
                    fields.add(cols[2])
            prefs = set(re.findall(r"^#?(srvsess\.[a-z0-9_.]+):", t.run(["-G", "defaultprefs"]).stdout.decode(), re.M))
            if not fields:
                raise SystemExit("tshark -G fields lists no srvsess field: is the plugin built in " + self.build + "?")
            self._known_names = fields | prefs
        return self._known_names

    def check_names(self):
        known = self.known_names()
        missing, pending = {}, set()
        for page in self.pages:
            for n, line in enumerate(page.lines, 1):
                for m in FIELD_RE.finditer(line):
                    name = m.group(0)
                    if name in NOT_FIELDS:
                        continue
                    if name in known:
                        self.ok("names")
                    else:
                        missing.setdefault(name, []).append(f"{page.rel}:{n}")
                        if re.search(r"issue \d+", line):
                            pending.add(name)
        reference = next((p for p in self.pages if p.rel == os.path.join("docs", "fields.md")), None)
        text = "\n".join(reference.lines) if reference else ""
        for name in sorted(known):
            if re.search(r"(?<![\w./-])%s(?![\w])" % re.escape(name), text):
                self.ok("documented")
            else:
                self.fail("documented", "docs/fields.md", f"{name} is registered by the plugin but not described")
        for name in sorted(missing):
            note = " (the page marks it as an open issue's: expected until that work is merged)" if name in pending else ""
            self.fail("names", ", ".join(missing[name][:4]) + (" ..." if len(missing[name]) > 4 else ""),
                      f"{name} is not a field, expert or preference of the built plugin{note}")

    # -- rules: figures and size ----------------------------------------
    def check_size(self):
        n = len(self.pages[0].lines) - (self.pages[0].lines[-1] == "")
        if n > README_MAX_LINES:
            self.fail("size", "README.md", f"{n} lines, more than {README_MAX_LINES}: move the detail to a docs/ page")
        else:
            self.ok("size")

    def check_figures(self):
        for page in self.pages:
            if page.rel != os.path.join("docs", "benchmarks.md"):
                continue
            rows = [n for n, line in page.prose if re.match(r"^\s*\|.*\|\s*$", line)]
            if rows:
                self.fail("figures", f"{page.rel}:{rows[0]}",
                          f"a Markdown table outside a fenced block ({len(rows)} rows): paste the script's output instead")
            else:
                self.ok("figures")

    # -- commands ----------------------------------------------------------
    def commands(self):
        """(where, words) for every command of every page."""
        for page in self.pages:
            for start, lang, lines in page.blocks:
                if lang not in SHELL_LANGS:
                    continue
                joined, first = "", None
                for i, line in enumerate(lines):
                    n = start + 1 + i
                    first = first or n
                    if line.rstrip().endswith("\\"):
                        joined += line.rstrip()[:-1] + " "
                        continue
                    joined += line
                    for words in split_commands(joined, f"{page.rel}:{first}", self):
                        yield f"{page.rel}:{first}", words
                    joined, first = "", None
            for n, code in page.inline_code():
                word = code.split(" ", 1)[0]
                if word in COMMAND_WORDS or word.startswith(("tools/", "tests/", "cmake/", "./")):
                    for words in split_commands(code, f"{page.rel}:{n}", self):
                        yield f"{page.rel}:{n}", words

    def check_named_files(self):
        for page in self.pages:
            for n, code in page.inline_code():
                if " " in code or "<" in code or re.search(r"\b[A-Z]{3,}\b", code):
                    continue
                if self.is_tree_path(code):
                    self.check_paths(f"{page.rel}:{n}", [code])

    def check_commands(self):
        for where, words in self.commands():
            words = strip_prefixes(words)
            if not words:
                continue
            self.check_paths(where, words)
            prog = words[0]
            script = None
            if prog in INTERPRETERS and len(words) > 1:
                script, args = words[1], words[2:]
            elif self.is_tree_path(prog):
                script, args = prog, words[1:]
            elif os.path.exists(os.path.join(self.root, "tools", prog)):
                script, args = os.path.join("tools", prog), words[1:]
            if script is not None and self.is_tree_path(script):
                self.check_options(where, script, args)
            if prog == "cmake":
                self.check_cmake(where, words)
            elif prog == "ctest":
                self.check_ctest(where, words)
            elif prog == "tshark":
                self.check_tshark(where, words)

    def is_tree_path(self, word):
        w = word[2:] if word.startswith("./") else word
        return "/" in w and w.split("/", 1)[0] in self.tree_dirs

    def check_paths(self, where, words):
        for word in words:
            if word.startswith("-") and "=" in word:
                word = word.split("=", 1)[1]
            if not self.is_tree_path(word):
                continue
            w = word[2:] if word.startswith("./") else word
            if glob.glob(os.path.join(self.root, w)):
                self.ok("paths")
            else:
                self.fail("paths", where, f"{word}: no such file in the tree")

    def check_options(self, where, script, args):
        path = os.path.join(self.root, script[2:] if script.startswith("./") else script)
        if not os.path.isfile(path):
            return   # reported by paths
        with open(path, encoding="utf-8", errors="replace") as f:
            src = f.read()
        for a in args:
            if a in COMMAND_WORDS:
                break   # a command handed to the script (matrix.sh --exec SUITE CMD...): not its options
            if not re.match(r"^--?[A-Za-z][\w-]*(=.*)?$", a):
                continue
            opt = a.split("=", 1)[0]
            if opt in ("-h", "--help") and "argparse" in src:
                self.ok("options")   # argparse adds them itself
                continue
            if re.search(r"""["'\s(|]%s["'\s)|=]""" % re.escape(opt), src):
                self.ok("options")
            else:
                self.fail("options", where, f"{script} has no option {opt}")

    def cmake_facts(self):
        if self._cmake is None:
            targets, variables = set(CMAKE_BUILTIN_TARGETS), set()
            for dirpath, dirs, files in os.walk(self.root, followlinks=True):
                dirs[:] = [d for d in dirs if not d.startswith(".")
                           and not os.path.exists(os.path.join(dirpath, d, "CMakeCache.txt"))]
                for f in files:
                    if f == "CMakeLists.txt" or f.endswith(".cmake"):
                        with open(os.path.join(dirpath, f), encoding="utf-8", errors="replace") as fh:
                            text = fh.read()
                        targets |= set(re.findall(r"add_(?:custom_target|library|executable)\(\s*([\w.-]+)", text))
                        variables |= set(re.findall(r"option\(\s*(\w+)", text))
                        variables |= set(re.findall(r"set\(\s*(\w+)[^)]*\bCACHE\b", text))
            self._cmake = (targets, variables)
        return self._cmake

    def check_cmake(self, where, words):
        targets, variables = self.cmake_facts()
        for i, w in enumerate(words):
            if w in ("--target", "-t") and i + 1 < len(words):
                for t in words[i + 1].split(","):
                    if t in targets:
                        self.ok("targets")
                    else:
                        self.fail("targets", where, f"cmake target {t} is defined in no CMake file")
            m = re.match(r"^-D(SRVSESS_\w+?)(?::\w+)?=", w)
            if m:
                if m.group(1) in variables:
                    self.ok("targets")
                else:
                    self.fail("targets", where, f"-D{m.group(1)}: no option() or CACHE variable of that name")

    def tests(self):
        if self._tests is None:
            out = subprocess.run(["ctest", "--show-only=json-v1"], cwd=self.build, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, check=True).stdout
            self._tests = []
            for t in json.loads(out)["tests"]:
                labels = []
                for p in t.get("properties", []):
                    if p["name"] == "LABELS":
                        labels = p["value"]
                self._tests.append((t["name"], labels))
        return self._tests

    def check_ctest(self, where, words):
        tests = self.tests()
        for i, w in enumerate(words[:-1]):
            rx = words[i + 1]
            if w in ("-R", "--tests-regex", "-E", "--exclude-regex"):
                hits = [n for n, _ in tests if re.search(rx, n)]
            elif w in ("-L", "--label-regex", "-LE", "--label-exclude"):
                hits = [n for n, labels in tests if any(re.search(rx, lab) for lab in labels)]
            else:
                continue
            if hits:
                self.ok("ctest")
            else:
                self.fail("ctest", where, f"ctest {w} {rx!r} matches no test of the build ({len(tests)} tests)")

    def check_tshark(self, where, words):
        args = list(words[1:])
        if "-r" not in args and "-G" not in args or "-w" in args:
            return   # live captures and written files are not run here
        if not self.run_tshark(words):
            return
        pcap = None
        if "-r" in args:
            i = args.index("-r")
            if i + 1 >= len(args):
                self.fail("recipes", where, "tshark -r without a file")
                return
            named = args[i + 1]
            del args[i:i + 2]
            cand = os.path.join(self.root, named)
            pcap = cand if self.is_tree_path(named) and os.path.isfile(cand) else os.path.join(self.root, "pcaps", "sample.pcap")
        self.recipes.append((where, words, args, pcap))

    def run_recipes(self):
        """The tshark commands gathered by check_tshark, one per core at a time
        (identical ones once): each must exit 0."""
        t = self.tshark()
        jobs = {}
        for where, words, args, pcap in self.recipes:
            jobs.setdefault((tuple(args), pcap), []).append((where, words))
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            procs = {key: pool.submit(t.run, list(key[0]), pcap=key[1], check=False, seekable="-2" in key[0])
                     for key in jobs}
        for key, uses in jobs.items():
            proc = procs[key].result()
            pcap = key[1]
            for where, words in uses:
                if proc.returncode == 0:
                    self.ok("recipes")
                    continue
                err = proc.stderr.decode(errors="replace").strip().splitlines()
                self.fail("recipes", where, f"tshark {' '.join(shlex.quote(a) for a in words[1:])} "
                          f"on {os.path.relpath(pcap, self.root) if pcap else '(no capture)'} exited "
                          f"{proc.returncode}: {' / '.join(err[:3])}")

    # -- all ----------------------------------------------------------------
    def run(self):
        self.check_links()
        self.check_figures()
        self.check_size()
        self.check_named_files()
        self.check_commands()
        self.run_recipes()
        self.check_names()
        return self.report()

    def report(self):
        print("pages: " + ", ".join(p.rel for p in self.pages))
        rules = ["links", "index", "paths", "options", "targets", "ctest", "names", "documented", "recipes",
                 "figures", "size"]
        bad = {}
        for rule, where, msg in self.problems:
            bad.setdefault(rule, []).append((where, msg))
        for rule in rules:
            state = f"FAIL ({len(bad[rule])})" if rule in bad else "ok"
            print(f"  {rule:10} {self.counts.get(rule, 0):4} checked  {state}")
        for rule in rules:
            for where, msg in bad.get(rule, []):
                print(f"FAIL {rule}: {where}: {msg}")
        if self.problems:
            print(f"{len(self.problems)} problem(s)")
            return 1
        print("every link, command and name on the pages holds")
        return 0


def split_commands(text, where, checker):
    """Shell words of each simple command in `text`: split at pipes, lists and
    redirections (a redirection's target is dropped), comments removed."""
    lex = shlex.shlex(text, posix=True, punctuation_chars=True)
    lex.whitespace_split = True
    lex.commenters = "#"
    try:
        tokens = list(lex)
    except ValueError as e:
        checker.fail("paths", where, f"cannot parse the command ({e}): {text}")
        return []
    out, cur, skip = [], [], False
    for tok in tokens:
        if skip:
            skip = False
            continue
        if tok and set(tok) <= set("|&;()"):
            if cur:
                out.append(cur)
            cur = []
        elif tok and set(tok) <= set("<>&") or re.match(r"^\d[<>]", tok):
            skip = not re.match(r"^\d?>&\d$", tok)
        else:
            cur.append(tok)
    if cur:
        out.append(cur)
    # `for f in ...; do`: the list of a for loop is not a command
    return [c for c in out if c[0] != "for" and c != ["done"]]


def strip_prefixes(words):
    words = list(words)
    while words:
        if words[0] in PREFIXES:
            if words[0] == "nice" and len(words) > 2 and words[1] == "-n":
                words = words[3:]
            else:
                words = words[1:]
        elif re.match(r"^[A-Za-z_]\w*=", words[0]):
            words = words[1:]
        else:
            break
    return words


def self_test(root, build):
    """Break each rule once in a scratch copy of the pages; every break must be reported."""
    scratch = tempfile.mkdtemp(prefix="srvsess-docs-selftest-")
    try:
        for d in os.listdir(root):
            if d in ("README.md", "docs") or d.startswith("."):
                continue
            os.symlink(os.path.join(root, d), os.path.join(scratch, d))
        shutil.copy2(os.path.join(root, "README.md"), scratch)
        os.mkdir(os.path.join(scratch, "docs"))
        for p in glob.glob(os.path.join(root, "docs", "*")):
            (shutil.copy2 if os.path.isfile(p) else shutil.copytree)(p, os.path.join(scratch, "docs"))
        breaks = {
            "links": "[gone](docs/no-such-page.md)",
            "links#": "[gone](docs/fields.md#no-such-heading)",
            "paths": "```sh\nsh tests/no_such_script.sh\n```",
            "options": "```sh\ntools/srvsess-scan --no-such-option pcaps/\n```",
            "targets": "```sh\ncmake --build build --target no-such-target\n```",
            "ctest": "```sh\nctest --test-dir build -R '^no_such_test$'\n```",
            "names": "`srvsess.no_such_field`",
            "named file": "`plugin/no-such-file.c`",
            "recipes": "```sh\ntshark -r capture.pcap -Y 'frame.number =='\n```",
        }
        with open(os.path.join(scratch, "README.md"), "a", encoding="utf-8") as f:
            f.write("\n\n## Broken on purpose\n\n" + "\n\n".join(breaks.values()) + "\n")
            f.write("\nfiller\n" * README_MAX_LINES)
        with open(os.path.join(scratch, "docs", "benchmarks.md"), "a", encoding="utf-8") as f:
            f.write("\n| run | seconds |\n|---|---|\n| loop | 1.0 |\n")
        ref = os.path.join(scratch, "docs", "fields.md")
        with open(ref, encoding="utf-8") as f:
            text = f.read()
        with open(ref, "w", encoding="utf-8") as f:
            f.write(text.replace("srvsess.transport", "transport"))
        with open(os.path.join(scratch, "docs", "orphan.md"), "w", encoding="utf-8") as f:
            f.write("# Not linked from the README\n")
        # the intact recipes were run by docs.links_and_commands: run only the broken one
        c = Checker(scratch, build, run_tshark=lambda words: "frame.number ==" in words)
        print("== the report on a copy of the pages broken on purpose (its FAIL lines are expected):")
        try:
            c.run()
        finally:
            c.close()
        missed = []
        for rule, needle in [("links", "no-such-page.md"), ("links", "no-such-heading"),
                             ("paths", "no_such_script.sh"), ("paths", "no-such-file.c"), ("options", "--no-such-option"),
                             ("targets", "no-such-target"), ("ctest", "no_such_test"),
                             ("names", "srvsess.no_such_field"), ("recipes", "frame.number =="),
                             ("figures", "Markdown table"), ("index", "orphan.md"),
                             ("size", "README.md"), ("documented", "srvsess.transport")]:
            if not any(r == rule and (needle in m or needle in w) for r, w, m in c.problems):
                missed.append(f"{rule} ({needle})")
        if missed:
            print("SELF-TEST FAILED: breaks not reported: " + ", ".join(missed))
            return 1
        print(f"self-test: all 13 deliberate breaks reported ({len(c.problems)} problems in the broken copy)")
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True, help="a configured and built build tree")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(HERE)), help="the source tree")
    ap.add_argument("--self-test", action="store_true", help="break each rule once in a scratch copy")
    a = ap.parse_args()
    if a.self_test:
        return self_test(os.path.abspath(a.root), a.build)
    c = Checker(a.root, a.build)
    try:
        return c.run()
    finally:
        c.close()


if __name__ == "__main__":
    sys.exit(main())
