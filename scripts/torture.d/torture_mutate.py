"""Mutators for scripts/torture: manifests (text, values, keys, encodings, structure) and PNGs (header, chunks, data)."""
import glob, os, re, struct, zlib

BASES = [
    """version: 1
defaults:
  fps: 12
  loop: forever
  palette: {colors: 256, dither: floyd-steinberg, scope: global}
animations:
  walk:
    output: out/walk.gif
    frames:
      - glob: f/*.png
      - files: [f/a1.png, f/a2.png]
      - file: f/a3.png
        delay: 1s
    crop: {x: 2, y: 2, width: 12, height: 10}
    resize: {width: 24, filter: nearest}
    playback: pingpong
    hold: 2s
    palette: {colors: 64, dither: none}
    background: "#ffffff"
""",
    """version: 1
animations:
  seq:
    output: out/seq.gif
    frames:
      - sequence: seq/s_%03d.png
        range: [0, 3]
    delay: 80ms
    loop: once
    palette: {colors: 16, dither: ordered, scope: per-frame}
  sheet:
    output: out/sheet.gif
    frames:
      - sheet: sheet.png
        tile: {width: 8, height: 8}
        spacing: 1
        count: 3
    resize: {scale: 2}
    alpha-threshold: 64
""",
    """version: 1
defaults: {fps: 25, palette: {colors: 8, scope: auto}}
cache: {max-size: 10MiB}
animations:
  a: {output: out/a.gif, frames: [{glob: f/a*.png}], playback: reverse, loop: 3}
  b: {output: sub/b.gif, frames: [{file: f/a4.png, delay: 40}], resize: {height: 8, filter: lanczos}}
""",
]

NASTY = ["1e300", "-1e300", "1e-300", "-1", "0", "9223372036854775807", "-9223372036854775808",
         "18446744073709551616", "1e18", "65535", "65536", "70000", "20000", "1000", ".nan", ".inf", "-.inf",
         '""', "''", "\"\t\"", "~", "null", "true", "0x10", "1_000", "0o17", "!!binary aGVsbG8=", "{}", "[]",
         "&a x", "*a", "*undefined", "'unterminated", '"\\u0000"', '"\\xff"', "ĀĀĀ", "😀" * 40, "x" * 5000,
         "../x.gif", "../../x.gif", "@OUTSIDE@/passwd", "@OUTSIDE@/victim.gif", "../outside/victim.gif",
         "linked/victim.gif", "linked/new.gif", "animc.yaml", "./animc.yaml", ".animc-cache/x.gif",
         ".animc-cache/objects", "out", "f", "f/a1.png", "sheet.png", "%s%n%d", "1e300ms", "-5s", "656s", "655.35s",
         "0ms", "1ms", "[1, 9223372036854775807]", "[-5, 3]", "[3, 0]", "{x: 9223372036854775807, y: 0, width: 1, height: 1}",
         "{scale: 1e18}", "{scale: 1000}", "{width: 9223372036854775807}", "{width: 70000}", "{scale: 0}",
         "{colors: 0}", "{colors: 257}", "{colors: -1}", "f/*", "/**", "**/*.png", "seq/s_%999999d.png",
         "seq/s_%03d%03d.png", "[[[[[[[[[[]]]]]]]]]]", "{a: {b: {c: {d: {}}}}}"]
KEYS = ["version", "defaults", "animations", "output", "frames", "glob", "files", "file", "sequence", "range",
        "sheet", "tile", "count", "columns", "margin", "spacing", "crop", "resize", "scale", "width", "height",
        "filter", "playback", "hold", "palette", "colors", "dither", "strength", "scope", "tolerance", "background",
        "alpha-threshold", "fps", "delay", "loop", "cache", "max-size", "allow-outputs-outside", "x", "y", "bogus"]
SCALAR = re.compile(rb"^(\s*(?:- )?)([A-Za-z-]+):( +)(.+)$", re.M)
INLINE = re.compile(rb"([A-Za-z-]+): ([^,{}\[\]\n]+)")


def manifest(rng, outside):
    text = rng.choice(BASES).encode()
    steps = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        op = rng.choice(MANIFEST_OPS)
        try:
            text, what = op(rng, text)
        except (IndexError, ValueError):  # nothing left for this mutator to change: flip bytes instead
            text, what = _flip(rng, text)
        steps.append(what)
    return text.replace(b"@OUTSIDE@", outside.encode()), " + ".join(steps)


