#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

enum FileKind { case regular, directory, other, missing }

/// What `path` is, following symbolic links (or not, with `followLinks: false`).
func fileKind(_ path: String, followLinks: Bool = true) -> FileKind {
    var st = stat()
    let rc = followLinks ? stat(path, &st) : lstat(path, &st)
    guard rc == 0 else { return .missing }
    switch st.st_mode & S_IFMT {
    case S_IFREG: return .regular
    case S_IFDIR: return .directory
    default: return .other
    }
}

/// Shell-style path patterns: `*`, `?`, `[abc]`, `[a-z]`, `[!x]` inside one segment, `**` for any depth.
public enum Glob {
    /// True when `name` (one path segment) matches `pattern` (one pattern segment).
    public static func matchSegment(_ pattern: String, _ name: String) -> Bool {
        match(Array(pattern.unicodeScalars), 0, Array(name.unicodeScalars), 0)
    }

    static func hasWildcards(_ segment: String) -> Bool {
        segment.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    private static func match(_ p: [Unicode.Scalar], _ pi: Int, _ s: [Unicode.Scalar], _ si: Int) -> Bool {
        var pi = pi, si = si
        // Backtracking point for the last `*`.
        var starP = -1, starS = -1
        while si < s.count {
            if pi < p.count {
                switch p[pi] {
                case "*":
                    starP = pi; starS = si; pi += 1
                    continue
                case "?":
                    pi += 1; si += 1
                    continue
                case "[":
                    if let (matched, next) = matchClass(p, pi, s[si]) {
                        if matched { pi = next; si += 1; continue }
                    } else if s[si] == "[" {  // unterminated class: a literal '['
                        pi += 1; si += 1
                        continue
                    }
                case "\\" where pi + 1 < p.count:
                    if p[pi + 1] == s[si] { pi += 2; si += 1; continue }
                default:
                    if p[pi] == s[si] { pi += 1; si += 1; continue }
                }
            }
            guard starP >= 0 else { return false }
            starS += 1
            si = starS
            pi = starP + 1
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// Matches `c` against the class starting at `p[start] == "["`; nil when the class is not terminated.
    private static func matchClass(_ p: [Unicode.Scalar], _ start: Int, _ c: Unicode.Scalar) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.count, p[i] == "!" || p[i] == "^" { negate = true; i += 1 }
        var matched = false
        var first = true
        while i < p.count {
            if p[i] == "]", !first { return (matched != negate, i + 1) }
            first = false
            var lo = p[i]
            if lo == "\\", i + 1 < p.count { i += 1; lo = p[i] }
            if i + 2 < p.count, p[i + 1] == "-", p[i + 2] != "]" {
                let hi = p[i + 2]
                if lo.value <= c.value, c.value <= hi.value { matched = true }
                i += 3
            } else {
                if lo == c { matched = true }
                i += 1
            }
        }
        return nil
    }

    /// Regular files under `base` matching `pattern` (relative to `base`, `/`-separated).
    /// Returns paths relative to `base` as the pattern spells them (`a/../b` segments kept), unsorted.
    /// Hidden entries match only when the pattern segment starts with `.`; `**` skips hidden folders
    /// and does not follow symbolic links to folders.
    public static func expand(_ pattern: String, in base: String) -> [String] {
        let absolute = pattern.hasPrefix("/")
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var out: [String] = []
        walk(segments[...], dir: absolute ? "/" : base, rel: absolute ? "/" : "", out: &out)
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    private static func child(_ rel: String, _ name: String) -> String {
        rel.isEmpty ? name : rel.hasSuffix("/") ? rel + name : rel + "/" + name
    }

    private static func walk(_ segs: ArraySlice<String>, dir: String, rel: String, out: inout [String]) {
        guard let seg = segs.first else { return }
        let rest = segs.dropFirst()
        let isLast = rest.isEmpty
        if seg == "**" {
            // Zero folders...
            if isLast {
                // `dir/**` alone: every regular file below.
                collectAll(dir: dir, rel: rel, out: &out)
                return
            }
            walk(rest, dir: dir, rel: rel, out: &out)
            // ...or one more, then `**` again.
            for name in listing(dir) where !name.hasPrefix(".") {
                let path = ManifestPaths.join(dir, name)
                if fileKind(path, followLinks: false) == .directory {
                    walk(segs, dir: path, rel: child(rel, name), out: &out)
                }
            }
            return
        }
        if !hasWildcards(seg) {
            let path = ManifestPaths.join(dir, seg)
            let kind = fileKind(path)
            if isLast {
                if kind == .regular { out.append(child(rel, seg)) }
            } else if kind == .directory {
                walk(rest, dir: path, rel: child(rel, seg), out: &out)
            }
            return
        }
        let showHidden = seg.hasPrefix(".")
        for name in listing(dir) where showHidden || !name.hasPrefix(".") {
            guard matchSegment(seg, name) else { continue }
            let path = ManifestPaths.join(dir, name)
            let kind = fileKind(path)
            if isLast {
                if kind == .regular { out.append(child(rel, name)) }
            } else if kind == .directory {
                walk(rest, dir: path, rel: child(rel, name), out: &out)
            }
        }
    }

    private static func collectAll(dir: String, rel: String, out: inout [String]) {
        for name in listing(dir) where !name.hasPrefix(".") {
            let path = ManifestPaths.join(dir, name)
            switch fileKind(path, followLinks: false) {
            case .directory: collectAll(dir: path, rel: child(rel, name), out: &out)
            case .regular: out.append(child(rel, name))
            case .other: if fileKind(path) == .regular { out.append(child(rel, name)) }
            case .missing: break
            }
        }
    }

    private static func listing(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }
}

/// Natural order: runs of ASCII digits compare by numeric value (`f2` before `f10`);
/// ties (`f01` vs `f1`) fall back to plain byte order so the order is total.
public func naturalLess(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    var i = 0, j = 0
    while i < x.count, j < y.count {
        if isDigit(x[i]), isDigit(y[j]) {
            var ie = i, je = j
            while ie < x.count, isDigit(x[ie]) { ie += 1 }
            while je < y.count, isDigit(y[je]) { je += 1 }
            // Compare numerically without overflow: strip leading zeros, then by length, then digit by digit.
            var is_ = i, js = j
            while is_ < ie - 1, x[is_] == 0x30 { is_ += 1 }
            while js < je - 1, y[js] == 0x30 { js += 1 }
            let la = ie - is_, lb = je - js
            if la != lb { return la < lb }
            for k in 0..<la where x[is_ + k] != y[js + k] { return x[is_ + k] < y[js + k] }
            i = ie; j = je
        } else {
            if x[i] != y[j] { return x[i] < y[j] }
            i += 1; j += 1
        }
    }
    // The loop stops when one side is used up; a proper prefix sorts first.
    let restA = x.count - i, restB = y.count - j
    if restA != restB { return restA < restB }
    return x.lexicographicallyPrecedes(y)
}
