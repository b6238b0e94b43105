"""Shared pieces of scripts/torture: running animc, snapshots, digests, case folders, reference builds."""
import hashlib, os, random, re, resource, shutil, signal, subprocess, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUTS = ["out/bounce.gif", "out/hero-walk.gif", "out/spinner.gif"]
MEMORY_LIMIT = 4 << 30        # RLIMIT_AS of every animc run: a runaway allocation fails instead of eating the machine
RSS_LIMIT_KB = 1 << 20        # a fuzzed build of a tiny project using more than 1 GiB resident is a bad outcome
TIMEOUT = 20.0                # seconds; a run still going then is a hang


class Result:
    def __init__(self, rc, sig, hung, out, err, rss_kb, secs):
        self.rc, self.sig, self.hung, self.out, self.err, self.rss_kb, self.secs = rc, sig, hung, out, err, rss_kb, secs

    def __repr__(self):
        what = "hang" if self.hung else (f"signal {self.sig}" if self.sig else f"exit {self.rc}")
        return f"{what}, {self.rss_kb // 1024} MiB, {self.secs:.1f} s"


def _limits():
    os.setsid()
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def start(args, cwd):
    """Starts a run in its own process group, with the memory limit; output goes to temporary files."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    p = subprocess.Popen(args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, preexec_fn=_limits,
                         env=_env())
    p._files = (out, err)
    p._t0 = time.monotonic()
    return p


def _env():
    e = dict(os.environ)
    e.pop("ANIMC_CACHE_DIR", None)
    e["SWIFT_BACKTRACE"] = "enable=no"  # a crash is reported by its signal and first message, not a backtrace
    return e


def finish(p, timeout=TIMEOUT, kill_after=None):
    """Waits for `p` (killing its group with SIGKILL after `kill_after` s, or as a hang after `timeout` s)."""
    hung = False
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        elapsed = time.monotonic() - p._t0
        if kill_after is not None and elapsed >= kill_after:
            _killgroup(p.pid)
            kill_after = None
        elif elapsed > timeout:
            hung = True
            _killgroup(p.pid)
        time.sleep(0.005)
    p.returncode = 0  # reaped here; keep Popen from waiting again
    out, err = p._files
    out.seek(0), err.seek(0)
    o, e = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    out.close(), err.close()
    rc = os.waitstatus_to_exitcode(status)
    sig = -rc if rc < 0 else 0
    return Result(rc if rc >= 0 else None, sig, hung, o, e, ru.ru_maxrss, time.monotonic() - p._t0)


def _killgroup(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run(args, cwd, timeout=TIMEOUT, kill_after=None):
    return finish(start(args, cwd), timeout, kill_after)


def sha(path):
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        return "directory"


def digests(proj, outputs=OUTPUTS):
    return {o: sha(os.path.join(proj, o)) for o in outputs}


def snapshot(top, skip=()):
    """Relative path → (kind, content digest or link target, mode) of everything under `top`, minus `skip` prefixes."""
    snap = {}
    for d, dirs, files in os.walk(top):
        rel_d = os.path.relpath(d, top)
        dirs[:] = [x for x in dirs if not _skipped(os.path.normpath(os.path.join(rel_d, x)), skip)]
        for name in dirs + files:
            p = os.path.join(d, name)
            rel = os.path.normpath(os.path.join(rel_d, name))
            if _skipped(rel, skip):
                continue
            st = os.lstat(p)
            if os.path.islink(p):
                snap[rel] = ("link", os.readlink(p), 0)
            elif os.path.isdir(p):
                snap[rel] = ("dir", "", st.st_mode & 0o7777)
            else:
                snap[rel] = ("file", sha(p), st.st_mode & 0o7777)
    return snap


def _skipped(rel, skip):
    return any(rel == s or rel.startswith(s + "/") for s in skip)


def diff(before, after):
    """Paths added, removed or changed between two snapshots."""
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def tmp_files(top):
    return [os.path.relpath(os.path.join(d, f), top) for d, _, fs in os.walk(top) for f in fs if ".animc-tmp-" in f]


ERROR = re.compile(r"(^|\s)error:")
LOCATED = re.compile(r"^[^\s:][^:]*\.yaml:\d+:\d+: error: ")
NAMED = re.compile(r"^(?P<path>[^\s:][^:]*): error: ")


def crash_message(stderr):
    lines = [l for l in stderr.splitlines() if "Fatal error" in l or "fatal error" in l or "error:" in l]
    return (lines or stderr.strip().splitlines()[-1:] or ["(no message)"])[0][:240]


def error_lines(stderr):
    return [l for l in stderr.splitlines() if ERROR.search(l)]


class Phase:
    """One phase's counters and bad cases; `figure` renders its line."""
    def __init__(self, name, render):
        self.name, self.render, self.lock = name, render, threading.Lock()
        self.n, self.bad, self.counts = 0, [], {}

    def count(self, key, by=1):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + by

    def fail(self, index, what):
        with self.lock:
            what = " ".join(what.split())  # one line per bad case
            self.bad.append(f"[{self.name}:{index}] {what[:700]}")

    def figure(self):
        return self.render(self)

    def c(self, key):
        return self.counts.get(key, 0)


