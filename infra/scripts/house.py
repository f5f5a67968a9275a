#!/usr/bin/env python3
"""The house rules of DESIGN.md §6 ("Second step"), measured on the source tree.

  python3 infra/scripts/house.py            # figures, and exit 1 if a rule is broken
  python3 infra/scripts/house.py --report   # figures only (always exit 0)
  python3 infra/scripts/house.py --summary  # one line a rule (always exit 0)

Rules:
  1. no import circles among one crate's source files;
  2. no import from the ground floor of shared/core (ids, error, keys, ports, commit,
     events) up to a feature area;
  3. no non-test function over 60 lines;
  4. no source file over 450 lines;
  5. no pk/sk building (keys::, Item, WriteOp, Cond, .record()) in shared/core outside the
     store modules, keys.rs, commit.rs and the ports.

A Rust parser would be exact; this reads braces, strings and comments well enough for our
own code, and a test (tests/tests/house.rs) keeps it honest on known shapes.
"""
import os
import re
import sys
from collections import defaultdict

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
SOURCE_DIRS = ["shared", "functions", "infra", "tests"]
MAX_FN_LINES = 60
MAX_FILE_LINES = 450
GROUND_FLOOR = {"ids", "error", "keys", "ports", "commit", "events"}
FEATURE_AREAS = {
    "auth", "cases", "contacts", "customers", "dealers", "estimates", "mobile",
    "notifications", "parts", "procede", "sms", "transcripts",
}
STORAGE_WORDS = re.compile(r"\bkeys::|\bItem::|\bItem\s*\{|\bWriteOp::|\bCond::|\.record\(\)")


def rust_files():
    for top in SOURCE_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, top)):
            dirnames[:] = [d for d in dirnames if d not in ("target", "node_modules", ".tools")]
            for f in filenames:
                if f.endswith(".rs"):
                    yield os.path.relpath(os.path.join(dirpath, f), ROOT)


def blank_out(src):
    """The source with comments, strings and char literals replaced by spaces (newlines
    kept), so braces and words are only code's."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif src.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if src.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif src.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif c == "r" and re.match(r'r#*"', src[i:i + 70]) and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_")):
            hashes = re.match(r'r(#*)"', src[i:]).group(1)
            end = src.find('"' + hashes, i + len(hashes) + 2)
            end = n if end < 0 else end + 1 + len(hashes)
            out.append('"' + re.sub(r"[^\n]", " ", src[i + 1:end - 1]) + '"')
            i = end
        elif c == '"' or (c == "b" and src.startswith('b"', i)):
            j = i + (2 if c == "b" else 1)
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            out.append('"' + re.sub(r"[^\n]", " ", src[i + 1:j]) + '"')
            i = j + 1
        elif c == "'":
            m = re.match(r"'(\\.[^']*|[^\\'])'", src[i:])
            if m:
                out.append(" " * len(m.group(0)))
                i += len(m.group(0))
            else:  # a lifetime
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def matching_brace(code, open_at):
    depth = 0
    for j in range(open_at, len(code)):
        if code[j] == "{":
            depth += 1
        elif code[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(code) - 1


def test_spans(code):
    """Character spans of #[cfg(test)] items and #[test]-like functions."""
    spans = []
    for m in re.finditer(r"#\[(cfg\(test\)|test|tokio::test[^\]]*)\]", code):
        brace = code.find("{", m.end())
        semi = code.find(";", m.end())
        if brace < 0 or (0 <= semi < brace):
            continue
        spans.append((m.start(), matching_brace(code, brace)))
    return spans


def is_test_file(path):
    parts = path.split(os.sep)
    return "tests" in parts[1:] or "benches" in parts or parts[0] == "tests" or "fuzz" in parts


def long_functions(path, code):
    if is_test_file(path):
        return []
    spans = test_spans(code)
    found = []
    for m in re.finditer(r"\bfn\s+([A-Za-z_][A-Za-z0-9_]*)", code):
        if any(a <= m.start() <= b for a, b in spans):
            continue
        # The body's brace: the first `{` at depth 0 of () and <> after the signature.
        j, paren = m.end(), 0
        while j < len(code):
            ch = code[j]
            if ch in "([":
                paren += 1
            elif ch in ")]":
                paren -= 1
            elif ch == ";" and paren == 0:
                j = -1
                break
            elif ch == "{" and paren == 0:
                break
            j += 1
        if j < 0 or j >= len(code):
            continue
        end = matching_brace(code, j)
        first = code.count("\n", 0, m.start()) + 1
        last = code.count("\n", 0, end) + 1
        lines = last - first + 1
        if lines > MAX_FN_LINES:
            found.append((path, first, m.group(1), lines))
    return found


def crate_of(path):
    parts = path.split(os.sep)
    if parts[0] in ("shared", "functions") and len(parts) > 2:
        return os.path.join(parts[0], parts[1])
    return parts[0]


def module_of(path):
    """`shared/core/src/sms/links.rs` → ("shared/core", ("sms", "links"))."""
    crate = crate_of(path)
    rest = os.path.relpath(path, crate).split(os.sep)
    if rest[0] != "src":
        return crate, None
    mods = rest[1:]
    mods[-1] = mods[-1][:-3]
    if mods[-1] in ("mod", "lib", "main"):
        mods = mods[:-1]
    return crate, tuple(mods)


