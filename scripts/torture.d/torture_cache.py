"""Phase 3: damaged caches. Damage one object, entry, record or marker of a warm cache, then build and verify."""
import json, os
from torture_lib import *  # noqa: F403

# (what is damaged, how); verify must flag the ones marked True.
DAMAGES = [
    ("object", "flip", True), ("object", "truncate", True), ("object", "empty", True),
    ("object", "swap", True), ("object", "delete", True),
    ("entry", "flip", True), ("entry", "truncate", True), ("entry", "empty", True), ("entry", "garbage", True),
    ("entry", "other kind, same size field", True), ("entry", "other kind, its size", True),
    ("entry", "object path ../../../outside/victim.gif", True), ("entry", "delete", False),
    ("record", "flip", False), ("record", "truncate", False), ("record", "empty", False), ("record", "garbage", False),
    ("marker", "empty", False), ("marker", "garbage", False), ("marker", "delete", False),
    ("stats", "garbage", False),
]
KINDS = ["gif", "palette", "quantized"]


def _entries(cache):
    out = []
    for d, _, fs in os.walk(os.path.join(cache, "entries")):
        for f in fs:
            p = os.path.join(d, f)
            try:
                out.append((p, json.load(open(p))))
            except (ValueError, OSError):
                pass
    return sorted(out, key=lambda e: e[0])


def _obj(cache, digest):
    return os.path.join(cache, "objects", digest[:2], digest)


def _mangle(path, how, rng):
    data = bytearray(open(path, "rb").read())
    if how == "flip" and data:
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    elif how == "truncate":
        data = data[: len(data) // 2]
    elif how == "empty":
        data = b""
    elif how == "garbage":
        data = bytes(rng.randrange(256) for _ in range(64))
    if how == "delete":
        os.remove(path)
    else:
        open(path, "wb").write(data)


def damage(cache, target, how, kind, rng):
    """Applies one damage; returns a description."""
    entries = _entries(cache)
    mine = [e for e in entries if e[1].get("kind") == kind] or entries
    path, entry = rng.choice(mine)
    if target == "object":
        obj = _obj(cache, entry["object"])
        if how == "swap":
            other = rng.choice([e for e in entries if e[1]["object"] != entry["object"]])
            open(obj, "wb").write(open(_obj(cache, other[1]["object"]), "rb").read())
        else:
            _mangle(obj, how, rng)
        return f"{how} the object of a {entry['kind']} entry"
    if target == "entry":
        if how.startswith("other kind"):
            other = rng.choice([e for e in entries if e[1].get("kind") != entry["kind"]])
            entry["object"] = other[1]["object"]
            if how.endswith("its size"):
                entry["size"] = other[1]["size"]
            json.dump(entry, open(path, "w"), sort_keys=True)
            return f"a {entry['kind']} entry names a {other[1]['kind']} object ({how})"
        if how.startswith("object path"):
            entry["object"] = "../../../outside/victim.gif"
            json.dump(entry, open(path, "w"), sort_keys=True)
            return f"a {entry['kind']} entry names {entry['object']}"
        if how == "flip":  # a flipped digit of its key or object name (a flip in the description changes nothing)
            field = rng.choice(["key", "object"])
            j = rng.randrange(64)
            entry[field] = entry[field][:j] + ("0" if entry[field][j] != "0" else "1") + entry[field][j + 1:]
            json.dump(entry, open(path, "w"), sort_keys=True)
            return f"a flipped digit in the {field} of a {entry['kind']} entry"
        _mangle(path, how, rng)
        return f"{how} a {entry['kind']} entry"
    if target == "record":
        recs = sorted(os.listdir(os.path.join(cache, "records")))
        _mangle(os.path.join(cache, "records", rng.choice(recs)), how, rng)
        return f"{how} the build record"
    _mangle(os.path.join(cache, "animc-cache.json" if target == "marker" else "stats.json"), how, rng)
    return f"{how} {'animc-cache.json' if target == 'marker' else 'stats.json'}"


def damaged_caches(env, count, only=None):
    ph = Phase("caches", lambda p: f"damaged caches {p.n - len(p.bad)}/{p.n} ({p.c('rebuilt')} rebuilt the "
                                   f"reference bytes, {p.c('refused')} refused with a named file; verify flagged "
                                   f"{p.c('flagged')}/{p.c('must flag')})")

    def one(i):
        rng = env.rng("caches", i)
        target, how, must_flag = DAMAGES[i % len(DAMAGES)]
        kind = KINDS[(i // len(DAMAGES)) % len(KINDS)]
        case = env.case("caches", i, os.path.join(env.tpl, "built"))
        proj = os.path.join(case, "proj")
        cache = os.path.join(proj, ".animc-cache")
        what = damage(cache, target, how, kind, rng)
        outside = snapshot(case, skip=("proj",))
        problems = []
        v = run(env.animc("cache", "verify", "--json"), proj)
        if must_flag:
            ph.count("must flag")
            if v.rc in (1, 2):
                ph.count("flagged")
            else:
                problems.append(f"cache verify did not flag it ({v})")
        if v.sig or v.hung:
            problems.append(f"cache verify: {v}")
        keep_outputs = target in ("record", "stats") and rng.random() < 0.5
        if not keep_outputs:
            for o in OUTPUTS:
                os.remove(os.path.join(proj, o))
        b = run(env.animc("build", "-q"), proj)
        env.log(what, "-> verify", v, "build", b, b.err.strip()[-500:])
        if b.rc == 0:
            if digests(proj) == env.ref:
                ph.count("rebuilt")
            else:
                bad = [o for o, d in digests(proj).items() if d != env.ref[o]]
                problems.append(f"build exit 0 but wrong bytes in {bad}")
        elif b.rc in (1, 2):
            errs = error_lines(b.err)
            unnamed = [l for l in errs if not (LOCATED.match(l) or NAMED.match(l) or ".animc-cache" in l)]
            if errs and not unnamed:
                ph.count("refused")
            else:
                problems.append(f"build failed ({b}) without naming a file: {(unnamed or [b.err.strip()])[0][:200]}")
        else:
            problems.append(f"build: {b}: {b.err.strip()[-300:]}")
        changed = env.outside_changed(case, outside)
        if changed:
            problems.append(f"wrote outside the project: {changed[:3]}")
        with ph.lock:
            ph.n += 1
        if problems:
            ph.fail(i, f"{what}: " + "; ".join(problems))
        env.done(case, problems)

    env.map(one, count, only)
    return ph
