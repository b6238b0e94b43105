import AnimcBasics

/// Typed readings of scalars, following the YAML 1.2 core schema for plain scalars only:
/// a quoted `"12"` stays a string.
extension YAMLNode {
    /// The text of a scalar of any style.
    public var scalarText: String? {
        if case .scalar(let s, _) = kind { return s }
        return nil
    }

    /// The text of a plain (unquoted) scalar without an explicit tag.
    var plainText: String? {
        if case .scalar(let s, .plain) = kind, tag == nil { return s }
        return nil
    }

    /// `~`, `null`, `Null`, `NULL` or nothing at all.
    public var isNull: Bool {
        guard let s = plainText else { return false }
        return s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL"
    }

    /// `true`/`false` (also `True`, `TRUE`...); `yes`/`no` are strings.
    public var boolValue: Bool? {
        switch plainText {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// A plain integer: `12`, `-3`, `+4`, `0x1F`, `0o17`.
    public var intValue: Int? {
        guard let s = plainText, !s.isEmpty else { return nil }
        if s.hasPrefix("0x") { return Int(s.dropFirst(2), radix: 16) }
        if s.hasPrefix("0o") { return Int(s.dropFirst(2), radix: 8) }
        var digits = Substring(s)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(s.hasPrefix("+") ? String(s.dropFirst()) : s)
    }

    /// A plain integer, or a float with a whole value (`12.0`, `1e3`) that fits exactly in a Double's
    /// integers: JSON Schema's `integer` accepts those too, so the schema and animc agree.
    public var wholeValue: Int? {
        if let i = intValue { return i }
        guard let d = numberValue, d.isFinite, d.rounded() == d, abs(d) <= 9_007_199_254_740_992 else { return nil }
        return Int(d)
    }

    /// A plain integer or float (`1.5`, `.5`, `1e3`, `.inf`); `.nan` is not a number here.
    public var numberValue: Double? {
        if let i = intValue { return Double(i) }
        guard let s = plainText else { return nil }
        switch s {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        default: break
        }
        return parseDecimal(s)
    }

    /// How the node reads to a person, for "must be a number, not a string".
    public var typeName: String {
        switch kind {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar:
            if isNull { return "null" }
            if boolValue != nil { return "a boolean" }
            if numberValue != nil { return "a number" }
            return "a string"
        }
    }
}

/// `[-+]?(digits[.digits?]|.digits)([eE][-+]?digits)?` as a Double; nil for anything else.
func parseDecimal(_ text: String) -> Double? {
    let u = Array(text.utf8)
    var i = 0
    func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
    var mantissaDigits = 0
    while i < u.count, isDigit(u[i]) { i += 1; mantissaDigits += 1 }
    if i < u.count, u[i] == UInt8(ascii: ".") {
        i += 1
        while i < u.count, isDigit(u[i]) { i += 1; mantissaDigits += 1 }
    }
    guard mantissaDigits > 0 else { return nil }
    if i < u.count, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
        i += 1
        if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
        var expDigits = 0
        while i < u.count, isDigit(u[i]) { i += 1; expDigits += 1 }
        guard expDigits > 0 else { return nil }
    }
    guard i == u.count else { return nil }
    return Double(text.hasPrefix("+") ? String(text.dropFirst()) : text)
}