class Env:
    """The binary, the work folder, the seed, and the reference projects every phase copies."""
    def __init__(self, exe, work, seed, quick, jobs):
        self.exe, self.work, self.seed, self.quick, self.jobs = exe, work, seed, quick, jobs
        self.verbose = False
        self._outside = 0
        self.harness_errors = 0
        self._lock = threading.Lock()
        self.tpl = os.path.join(work, "templates")
        self.repro = os.path.join(work, "repro")

    def rng(self, phase, index):
        return random.Random(f"{self.seed}:{phase}:{index}")

    def animc(self, *args):
        return [self.exe, *args]

    def log(self, *a):
        if self.verbose:
            print("   ", *a, flush=True)

    # Reference projects ------------------------------------------------------------------------------------------
    def prepare(self):
        os.makedirs(self.tpl)
        src = os.path.join(self.tpl, "src")
        shutil.copytree(os.path.join(ROOT, "samples"), src, ignore=shutil.ignore_patterns("out", ".*"))
        built = self.copy(src, os.path.join(self.tpl, "built"))
        r = run(self.animc("build", "-q"), built, timeout=120)
        if r.rc != 0:
            raise SystemExit(f"torture: the reference build failed ({r}):\n{r.err}")
        self.ref = digests(built)
        self.build_secs = max(0.3, r.secs)
        changed = self.copy(built, os.path.join(self.tpl, "changed"))
        self.change_frame(changed)
        r = run(self.animc("build", "-q"), changed, timeout=120)
        self.ref_changed = digests(changed)
        # A cold build of the changed sources must give the same bytes as the rebuild.
        cold = self.copy(src, os.path.join(self.tpl, "changed-cold"))
        self.change_frame(cold)
        run(self.animc("build", "-q"), cold, timeout=120)
        if r.rc != 0 or digests(cold) != self.ref_changed or self.ref_changed == self.ref:
            raise SystemExit("torture: the changed-frame reference builds disagree")
        shutil.rmtree(cold)
        self.sentinel = os.path.join(self.work, "sentinel")
        os.makedirs(self.sentinel)
        with open(os.path.join(self.sentinel, "keep.txt"), "w") as f:
            f.write("animc must never touch this\n")
        self.sentinel_snap = snapshot(self.sentinel)

    @staticmethod
    def change_frame(proj):
        """The 'frame change' of a rebuild: bounce/frame5.png gets frame 20's picture."""
        shutil.copyfile(os.path.join(proj, "bounce/frame20.png"), os.path.join(proj, "bounce/frame5.png"))

    @staticmethod
    def copy(src, dst):
        shutil.copytree(src, dst, symlinks=True)
        return dst

    # Case folders: case/proj is the project, case/outside a sibling that nothing may touch -------------------------
    def case(self, phase, index, template=None):
        case = os.path.join(self.work, "cases", f"{phase}-{index}")
        shutil.rmtree(case, ignore_errors=True)
        os.makedirs(os.path.join(case, "outside"))
        with open(os.path.join(case, "outside", "victim.gif"), "wb") as f:
            f.write(b"GIF89a not animc's\n")
        with open(os.path.join(case, "outside", "notes.txt"), "w") as f:
            f.write("hand-made\n")
        if template:
            self.copy(template, os.path.join(case, "proj"))
        else:
            os.makedirs(os.path.join(case, "proj"))
        return case

    def outside_changed(self, case, before, new_files_allowed=False):
        """What changed next to the project; with `new_files_allowed` (allow-outputs-outside), only changes to
        files that were there before count."""
        changed = [c for c in diff(before, snapshot(case, skip=("proj",))) if not new_files_allowed or c in before]
        if changed:
            with self._lock:
                self._outside += 1
        return changed

    def done(self, case, bad):
        if bad or self.verbose:
            if not self.verbose:
                os.makedirs(self.repro, exist_ok=True)
                shutil.move(case, os.path.join(self.repro, os.path.basename(case)))
        else:
            shutil.rmtree(case, ignore_errors=True)

    def outside_writes(self):
        if diff(self.sentinel_snap, snapshot(self.sentinel)):
            self._outside += 1
        return self._outside

    def map(self, fn, count, only=None):
        """Runs fn(index) for every case (or just `only`), `jobs` at a time."""
        indices = [only] if only is not None else range(count)

        def guarded(i):
            try:
                fn(i)
            except Exception:
                import traceback
                with self._lock:
                    self.harness_errors += 1
                print(f"torture: case {i} raised (a bug in the torture suite):\n{traceback.format_exc()}", flush=True)

        with ThreadPoolExecutor(self.jobs) as pool:
            for _ in pool.map(guarded, indices):
                pass
