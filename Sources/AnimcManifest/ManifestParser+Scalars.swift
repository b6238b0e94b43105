import AnimcBasics

/// Typed values from YAML scalars, each with a located error when the node does not fit.
extension ManifestParser {
    // MARK: Scalars

    static func format(_ v: Double) -> String {
        if v.isFinite, v.rounded() == v, abs(v) < 1e15 { return String(Int(v)) }
        return String(v)
    }

    mutating func number(_ name: String, _ node: YAMLNode) -> Double? {
        guard let v = node.numberValue, !v.isNaN else {
            error("'\(name)' must be a number, not \(node.typeName)", at: node)
            return nil
        }
        return v
    }

    mutating func integer(_ name: String, _ node: YAMLNode) -> Int? {
        if let i = node.wholeValue { return i }
        if let d = node.numberValue {
            if d.isFinite, d.rounded() == d {
                // A whole number too large for Int (`1e30`, `99999999999999999999`).
                error("'\(name)' is out of range, got \(node.scalarText ?? Self.format(d))", at: node)
            } else {
                error("'\(name)' must be a whole number, got \(Self.format(d))", at: node)
            }
        } else {
            error("'\(name)' must be a whole number, not \(node.typeName)", at: node)
        }
        return nil
    }

    /// An integer checked against `range`; the message names both ends.
    mutating func integer(_ name: String, _ node: YAMLNode, in range: ClosedRange<Int>) -> Int? {
        if node.wholeValue == nil, let d = node.numberValue, d.isFinite, d.rounded() == d {
            error("'\(name)' must be between \(range.lowerBound) and \(range.upperBound), got \(node.scalarText ?? Self.format(d))", at: node)
            return nil
        }
        guard let i = integer(name, node) else { return nil }
        guard range.contains(i) else {
            error("'\(name)' must be between \(range.lowerBound) and \(range.upperBound), got \(i)", at: node)
            return nil
        }
        return i
    }

    /// An integer > 0; with `max`, also at most `max` (`why` says whose limit that is).
    mutating func positiveInteger(_ name: String, _ node: YAMLNode, max: Int? = nil, why: String = "") -> Int? {
        guard let i = bounded(name, node, max: max, why: why) else { return nil }
        guard i > 0 else {
            error("'\(name)' must be greater than 0, got \(i)", at: node)
            return nil
        }
        return i
    }

    /// An integer >= 0; with `max`, also at most `max`.
    mutating func nonNegativeInteger(_ name: String, _ node: YAMLNode, max: Int? = nil, why: String = "") -> Int? {
        guard let i = bounded(name, node, max: max, why: why) else { return nil }
        guard i >= 0 else {
            error("'\(name)' must be 0 or more, got \(i)", at: node)
            return nil
        }
        return i
    }

    private mutating func bounded(_ name: String, _ node: YAMLNode, max: Int?, why: String) -> Int? {
        if let max, node.wholeValue.map({ $0 > max }) ?? (node.numberValue.map { $0 > Double(max) } ?? false) {
            error("'\(name)' must be at most \(max)\(why), got \(node.scalarText ?? "")", at: node)
            return nil
        }
        return integer(name, node)
    }

    /// A frame size in pixels: 1 up to `ManifestLimits.maxSide`.
    mutating func pixelSize(_ name: String, _ node: YAMLNode) -> Int? {
        positiveInteger(name, node, max: ManifestLimits.maxSide, why: " pixels (animc's limit for a side of a frame)")
    }

    /// A pixel offset: 0 up to `ManifestLimits.maxSide`.
    mutating func pixelOffset(_ name: String, _ node: YAMLNode) -> Int? {
        nonNegativeInteger(name, node, max: ManifestLimits.maxSide, why: " pixels (animc's limit for a side of a frame)")
    }

    mutating func string(_ name: String, _ node: YAMLNode) -> String? {
        guard let s = node.scalarText, !node.isNull else {
            error("'\(name)' must be a string, not \(node.typeName)", at: node)
            return nil
        }
        return s
    }

    mutating func path(_ name: String, _ node: YAMLNode) -> String? {
        guard let s = string(name, node) else { return nil }
        guard !s.isEmpty else {
            error("'\(name)' must not be empty", at: node)
            return nil
        }
        return s
    }

    mutating func bool(_ name: String, _ node: YAMLNode) -> Bool? {
        guard let b = node.boolValue else {
            error("'\(name)' must be true or false, not \(node.typeName)", at: node)
            return nil
        }
        return b
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_ name: String, _ node: YAMLNode, _: E.Type) -> E?
    where E.RawValue == String {
        let choices = E.allCases.map(\.rawValue)
        if let text = node.scalarText, !node.isNull, let e = E(rawValue: text) { return e }
        var message = "'\(name)' must be one of \(choices.joined(separator: ", "))"
        if let text = node.scalarText, !node.isNull {
            message += ", got '\(text)'"
            if let s = closestMatch(to: text, in: choices) { message += "; did you mean '\(s)'?" }
        } else {
            message += ", not \(node.typeName)"
        }
        error(message, at: node)
        return nil
    }

    /// A duration in milliseconds: a bare number is milliseconds, or `80ms`, `1.5s`.
    mutating func duration(_ name: String, _ node: YAMLNode, allowZero: Bool) -> Double? {
        var ms: Double?
        if let n = node.numberValue {
            if n > 0, n < ManifestLimits.smallestBareMs {
                // `delay: 0.08` meant seconds; `hold: 2` too. A bare number is milliseconds, and so few are a slip.
                let text = node.scalarText ?? Self.format(n)
                let inMs = ManifestUnits.formatMs((n * 1_000_000).rounded() / 1000)
                let seconds = inMs == "\(text)s" ? inMs : "\(text)s (\(inMs))"
                error("'\(name): \(text)' would be \(text) ms (a bare number is milliseconds); write the unit: \(seconds) or \(text)ms", at: node)
                return nil
            }
            ms = n
        } else if let text = node.scalarText, !node.isNull {
            ms = ManifestUnits.parseDuration(text)
            if ms == nil {
                error("'\(name)' must be a duration such as 80ms or 1.5s (a bare number is milliseconds), got '\(text)'", at: node)
                return nil
            }
        }
        guard let ms else {
            error("'\(name)' must be a duration such as 80ms or 1.5s, not \(node.typeName)", at: node)
            return nil
        }
        guard ms.isFinite || ms > 0, allowZero ? ms >= 0 : ms > 0 else {
            let bound = allowZero ? "0 or more" : "greater than 0"
            error("'\(name)' must be \(bound), got \(node.scalarText ?? Self.format(ms))", at: node)
            return nil
        }
        guard ms <= ManifestLimits.maxDelayMs else {
            error("'\(name)' must be at most 655.35s (GIF stores delays in 16-bit centiseconds), got \(node.scalarText ?? Self.format(ms))", at: node)
            return nil
        }
        return ms
    }

    mutating func colour(_ name: String, _ node: YAMLNode) -> RGBHex? {
        if node.isNull {
            error("'\(name)' must be a hex colour such as \"#ffffff\", not null (an unquoted # starts a YAML comment: quote the colour)", at: node)
            return nil
        }
        guard let text = node.scalarText, let c = RGBHex(text) else {
            let got = node.scalarText.map { "got '\($0)'" } ?? "not \(node.typeName)"
            error("'\(name)' must be a hex colour such as \"#ffffff\" or \"#fff\", \(got)", at: node)
            return nil
        }
        return c
    }
}
