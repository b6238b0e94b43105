/// A position in a text file, 1-based, as editors and compilers print it.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file as the user named it (kept relative when they gave it relative).
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A location in a file as a whole (line 0): a bad frame, say.
    public init(file: String) { self.init(file: file, line: 0, column: 0) }

    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}

/// The text of a file kept for quoting its lines under diagnostics.
public struct SourceText: Sendable {
    public let path: String
    private let lines: [Substring]

    public init(path: String, text: String) {
        self.path = path
        // Lines end at LF, CRLF or a lone CR, as YAML (and libyaml's marks) count them. ("\r\n" is one
        // Character in Swift, so splitting on "\n" alone would see a CRLF file as one line.)
        self.lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
    }

    /// The text of line `number` (1-based) without its line terminator, or nil past the end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lines.count else { return nil }
        var l = lines[number - 1]
        if l.hasSuffix("\r") { l = l.dropLast() }
        return String(l)
    }
}
