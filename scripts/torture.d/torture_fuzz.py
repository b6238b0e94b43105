"""Phases 4 and 5: mutated manifests and mutated PNGs, built by the real binary."""
import io, os, shutil, threading
from torture_lib import *  # noqa: F403
import torture_mutate as mutate

_lock = threading.Lock()


def _template(env, name, make):
    with _lock:
        path = os.path.join(env.tpl, name)
        if not os.path.exists(path):
            make(path)
        return path


def _fuzz_project(path):
    from PIL import Image
    os.makedirs(os.path.join(path, "f"))
    os.makedirs(os.path.join(path, "seq"))
    for i in range(4):
        im = Image.new("RGBA", (20, 16), (40 * i, 200 - 30 * i, 90, 255))
        im.putpixel((i * 3, i * 2), (255, 255, 255, 0))
        im.save(os.path.join(path, "f", f"a{i + 1}.png"))
        im.save(os.path.join(path, "seq", f"s_{i:03d}.png"))
    sheet = Image.new("RGBA", (26, 8), (0, 0, 0, 0))
    for t in range(3):
        sheet.paste(Image.new("RGBA", (8, 8), (80 * t, 100, 200, 255)), (t * 9, 0))
    sheet.save(os.path.join(path, "sheet.png"))
    os.symlink("../outside", os.path.join(path, "linked"))  # a symlinked folder that leads out of the project


def manifests(env, count, only=None):
    ph = Phase("manifests", lambda p: f"manifests {p.n}: {p.c('crash')} crashes, {p.c('hang')} hangs, "
                                      f"{p.c('memory')} over {RSS_LIMIT_KB >> 10} MiB, {p.c('exit')} other exit codes, "
                                      f"{p.c('unlocated')} unlocated errors, {p.c('sources')} sources overwritten "
                                      f"(exit 0/1/2: {p.c('rc0')}/{p.c('rc1')}/{p.c('rc2')}; max RSS {p.c('rss') >> 10} MiB)")
    tpl = _template(env, "fuzz", _fuzz_project)

    def one(i):
        rng = env.rng("manifests", i)
        case = env.case("manifests", i, tpl)
        proj = os.path.join(case, "proj")
        text, what = mutate.manifest(rng, outside=os.path.join(case, "outside"))
        with open(os.path.join(proj, "animc.yaml"), "wb") as f:
            f.write(text)
        outside = snapshot(case, skip=("proj",))
        sources = snapshot(proj)
        problems = []
        for args in (["build", "-q"], ["clean"]):
            r = run(env.animc(*args), proj)
            env.log(" ".join(args), "->", r, r.err.strip()[-800:])
            problems += _judge(ph, r, args[0])
            if args[0] == "build":
                ph.count(f"rc{r.rc}") if r.rc in (0, 1, 2) else None
                with ph.lock:
                    ph.counts["rss"] = max(ph.c("rss"), r.rss_kb)
            now = snapshot(proj)
            gone = [k for k in sources if sources[k] != now.get(k)]
            if gone:
                ph.count("sources")
                problems.append(f"{args[0]} changed sources or the manifest: {gone[:3]}")
            # With allow-outputs-outside, new files outside are allowed; overwriting one animc did not write never is.
            changed = env.outside_changed(case, outside, new_files_allowed=b"allow-outputs-outside:" in text)
            if changed:
                problems.append(f"{args[0]} wrote outside the project: {changed[:3]}")
            if r.rc != 0 or problems:
                break
        with ph.lock:
            ph.n += 1
        if problems:
            ph.fail(i, f"{what}: " + "; ".join(dict.fromkeys(problems)))
        env.done(case, problems)

    env.map(one, count, only)
    return ph


def _judge(ph, r, command):
    """A run's bad outcomes: signal, hang, memory, exit code, error lines that are not located (manifest problems,
    exit 2) or neither located nor naming a file (exit 1)."""
    if r.hung:
        ph.count("hang")
        return [f"{command} hung ({r})"]
    if r.sig:
        ph.count("crash")
        return [f"{command} crashed ({r}): {crash_message(r.err)}"]
    out = []
    if r.rss_kb > RSS_LIMIT_KB:
        ph.count("memory")
        out.append(f"{command} used {r.rss_kb >> 10} MiB")
    if r.rc not in (0, 1, 2):
        ph.count("exit")
        out.append(f"{command}: exit {r.rc}")
    errs = error_lines(r.err)
    bad = [l for l in errs if not LOCATED.match(l)] if r.rc == 2 else \
          [l for l in errs if not (LOCATED.match(l) or NAMED.match(l))]
    if bad:
        ph.count("unlocated")
        out.append(f"{command} exit {r.rc}, unlocated error: {bad[0][:160]!r}")
    return out


