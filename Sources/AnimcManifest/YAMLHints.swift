/// What to do about the YAML syntax errors people meet most, from libyaml's message and the line it points at.
enum YAMLHints {
    static func hint(for message: String, line: String?, column: Int) -> String? {
        guard let line else { return nil }
        let indentation = line.prefix { $0 == " " || $0 == "\t" }
        if indentation.contains("\t") {
            return "this line is indented with a tab; YAML indents with spaces only: replace the tab with spaces"
        }
        if message.contains("alias") {
            // `glob: *.png`: a plain value that starts with `*` is an alias to an anchor.
            let chars = Array(line)
            var i = min(max(column - 1, 0), chars.count - 1)
            while i > 0, chars[i] != "*" { i -= 1 }
            guard i >= 0, i < chars.count, chars[i] == "*" else { return nil }
            var value = String(chars[i...])
            if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]) }
            value = String(value.trimmingSpaces)
            if value.hasSuffix("}") || value.hasSuffix("]") || value.hasSuffix(",") {
                value = String(value.prefix { !",}]".contains($0) }.trimmingSpaces)
            }
            let before = String(chars[..<i]).trimmingSpaces
            let key = before.hasSuffix(":") ? String(before.split(whereSeparator: { " {[-,".contains($0) }).last ?? "") + " " : ""
            return "a value that starts with '*' is a YAML alias; quote it: \(key)\"\(value)\""
        }
        return nil
    }
}