USE_PATH = re.compile(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")


def use_targets(code):
    """Paths named with crate:: or super::, with `use` groups expanded one level."""
    targets = []
    for m in re.finditer(r"\buse\s+(crate|super)::([^;]*);", code):
        head, body = m.group(1), re.sub(r"\s+", "", m.group(2))
        base, _, group = body.partition("{")
        if group:
            for item in re.split(r",(?![^{]*\})", group.rstrip("}")):
                item = item.split("{")[0].split("::")
                targets.append((head, [p for p in (base.rstrip(":").split("::") + item) if p and p != "self"]))
        else:
            targets.append((head, [p for p in body.split("::") if p]))
    uses = " ".join(m.group(0) for m in re.finditer(r"\buse\s+[^;]*;", code))
    rest = code
    for m in re.finditer(r"\buse\s+[^;]*;", code):
        rest = rest.replace(m.group(0), " " * len(m.group(0)), 1)
    del uses
    for m in USE_PATH.finditer(rest):
        targets.append((m.group(1), m.group(2).strip(":").split("::")))
    return targets


def import_graph(sources):
    modules = {}
    for path in sources:
        crate, mods = module_of(path)
        if mods is not None:
            modules[(crate, mods)] = path
    edges = defaultdict(set)
    for path, code in sources.items():
        crate, mods = module_of(path)
        if mods is None:
            continue
        spans = test_spans(code)
        live = list(code)
        for a, b in spans:
            live[a:b + 1] = [" "] * (b - a + 1)
        live = "".join(live)
        is_dir_module = os.path.basename(path) in ("mod.rs", "lib.rs", "main.rs")
        for head, segs in use_targets(live):
            if head == "crate":
                base = []
            else:
                here = list(mods) if is_dir_module else list(mods[:-1])
                while segs and segs[0] == "super":
                    segs = segs[1:]
                    here = here[:-1]
                base = here
            full = base + segs
            # The longest prefix that is a file of this crate.
            for k in range(len(full), 0, -1):
                target = modules.get((crate, tuple(full[:k])))
                if target:
                    if target != path:
                        edges[path].add(target)
                    break
    return edges


def circles(edges):
    """Strongly connected components with more than one file (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in list(edges):
        if v not in index:
            visit(v)
    return out


def area_of(path):
    crate, mods = module_of(path)
    if crate != os.path.join("shared", "core") or not mods:
        return None
    return mods[0]


def upward_imports(edges):
    found = []
    for src, targets in edges.items():
        if area_of(src) in GROUND_FLOOR:
            for t in sorted(targets):
                if area_of(t) in FEATURE_AREAS:
                    found.append((src, t))
    return found


def storage_outside_stores(path, code):
    if not path.startswith(os.path.join("shared", "core", "src")):
        return []
    name = os.path.basename(path)
    area = area_of(path)
    # The stores: each area's store.rs, the outbox (the events' store), the idempotency
    # records' module (it is nothing but their store), keys, commit and the ports.
    rel = os.path.relpath(path, os.path.join("shared", "core", "src"))
    if (
        name == "store.rs"
        or rel in (os.path.join("events", "outbox.rs"), "idempotency.rs")
        or area in ("keys", "commit", "ports")
    ):
        return []
    spans = test_spans(code)
    found = []
    for m in STORAGE_WORDS.finditer(code):
        if any(a <= m.start() <= b for a, b in spans):
            continue
        found.append((path, code.count("\n", 0, m.start()) + 1, m.group(0).strip()))
    return found


def main():
    report_only = "--report" in sys.argv or "--summary" in sys.argv
    summary = "--summary" in sys.argv
    sources = {}
    for path in sorted(rust_files()):
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            sources[path] = blank_out(f.read())
    raw_lines = {p: open(os.path.join(ROOT, p), encoding="utf-8").read().count("\n") for p in sources}

    edges = import_graph(sources)
    loops = circles(edges)
    upward = upward_imports(edges)
    long_fns = [f for p, c in sources.items() for f in long_functions(p, c)]
    big_files = sorted(((n, p) for p, n in raw_lines.items() if n > MAX_FILE_LINES), reverse=True)
    storage = [s for p, c in sources.items() for s in storage_outside_stores(p, c)]

    print(f"house: {len(sources)} source files, {sum(raw_lines.values())} lines")
    print(f"  import circles:                         {len(loops)}")
    for comp in [] if summary else loops:
        print("    " + " ↔ ".join(comp))
    print(f"  imports from the ground floor upward:   {len(upward)}")
    for src, t in [] if summary else upward:
        print(f"    {src} → {t}")
    print(f"  non-test functions over {MAX_FN_LINES} lines:      {len(long_fns)}")
    for path, line, name, n in [] if summary else sorted(long_fns, key=lambda f: -f[3]):
        print(f"    {n:4} {name} ({path}:{line})")
    print(f"  source files over {MAX_FILE_LINES} lines:           {len(big_files)}")
    for n, p in [] if summary else big_files:
        print(f"    {n:5} {p}")
    by_file = defaultdict(int)
    for p, _, _ in storage:
        by_file[p] += 1
    print(f"  storage words outside the stores:       {len(storage)} in {len(by_file)} files")
    for p, n in [] if summary else sorted(by_file.items(), key=lambda x: -x[1]):
        print(f"    {n:4} {p}")
    broken = loops or upward or long_fns or big_files or storage
    if broken and not report_only:
        print("house: a rule of DESIGN.md §6 is broken (see above)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
