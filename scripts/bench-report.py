#!/usr/bin/env python3
"""Tables for scripts/bench (standard library only).

usage:
  bench-report.py peers SET RAW.tsv SUMMARY.tsv
      RAW.tsv: one line per tool and repeat, tab-separated:
        tool repeat wall_s peak_rss_mb bytes psnr_db psnr_min_db gif_frames loop status cksum
      (animc's lines and the lines peers.sh printed, one peers.sh call per repeat).
      Prints one Markdown table for the frame set, with medians over repeats and
      ratios against the best peer; appends one line to SUMMARY.tsv for the overview.
  bench-report.py summary SUMMARY.tsv
      Prints the overview table (one row per frame set).

Rules:
  - wall and peak RSS are medians over repeats; bytes and PSNR are from the last repeat
    (outputs that differ between repeats are flagged).
  - gifsicle rows time gifsicle alone on an ffmpeg GIF; their "pipeline" time adds the
    ffmpeg run that made that GIF, and the pipeline time is what ratios use.
  - python-startup is the interpreter+imports baseline, never a "best" peer; nor is decode-floor (every PNG
    decoded once with libpng, scripts/bench-decode-floor.c), which animc's cold build is compared with.
  - a peer is broken when its mean PSNR is more than 3 dB under the most faithful peer;
    broken and failed peers are never the fastest or smallest reference.
"""
import statistics, sys

BROKEN_DB = 3.0


def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def load(path):
    rows = {}
    order = []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if len(f) < 10 or f[0] in ("peer", "tool"):
            continue
        f += [""] * (11 - len(f))
        tool = f[0]
        if tool not in rows:
            rows[tool] = []
            order.append(tool)
        rows[tool].append(f)
    out = []
    for tool in order:
        rs = rows[tool]
        last = rs[-1]
        walls = [num(r[2]) for r in rs if num(r[2]) is not None]
        rsss = [num(r[3]) for r in rs if num(r[3]) is not None]
        statuses = {r[9] for r in rs}
        status = "ok" if statuses == {"ok"} else ",".join(sorted(s for s in statuses if s != "ok"))
        sums = {r[10] for r in rs if r[10]}
        if len(sums) > 1:
            status += "(output differs between repeats)"
        out.append(dict(tool=tool, wall=statistics.median(walls) if walls else None,
                        rss=statistics.median(rsss) if rsss else None, bytes=num(last[4]),
                        psnr=num(last[5]), psnr_min=num(last[6]), frames=last[7], loop=last[8],
                        status=status, n=len(rs)))
    return out


def fmt(v, spec):
    return "–" if v is None else format(v, spec)


