import AnimcBasics

/// Checks on the manifest's bytes before YAML sees them.
enum ManifestText {
    /// The offset of the first byte that is not part of valid UTF-8, or nil when all of it is.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// `animc.yaml:L:C: error: not valid UTF-8 …` at byte `offset`, quoting that line (decoded
    /// lossily) with the caret under the bad byte. Lines end at LF, CRLF or CR, as YAML counts them;
    /// the column counts characters (Unicode scalars), as libyaml's marks do.
    static func invalidUTF8(_ bytes: [UInt8], at offset: Int, path: String) -> Diagnostic {
        var line = 1, lineStart = 0, i = 0
        while i < offset {
            if bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A)) {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).unicodeScalars.count + 1
        var lineEnd = offset
        while lineEnd < bytes.count, bytes[lineEnd] != 0x0A, bytes[lineEnd] != 0x0D { lineEnd += 1 }
        let text = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
        let hex = String(bytes[offset], radix: 16, uppercase: true)
        return Diagnostic(
            .error,
            "not valid UTF-8: byte 0x\(hex.count < 2 ? "0" + hex : hex) at offset \(offset) cannot start or continue a character; save the manifest as UTF-8",
            at: SourceLocation(file: path, line: line, column: column), sourceLine: text)
    }
}