def _value(rng, text):
    spans = [(m.start(4), m.end(4)) for m in SCALAR.finditer(text)] + \
            [(m.start(2), m.end(2)) for m in INLINE.finditer(text)]
    a, b = rng.choice(spans)
    v = rng.choice(NASTY).encode()
    return text[:a] + v + text[b:], f"value {text[a:b].decode(errors='replace')!r} -> {v.decode()[:40]!r}"


def _output(rng, text):
    outs = [m for m in re.finditer(rb"output: ([^,}\n]+)", text)]
    m = rng.choice(outs)
    v = rng.choice(["animc.yaml", ".animc-cache/x.gif", "../outside/victim.gif", "@OUTSIDE@/victim.gif",
                    "linked/victim.gif", "linked/sub/new.gif", "f/a1.png", "f", ".", "out/", "../x.gif",
                    ".animc-cache/animc-cache.json", "sheet.png"]).encode()
    extra = b"\nallow-outputs-outside: true" if rng.random() < 0.25 else b""
    text = text[:m.start(1)] + v + text[m.end(1):]
    return text.replace(b"version: 1", b"version: 1" + extra, 1), f"output -> {v.decode()}{' (allowed outside)' if extra else ''}"


def _key(rng, text):
    spans = [(m.start(2), m.end(2)) for m in SCALAR.finditer(text)]
    a, b = rng.choice(spans)
    k = rng.choice(KEYS).encode()
    return text[:a] + k + text[b:], f"key {text[a:b].decode()} -> {k.decode()}"


def _flip(rng, text):
    b = bytearray(text)
    n = rng.randint(1, 4)
    raw = rng.random() < 0.1  # any byte (mostly invalid UTF-8, which _encoding covers), else YAML-ish ASCII
    for _ in range(n):
        b[rng.randrange(len(b))] = rng.randrange(256) if raw else rng.choice(b" \t\n:-[]{},&*!|>'\"#%@`?09azAZ.")
    return bytes(b), f"{n} {'raw ' if raw else ''}byte flip(s)"


def _lines(rng, text):
    lines = text.split(b"\n")
    i = rng.randrange(len(lines))
    if rng.random() < 0.5:
        lines.insert(i, lines[rng.randrange(len(lines))])
        return b"\n".join(lines), f"line {i + 1} duplicated"
    del lines[i]
    return b"\n".join(lines), f"line {i + 1} deleted"


def _encoding(rng, text):
    how = rng.choice(["crlf", "bom", "tabs", "invalid utf-8", "nul", "cr only", "latin-1 é"])
    if how == "crlf":
        return text.replace(b"\n", b"\r\n"), how
    if how == "bom":
        return b"\xef\xbb\xbf" + text, how
    if how == "tabs":
        return text.replace(b"    ", b"\t", 1), how
    if how == "cr only":
        return text.replace(b"\n", b"\r"), how
    i = text.rfind(b"\n", 0, rng.randrange(1, len(text)))
    junk = {"invalid utf-8": b"\xff\xfe\xc3\x28", "nul": b"\x00", "latin-1 é": b"\xe9t\xe9"}[how]
    return text[:i + 1] + b"# " + junk + b"\n" + text[i + 1:], how


def _structure(rng, text):
    how = rng.choice(["deep flow", "deep block", "alias bomb", "many frames", "huge string", "anchors everywhere"])
    if how == "deep flow":
        n = rng.choice([100, 1000, 20000])
        return text.replace(b"version: 1", b"version: 1\nextra: " + b"[" * n + b"]" * n, 1), f"{n}-deep flow nesting"
    if how == "deep block":
        n = rng.choice([50, 500, 3000])
        deep = b"".join(b"  " * k + b"k:\n" for k in range(n))
        return text + b"extra:\n" + b"".join(b"  " + l + b"\n" for l in deep.split(b"\n") if l), f"{n}-deep block nesting"
    if how == "alias bomb":
        bomb = b"bomb:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for k in range(1, 9):
            bomb += b"  a%d: &a%d [" % (k, k) + b", ".join([b"*a" + (b"%d" % (k - 1) if k > 1 else b"")] * 10) + b"]\n"
        return text + bomb, "alias bomb (10^9 nodes)"
    if how == "many frames":
        n = rng.choice([2000, 34000])
        lines = b"".join(b"      - file: f/a%d.png\n" % (1 + k % 4) for k in range(n))
        return text.replace(b"    frames:\n", b"    frames:\n" + lines, 1), f"{n} plain frame entries"
    if how == "huge string":
        return text.replace(b"version: 1", b"version: 1\nnote: '" + b"y" * 2_000_000 + b"'", 1), "2 MB string"
    return re.sub(rb": (\w+)\n", lambda m: b": &x" + m.group(1) + b" " + m.group(1) + b"\n", text, count=3), how


