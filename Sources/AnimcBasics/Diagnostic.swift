/// One problem found in the user's input, located where possible.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning, note
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    /// The source line at `location`, quoted under the message with a caret.
    public var sourceLine: String?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation? = nil, sourceLine: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.sourceLine = sourceLine
    }

    public static func error(_ message: String, at location: SourceLocation? = nil, in source: SourceText? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: location, sourceLine: location.flatMap { source?.line($0.line) })
    }

    public static func warning(_ message: String, at location: SourceLocation? = nil, in source: SourceText? = nil) -> Diagnostic {
        Diagnostic(.warning, message, at: location, sourceLine: location.flatMap { source?.line($0.line) })
    }

    /// `file:line:col: error: message`, then the source line and a caret under the column.
    public var description: String {
        var out = ""
        if let location { out += "\(location): " }
        out += "\(severity.rawValue): \(message)"
        if let sourceLine, let location {
            out += "\n" + sourceLine + "\n"
            // Keep tabs so the caret lines up under a tab-indented line.
            let prefix = sourceLine.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
            out += prefix + "^"
        }
        return out
    }
}

/// Collects diagnostics so that every error is reported in one run.
public struct DiagnosticBag: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public mutating func append(_ d: Diagnostic) { diagnostics.append(d) }
    public mutating func append(contentsOf ds: [Diagnostic]) { diagnostics.append(contentsOf: ds) }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// Thrown when input had errors; carries all of them.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
