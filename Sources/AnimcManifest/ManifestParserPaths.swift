/// Path and pattern helpers shared by the parser and the resolver.
public enum ManifestPaths {
    /// Lexical normalisation: drops `.` and empty segments, folds `a/..`.
    /// Keeps leading `..` segments of a relative path; `..` at the root of an absolute path stays at the root.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var out: [Substring] = []
        for seg in path.split(separator: "/", omittingEmptySubsequences: true) {
            if seg == "." { continue }
            if seg == ".." {
                if let last = out.last, last != ".." {
                    out.removeLast()
                } else if !absolute {
                    out.append(seg)
                }
                continue
            }
            out.append(seg)
        }
        let joined = out.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// True when a normalised relative path leaves its base folder (`../x`) or is absolute.
    public static func leavesFolder(_ normalized: String) -> Bool {
        normalized.hasPrefix("/") || normalized == ".." || normalized.hasPrefix("../")
    }

    /// `normalized` made relative to `directory` when it is an absolute path inside it.
    public static func relativeIfInside(_ normalized: String, directory: String) -> String {
        guard normalized.hasPrefix("/") else { return normalized }
        let dir = normalize(directory)
        if normalized == dir { return "." }
        let prefix = dir == "/" ? "/" : dir + "/"
        if normalized.hasPrefix(prefix) { return String(normalized.dropFirst(prefix.count)) }
        return normalized
    }

    /// `base` joined with `path` unless `path` is absolute.
    public static func join(_ base: String, _ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path == "." { return base }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }
}

/// A printf-style frame number pattern: exactly one `%d` or `%0Nd`; `%%` is a literal `%`.
public struct SequencePattern: Sendable, Equatable {
    public var prefix: String
    /// Zero-padding width from `%0Nd`; nil for `%d`.
    public var width: Int?
    public var suffix: String

    public init?(_ text: String) {
        var prefix = "", suffix = ""
        var width: Int?? = nil  // .none: no placeholder yet
        var chars = Substring(text)
        while let c = chars.first {
            chars = chars.dropFirst()
            if c != "%" {
                if width == nil { prefix.append(c) } else { suffix.append(c) }
                continue
            }
            if chars.first == "%" {
                chars = chars.dropFirst()
                if width == nil { prefix.append("%") } else { suffix.append("%") }
                continue
            }
            // %d or %0Nd
            var w: Int?
            if chars.first == "0" {
                chars = chars.dropFirst()
                let digits = chars.prefix(while: { $0.isASCII && $0.isNumber })
                guard !digits.isEmpty, let n = Int(digits), n <= 32 else { return nil }
                chars = chars.dropFirst(digits.count)
                w = n
            }
            guard chars.first == "d", width == nil else { return nil }
            chars = chars.dropFirst()
            width = .some(w)
        }
        guard let w = width else { return nil }
        self.prefix = prefix
        self.width = w
        self.suffix = suffix
    }

    public func path(for number: Int) -> String {
        var digits = String(number)
        if let width, digits.count < width { digits = String(repeating: "0", count: width - digits.count) + digits }
        return prefix + digits + suffix
    }
}