RISKY = {  # key → values that crashed or ran away in issue #10, and their neighbours
    "delay": ["1e300", "-1", "1e300ms", "656s", "0", ".nan", "9223372036854775807", "1e-300"],
    "hold": ["1e300", "-1", "1e300ms", "656s", ".inf", "9223372036854775807"],
    "fps": ["1e-300", "1e300", "0", "-1", ".inf", ".nan", "9223372036854775807"],
    "resize": ["{scale: 1e18}", "{scale: 1000}", "{width: 9223372036854775807}", "{width: 70000}", "{width: 20000}",
               "{scale: 1e-300}", "{height: -5}", "{width: 1, height: 9223372036854775807}", "{scale: .nan}"],
    "crop": ["{x: 9223372036854775807, y: 0, width: 1, height: 1}", "{x: -1, y: 0, width: 1, height: 1}",
             "{x: 0, y: 0, width: 9223372036854775807, height: 9223372036854775807}", "{x: 1, y: 1, width: 0, height: 0}"],
    "loop": ["1e18", "9223372036854775807", "-1", "65536", "1e300"],
    "alpha-threshold": ["1e300", "-1", "256", "9223372036854775807"],
    "palette": ["{colors: 9223372036854775807}", "{colors: 2, tolerance: 1e300}", "{colors: 0}",
                "{dither: floyd-steinberg, strength: 1e300}", "{scope: auto, colors: -1}"],
    "background": ['"#fffffff"', '"#"', "1e300"],
}


def _insert(rng, text):
    """Sets a risky key of an animation to a nasty value (replacing the key's line if the animation has one)."""
    k = rng.choice(sorted(RISKY))
    v = rng.choice(RISKY[k])
    line = f"    {k}: {v}".encode()
    m = re.search(rb"^    " + re.escape(k.encode()) + rb": .*$", text, re.M)
    if m:
        return text[:m.start()] + line + text[m.end():], f"set {k}: {v}"
    if b"    output: " in text:
        return text.replace(b"    output: ", line + b"\n    output: ", 1), f"set {k}: {v}"
    return text.replace(b"{output: ", f"{{{k}: {v}, output: ".encode(), 1), f"set {k}: {v}"


MANIFEST_OPS = [_insert, _insert, _value, _value, _value, _output, _output, _key, _flip, _flip, _lines, _encoding, _structure]


# PNGs --------------------------------------------------------------------------------------------------------------
def png_seeds(env):
    from torture_lib import ROOT
    paths = sorted(p for p in glob.glob(os.path.join(ROOT, "Tests/AnimcImagingTests/Fixtures/png/*.png"))
                   if not os.path.basename(p).startswith("bad-"))
    paths += [os.path.join(env.tpl, "src", p) for p in ("spinner/spin_000.png", "sprites/hero.png", "bounce/frame1.png")]
    return [(os.path.basename(p), open(p, "rb").read()) for p in paths]


def chunks(data):
    out, i = [], 8
    while i + 8 <= len(data):
        n, = struct.unpack(">I", data[i:i + 4])
        out.append([data[i + 4:i + 8], data[i + 8:i + 8 + n]])
        i += 12 + n
    return out


def assemble(cs, fix=True, crcs=None):
    b = bytearray(b"\x89PNG\r\n\x1a\n")
    for k, (t, d) in enumerate(cs):
        crc = zlib.crc32(t + d) if fix else (crcs[k] if crcs else 0)
        b += struct.pack(">I", len(d)) + t + d + struct.pack(">I", crc & 0xFFFFFFFF)
    return bytes(b)


