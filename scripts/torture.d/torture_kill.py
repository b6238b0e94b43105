"""Phases 1 and 2: kill -9 (at random moments and at the Nth syscall) and full-disk faults; racing builds."""
import os, random, re, shutil, threading
from torture_lib import *  # noqa: F403

# The syscalls a fault is injected into (strace counts the Nth call per thread).
SETS = {
    "rename": "rename,renameat,renameat2",
    "write": "write,pwrite64,writev",
    "unlink": "unlink,unlinkat,rmdir",
    "openat": "openat,open,creat",
}
ALL = ",".join(SETS.values())


def _damage_object(proj, rng):
    objs = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(proj, ".animc-cache/objects")) for f in fs)
    p = rng.choice(objs)
    with open(p, "r+b") as f:
        data = bytearray(f.read())
        data[rng.randrange(len(data))] ^= 0x41
        f.seek(0), f.write(data)


# name → (template, arguments, outputs before, outputs after, outputs the next build must give, set-up)
def _ops(env):
    ref, changed = env.ref, env.ref_changed
    absent = {o: None for o in ref}
    return {
        "cold build": ("src", ["build", "-q"], absent, ref, ref, None),
        "rebuild": ("built", ["build", "-q"], ref, changed, changed, lambda p, r: env.change_frame(p)),
        "gc --max-size 1": ("built", ["cache", "gc", "--max-size", "1"], ref, ref, ref, None),
        "verify --repair": ("built", ["cache", "verify", "--repair"], ref, ref, ref, _damage_object),
        "clean": ("built", ["clean"], ref, absent, ref, None),
    }


class _Profile:
    """Per operation: its duration and the most calls one thread makes of each syscall set (from one strace run)."""
    def __init__(self):
        self.lock, self.data = threading.Lock(), {}

    def get(self, env, name, op):
        with self.lock:
            if name not in self.data:
                case = env.case("profile", name.replace(" ", "_"), os.path.join(env.tpl, op[0]))
                proj = os.path.join(case, "proj")
                if op[5]:
                    op[5](proj, random.Random(0))
                secs = run(env.animc(*op[1]), proj).secs
                shutil.rmtree(case)
                case = env.case("profile", name.replace(" ", "_"), os.path.join(env.tpl, op[0]))
                proj = os.path.join(case, "proj")
                if op[5]:
                    op[5](proj, random.Random(0))
                log = os.path.join(case, "strace.log")
                run(["strace", "-f", "-qq", "-o", log, "-e", "trace=" + ALL, *env.animc(*op[1])], proj, timeout=120)
                per = {}
                for line in open(log, errors="replace"):
                    m = re.match(r"(\d+)\s+(\w+)\(", line)
                    if m:
                        for s, names in SETS.items():
                            if m[2] in names.split(","):
                                per[(m[1], s)] = per.get((m[1], s), 0) + 1
                most = {s: max([n for (pid, k), n in per.items() if k == s] or [0]) for s in SETS}
                shutil.rmtree(case)
                self.data[name] = (secs, most)
            return self.data[name]