def _png_project(env, path):
    os.makedirs(os.path.join(path, "f"))
    shutil.copyfile(os.path.join(env.tpl, "src", "bounce", "frame1.png"), os.path.join(path, "f", "a.png"))
    shutil.copyfile(os.path.join(env.tpl, "src", "spinner", "spin_000.png"), os.path.join(path, "f", "m.png"))
    with open(os.path.join(path, "animc.yaml"), "w") as f:
        f.write("version: 1\nanimations:\n  m:\n    output: out/m.gif\n    frames:\n      - file: f/m.png\n"
                "  other:\n    output: out/other.gif\n    frames:\n      - file: f/a.png\n")
    r = run(env.animc("build", "-q"), path, timeout=60)
    if r.rc != 0:
        raise SystemExit(f"torture: the PNG template does not build: {r.err}")


def pngs(env, count, only=None):
    ph = Phase("pngs", lambda p: f"PNGs {p.n}: {p.c('crash')} crashes, {p.c('hang')} hangs, "
                                 f"{p.c('memory')} over {RSS_LIMIT_KB >> 10} MiB, {p.c('exit')} other exit codes, "
                                 f"{p.c('unnamed')} errors not naming the file, {p.c('half')} bad outputs "
                                 f"(built {p.c('rc0')}, refused {p.c('rc1')}; max RSS {p.c('rss') >> 10} MiB)")
    tpl = _template(env, "png", lambda p: _png_project(env, p))
    seeds = mutate.png_seeds(env)
    old = digests(tpl, ["out/m.gif", "out/other.gif"])

    def one(i):
        rng = env.rng("pngs", i)
        case = env.case("pngs", i, tpl)
        proj = os.path.join(case, "proj")
        data, what = mutate.png(rng, seeds)
        with open(os.path.join(proj, "f", "m.png"), "wb") as f:
            f.write(data)
        outside = snapshot(case, skip=("proj",))
        r = run(env.animc("build", "-q", "--keep-going"), proj)
        env.log(what, "->", r, r.err.strip()[-800:])
        problems = [p for p in _judge(ph, r, "build") if "unlocated" not in p]
        with ph.lock:
            ph.counts["rss"] = max(ph.c("rss"), r.rss_kb)
        if r.rc in (0, 1):
            ph.count(f"rc{r.rc}")
        if r.rc == 2:
            ph.count("exit")
            problems.append(f"exit 2 for a bad frame: {r.err.strip()[-200:]}")
        errs = error_lines(r.err)
        if r.rc == 1 and not any("f/m.png" in l for l in errs) or any(not (LOCATED.match(l) or NAMED.match(l)) for l in errs):
            ph.count("unnamed")
            problems.append(f"the error does not name f/m.png: {(errs or [r.err.strip()])[0][:160]!r}")
        got = digests(proj, ["out/m.gif", "out/other.gif"])
        if got["out/other.gif"] != old["out/other.gif"]:
            ph.count("half")
            problems.append("out/other.gif changed")
        if got["out/m.gif"] not in (old["out/m.gif"], None) and not _complete_gif(os.path.join(proj, "out/m.gif")):
            ph.count("half")
            problems.append("out/m.gif is not a complete GIF")
        if tmp_files(os.path.join(proj, "out")):
            ph.count("half")
            problems.append(f"temp files left in out/: {tmp_files(os.path.join(proj, 'out'))}")
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


def _complete_gif(path):
    from PIL import Image
    data = open(path, "rb").read()
    if not (data.startswith(b"GIF89a") and data.endswith(b";")):
        return False
    try:
        im = Image.open(io.BytesIO(data))
        for k in range(getattr(im, "n_frames", 1)):
            im.seek(k)
            im.load()
        return True
    except Exception:
        return False