def png(rng, seeds):
    name, data = rng.choice(seeds)
    try:
        return _png(rng, name, data)
    except (IndexError, ValueError, zlib.error, struct.error):
        return bytes(data[:len(data) // 2]), f"{name}: truncated to half (the mutator did not apply)"


def _png(rng, name, data):
    cs = chunks(data)
    op = rng.choice(["dims", "dims", "depth/type", "crc", "truncate", "idat garbage", "idat rezlib",
                     "length", "flips", "bomb", "plte", "dup ihdr"])
    what = f"{name}: {op}"
    if op == "dims":
        w, h = rng.choice([0, 1, 2, 255, 16384, 16385, 30000, 65535, 65536, 100000, 2**31 - 1, 2**32 - 1]), \
            rng.choice([0, 1, 3, 16384, 65535, 2**31 - 1, 2**32 - 1])
        cs[0][1] = struct.pack(">II", w, h) + cs[0][1][8:]
        return assemble(cs), f"{what} {w}x{h}"
    if op == "depth/type":
        d, t, il = rng.choice([0, 1, 2, 3, 4, 8, 16, 32, 255]), rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 255]), rng.choice([0, 1, 2])
        cs[0][1] = cs[0][1][:8] + bytes([d, t]) + cs[0][1][10:12] + bytes([il])
        return assemble(cs), f"{what} depth {d} type {t} interlace {il}"
    if op == "crc":
        b = bytearray(data)
        k = rng.randrange(len(cs))
        off = 8 + sum(12 + len(c[1]) for c in cs[:k]) + 8 + len(cs[k][1])
        b[off + rng.randrange(4)] ^= 0xFF
        return bytes(b), f"{what} of {cs[k][0].decode(errors='replace')}"
    if op == "truncate":
        n = rng.randrange(len(data))
        return data[:n], f"{what} at {n} of {len(data)}"
    idats = [c for c in cs if c[0] == b"IDAT"]
    if op == "idat garbage":
        idats[0][1] = bytes(rng.randrange(256) for _ in range(max(1, len(idats[0][1]))))
        return assemble(cs), what
    if op == "idat rezlib":
        raw = zlib.decompress(b"".join(c[1] for c in idats))
        how = rng.choice(["short", "long", "filters"])
        if how == "short":
            raw = raw[: rng.randrange(len(raw))]
        elif how == "long":
            raw += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 5000)))
        else:
            raw = bytes(rng.randrange(256) if rng.random() < 0.05 else x for x in raw)
        rest = [c for c in cs if c[0] != b"IDAT"]
        return assemble(rest[:-1] + [[b"IDAT", zlib.compress(raw)]] + rest[-1:]), f"{what} ({how})"
    if op == "length":
        b = bytearray(data)
        k = rng.randrange(len(cs))
        off = 8 + sum(12 + len(c[1]) for c in cs[:k])
        v = rng.choice([0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, len(cs[k][1]) + 1000])
        b[off:off + 4] = struct.pack(">I", v)
        return bytes(b), f"{what} of {cs[k][0].decode(errors='replace')} = {v}"
    if op == "flips":
        b = bytearray(data)
        n = rng.randint(1, 8)
        for _ in range(n):
            b[rng.randrange(8, len(b))] = rng.randrange(256)
        return bytes(b), f"{what} x{n}"
    if op == "bomb":
        w, h = rng.choice([(16385, 16), (16, 16385), (16384, 16384), (9000, 8000), (40000, 40000)])  # over the limits
        row = b"\x00" + b"\x00" * ((w + 7) // 8)
        z = zlib.compressobj(9)
        body = b"".join(z.compress(row) for _ in range(h)) + z.flush()
        ihdr = struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0)
        return assemble([[b"IHDR", ihdr], [b"IDAT", body], [b"IEND", b""]]), f"bomb {w}x{h} 1-bit grey"
    if op == "plte":
        cs = [c for c in cs if c[0] != b"PLTE"]
        cs[0][1] = cs[0][1][:8] + bytes([8, 3]) + cs[0][1][10:]
        return assemble(cs), f"{what}: palette type without PLTE"
    return assemble(cs[:1] + cs), f"{what}: two IHDR"