def kills(env, count, only=None):
    ph = Phase("kills", lambda p: f"kill points survived {p.c('survived')}/{p.c('killed')} "
                                  f"({p.c('not reached')} not reached; failed: {p.c('k outputs')} bad outputs, "
                                  f"{p.c('k next')} next builds, {p.c('k out tmp')} temp files in out/, "
                                  f"{p.c('k cache tmp')} temp files in the cache, {p.c('k verify')} verify); "
                                  f"disk-full faults survived {p.c('enospc ok')}/{p.c('enospc')} "
                                  f"({p.c('e crash')} crashes)")
    ops, prof = _ops(env), _Profile()
    names = list(ops)

    def one(i):
        rng = env.rng("kills", i)
        name = names[i % len(names)]
        op = ops[name]
        secs, most = prof.get(env, name, op)
        how = rng.choices(["time", "signal", "enospc"], [3, 5, 2])[0] if env.strace else "time"
        sets = [s for s in SETS if most[s] > 0 and (how != "enospc" or s in ("write", "rename", "openat"))]
        edge = env.strace and i < 2 * len(names) and most["rename"] > 0  # first: every operation at rename #1 and #2
        case = env.case("kills", i, os.path.join(env.tpl, op[0]))
        proj = os.path.join(case, "proj")
        if op[5]:
            op[5](proj, rng)
        outside = snapshot(case, skip=("proj",))
        sources = snapshot(proj, skip=("out", ".animc-cache"))
        log = os.path.join(env.work, "logs", f"kills-{i}.strace")
        os.makedirs(os.path.dirname(log), exist_ok=True)
        if (how == "time" or not sets) and not edge:
            at = rng.uniform(0, secs)
            what = f"{name}: SIGKILL after {at:.3f} s of {secs:.2f}"
            r = run(env.animc(*op[1]), proj, kill_after=at)
            reached = r.sig == 9
        else:
            s = rng.choice(sets)
            n = rng.randint(1, most[s])
            if edge:
                how, s, n = "signal", "rename", 1 + i // len(names)
            fault = "signal=SIGKILL" if how == "signal" else "error=ENOSPC"
            what = f"{name}: {fault} at {s} #{n} (of {most[s]} in one thread)"
            r = run(["strace", "-f", "-qq", "-o", log, "-e", "trace=" + SETS[s],
                     "-e", f"inject={SETS[s]}:{fault}:when={n}", *env.animc(*op[1])], proj)
            text = open(log, errors="replace").read() if os.path.exists(log) else ""
            reached = "killed by SIGKILL" in text if how == "signal" else "(INJECTED)" in text
        env.log(what, "->", r, "reached" if reached else "not reached")
        problems, classes = [], set()
        if r.hung:
            problems.append("the faulted run hung")
        if how == "enospc" and r.sig:
            classes.add("e crash")
            problems.append(f"a full disk made it crash (signal {r.sig}): {crash_message(r.err)}")
        got = digests(proj)
        for o in got:
            if got[o] not in (op[2][o], op[3][o]):
                classes.add("k outputs")
                problems.append(f"{o} is neither the old nor the new bytes ({got[o]})")
        if diff(sources, snapshot(proj, skip=("out", ".animc-cache"))):
            problems.append("sources changed")
        nxt = run(env.animc("build", "-q"), proj)
        if nxt.rc != 0:
            classes.add("k next")
            problems.append(f"the next build failed ({nxt}): {nxt.err.strip()[-400:]}")
        elif digests(proj) != op[4]:
            classes.add("k next")
            problems.append("the next build gave other bytes than an unkilled build")
        left = tmp_files(proj)
        if left:
            classes.add("k cache tmp" if all(p.startswith(".animc-cache/") for p in left) else "k out tmp")
            problems.append(f"temp files left after the next build: {left[:3]}")
        if name != "verify --repair" and nxt.rc == 0:
            v = run(env.animc("cache", "verify"), proj)
            if v.rc != 0:
                classes.add("k verify")
                problems.append(f"cache verify after the next build: {v}: {v.out.strip()[-300:]}")
        changed = env.outside_changed(case, outside)
        if changed:
            problems.append(f"wrote outside the project: {changed[:3]}")
        if how == "enospc":
            ph.count("enospc")
            ph.count("enospc ok" if not problems else "enospc bad")
            ph.count("e crash") if "e crash" in classes else None
        elif reached:
            ph.count("killed")
            ph.count("survived" if not problems else "died")
            for c in classes:
                ph.count(c)
        else:
            ph.count("not reached")
        if problems:
            ph.fail(i, f"{what}: " + "; ".join(problems))
        env.done(case, problems)

    env.map(one, count, only)
    return ph


def races(env, count, only=None):
    """Each round: 6 cold builds at once on one new cache (even rounds: one project; odd: six projects, one cache)."""
    K = 6
    ph = Phase("races", lambda p: f"racing builds {p.c('ok')}/{p.n} rounds of {K} ({p.c('runs ok')}/{p.c('runs')} builds exit 0)")

    def one(i):
        case = env.case("races", i)
        proj = os.path.join(case, "proj")
        outside = snapshot(case, skip=("proj",))
        shared = i % 2 == 1
        if shared:
            projects = [env.copy(os.path.join(env.tpl, "src"), os.path.join(proj, f"p{k}")) for k in range(K)]
            args = ["build", "-q", "--cache-dir", os.path.join(proj, "cache")]
        else:
            shutil.rmtree(proj)
            env.copy(os.path.join(env.tpl, "src"), proj)
            projects, args = [proj] * K, ["build", "-q"]
        procs = [start(env.animc(*args), p) for p in projects]
        results = [finish(p) for p in procs]
        problems = []
        for k, r in enumerate(results):
            ph.count("runs")
            if r.rc == 0:
                ph.count("runs ok")
            else:
                problems.append(f"build {k}: {r}: {r.err.strip()[-300:]}")
        for p in set(projects):
            if digests(p) != env.ref:
                problems.append(f"{os.path.basename(p)}: outputs differ from the reference")
            if tmp_files(p):
                problems.append(f"temp files left: {tmp_files(p)[:3]}")
        v = run(env.animc("cache", "verify", "--cache-dir", args[-1]) if shared else env.animc("cache", "verify"), projects[0])
        if v.rc != 0:
            problems.append(f"cache verify: {v}: {v.out.strip()[-300:]}")
        if env.outside_changed(case, outside):
            problems.append("wrote outside the project")
        with ph.lock:
            ph.n += 1
        if problems:
            ph.fail(i, ("six projects, one cache: " if shared else "one project: ") + "; ".join(problems))
        else:
            ph.count("ok")
        env.done(case, problems)

    env.map(one, count, only)
    return ph
