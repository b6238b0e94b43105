/// Sizes and ages as people write them on command lines: `500MiB`, `2G`, `1.5GB`, `30d`, `12h`.
/// (`AnimcManifest.ManifestUnits.parseByteSize` predates this and keeps YAML-specific number rules;
/// both accept the same unit suffixes.)
public enum ByteSize {
    /// Suffix → factor. K/M/G alone are binary; KB/MB/GB decimal; KiB/MiB/GiB binary. Case-insensitive.
    static let units: [(String, Double)] = [
        ("kib", 1024), ("mib", 1_048_576), ("gib", 1_073_741_824), ("tib", 1_099_511_627_776),
        ("kb", 1000), ("mb", 1_000_000), ("gb", 1_000_000_000), ("tb", 1_000_000_000_000),
        ("k", 1024), ("m", 1_048_576), ("g", 1_073_741_824), ("t", 1_099_511_627_776), ("b", 1),
    ]

    /// Bytes, or nil for anything else: `500XB`, `-3`, `0x10`, `1e9`, an empty string.
    public static func parse(_ text: String) -> Int64? {
        let t = text.lowercased().animcTrimming(" \t")
        var number = Substring(t), factor = 1.0
        for (suffix, f) in units where t.hasSuffix(suffix) {
            number = t.dropLast(suffix.count)
            factor = f
            break
        }
        guard let v = plainDecimal(String(number).animcTrimming(" ")) else { return nil }
        let bytes = (v * factor).rounded(.down)
        guard bytes < 9.2e18 else { return nil }
        return Int64(bytes)
    }

    /// `512 B`, `12.3 KiB`, `4.0 MiB`, `1.50 GiB`.
    public static func format(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let names = ["KiB", "MiB", "GiB", "TiB"]
        var v = Double(bytes) / 1024, i = 0
        while v >= 1024, i < names.count - 1 { v /= 1024; i += 1 }
        return (v >= 100 ? String(Int(v.rounded())) : fixed(v, digits: 1)) + " " + names[i]
    }
}

public enum Age {
    static let units: [(String, Int64)] = [("s", 1), ("m", 60), ("h", 3600), ("d", 86_400), ("w", 604_800)]

    /// Seconds for `30d`, `12h`, `90m`, `2w`, `45s`, `1.5d`; nil for `-3d`, `30`, `3y`, `0x10`.
    public static func parse(_ text: String) -> Int64? {
        let t = text.lowercased().animcTrimming(" \t")
        guard let last = t.last, let unit = units.first(where: { $0.0 == String(last) }),
              let v = plainDecimal(String(t.dropLast()).animcTrimming(" ")) else { return nil }
        let s = (v * Double(unit.1)).rounded(.down)
        guard s < 9.2e18 else { return nil }
        return Int64(s)
    }

    /// `45s`, `12m`, `3h`, `5d`, `9w`: the largest unit that fits, rounded down.
    public static func format(seconds: Int64) -> String {
        let s = max(0, seconds)
        for (name, f) in units.reversed() where s >= f && (name != "w" || s >= 2 * f) {
            return "\(s / f)\(name)"
        }
        return "\(s)s"
    }
}

/// Digits with at most one decimal point and at least one digit; no sign, exponent or radix prefix.
func plainDecimal(_ s: String) -> Double? {
    guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
          s.filter({ $0 == "." }).count <= 1, s.contains(where: \.isNumber) else { return nil }
    return Double(s)
}

func fixed(_ v: Double, digits: Int) -> String {
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let scaled = Int64((v * p).rounded())
    let whole = scaled / Int64(p), frac = scaled % Int64(p)
    guard digits > 0 else { return "\(whole)" }
    let f = String(frac)
    return "\(whole)." + String(repeating: "0", count: digits - f.count) + f
}

extension String {
    func animcTrimming(_ set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