def peers_table(name, raw, summary):
    rows = load(raw)
    by = {r["tool"]: r for r in rows}
    for r in rows:  # pipeline time for gifsicle rows
        r["pipe"] = r["wall"]
        if r["tool"].startswith("gifsicle") and "(" in r["tool"]:
            src = by.get(r["tool"][r["tool"].index("(") + 1:-1])
            if src and src["wall"] is not None and r["wall"] is not None:
                r["pipe"] = r["wall"] + src["wall"]
    peers = [r for r in rows if r["tool"] not in ("animc", "python-startup", "decode-floor")]
    ok = [r for r in peers if r["status"].startswith("ok") and r["psnr"] is not None]
    best_q = max(ok, key=lambda r: r["psnr"]) if ok else None
    for r in rows:
        r["broken"] = bool(best_q and r["psnr"] is not None and r["psnr"] < best_q["psnr"] - BROKEN_DB)
    good = [r for r in ok if not r["broken"]]
    fastest = min((r for r in good if r["pipe"] is not None), key=lambda r: r["pipe"], default=None)
    smallest = min((r for r in good if r["bytes"] is not None), key=lambda r: r["bytes"], default=None)
    leanest = min((r for r in good if r["rss"] is not None), key=lambda r: r["rss"], default=None)

    print(f"\n#### {name}\n")
    refs = []
    if fastest:
        refs.append(f"fastest peer: {fastest['tool']} ({fastest['pipe'] * 1000:.0f} ms)")
    if smallest:
        refs.append(f"smallest good peer: {smallest['tool']} ({smallest['bytes']:.0f} B)")
    if best_q:
        refs.append(f"most faithful peer: {best_q['tool']} ({best_q['psnr']:.2f} dB)")
    print("; ".join(refs) + ". Broken = mean PSNR more than 3 dB under the most faithful peer.\n")
    print("| tool | wall ms | × fastest | peak RSS MB | bytes | × smallest | PSNR dB | min dB | Δ dB | frames | loop | status |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|")
    for r in rows:
        wall = r["wall"] * 1000 if r["wall"] is not None else None
        wtxt = fmt(wall, ".0f")
        if r["pipe"] is not None and r["pipe"] != r["wall"]:
            wtxt += f" ({r['pipe'] * 1000:.0f} w/ ffmpeg)"
        tx = r["pipe"] / fastest["pipe"] if fastest and r["pipe"] is not None and fastest["pipe"] else None
        bx = r["bytes"] / smallest["bytes"] if smallest and r["bytes"] is not None else None
        dq = r["psnr"] - best_q["psnr"] if best_q and r["psnr"] is not None else None
        status = r["status"] + (" BROKEN" if r["broken"] else "")
        tool = f"**{r['tool']}**" if r["tool"] == "animc" else r["tool"]
        print(f"| {tool} | {wtxt} | {fmt(tx, '.2f')} | {fmt(r['rss'], '.1f')} | {fmt(r['bytes'], '.0f')} | "
              f"{fmt(bx, '.2f')} | {fmt(r['psnr'], '.2f')} | {fmt(r['psnr_min'], '.2f')} | {fmt(dq, '+.2f')} | "
              f"{r['frames'] or '–'} | {r['loop'] or '–'} | {status} |")
    a = by.get("animc")
    floor = by.get("decode-floor")
    if a and floor and a["wall"] and floor["wall"]:
        print(f"\nanimc's cold build: {a['wall'] * 1000:.0f} ms = **{a['wall'] / floor['wall']:.2f}× the libpng decode floor** "
              f"({floor['wall'] * 1000:.0f} ms to decode every frame once).")
    if a and summary:
        def g(r, k):
            return "" if r is None or r.get(k) is None else r[k]
        with open(summary, "a") as f:
            f.write("\t".join(str(x) for x in [
                name, g(a, "wall"), g(a, "rss"), g(a, "bytes"), g(a, "psnr"), a["status"] + (" BROKEN" if a["broken"] else ""),
                fastest["tool"] if fastest else "", g(fastest, "pipe"),
                smallest["tool"] if smallest else "", g(smallest, "bytes"),
                best_q["tool"] if best_q else "", g(best_q, "psnr"),
                leanest["tool"] if leanest else "", g(leanest, "rss")]) + "\n")


def summary_table(path):
    print("| frame set | animc ms | fastest peer (ms) | × time | animc bytes | smallest good peer (bytes) | × bytes "
          "| animc PSNR | most faithful peer (dB) | Δ dB | animc RSS MB | leanest peer (MB) | animc status |")
    print("|---|--:|---|--:|--:|---|--:|--:|---|--:|--:|---|---|")
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        (name, aw, ar, ab, ap, ast, ft, fw, st, sb, qt, qp, lt, lr) = f + [""] * (14 - len(f))
        aw, ar, ab, ap, fw, sb, qp, lr = map(num, (aw, ar, ab, ap, fw, sb, qp, lr))
        tx = aw / fw if aw and fw else None
        bx = ab / sb if ab and sb else None
        dq = ap - qp if ap is not None and qp is not None else None
        print(f"| {name} | {fmt(aw and aw * 1000, '.0f')} | {ft} ({fmt(fw and fw * 1000, '.0f')}) | {fmt(tx, '.2f')} | "
              f"{fmt(ab, '.0f')} | {st} ({fmt(sb, '.0f')}) | {fmt(bx, '.2f')} | {fmt(ap, '.2f')} | {qt} ({fmt(qp, '.2f')}) | "
              f"{fmt(dq, '+.2f')} | {fmt(ar, '.1f')} | {lt} ({fmt(lr, '.1f')}) | {ast} |")


if __name__ == "__main__":
    if sys.argv[1] == "peers":
        peers_table(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    elif sys.argv[1] == "summary":
        summary_table(sys.argv[2])
    else:
        sys.exit(__doc__)
