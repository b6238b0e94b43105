/// Parsing of the manifest's unit-carrying values.
public enum ManifestUnits {
    /// `80ms`, `1.5s`, `2s` → milliseconds. A bare number is handled by the caller (it means ms).
    public static func parseDuration(_ text: String) -> Double? {
        let t = text.trimmingSpaces
        let (number, factor): (Substring, Double)
        if t.hasSuffix("ms") {
            number = t.dropLast(2); factor = 1
        } else if t.hasSuffix("s") {
            number = t.dropLast(1); factor = 1000
        } else {
            return nil
        }
        let n = number.trimmingSpaces
        guard !n.hasPrefix("+"), let v = parseDecimal(String(n)), v.isFinite else { return nil }
        return v * factor
    }


    /// Renders milliseconds back for messages: `80ms`, `1.5s`.
    static func formatMs(_ ms: Double) -> String {
        if ms >= 1000, (ms / 1000).rounded() == ms / 1000 { return "\(Int(ms / 1000))s" }
        if ms.rounded() == ms { return "\(Int(ms))ms" }
        return "\(ms)ms"
    }
}

extension StringProtocol {
    var trimmingSpaces: Substring {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return s
    }
}
