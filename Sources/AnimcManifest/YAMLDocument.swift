import AnimcBasics
import CYAML

/// A YAML node with the position where it starts, built from libyaml's event stream.
/// Aliases are already replaced by (a copy of) the node they refer to.
public struct YAMLNode: Sendable {
    public enum ScalarStyle: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public struct Pair: Sendable {
        public var key: YAMLNode
        public var value: YAMLNode
    }

    public enum Kind: Sendable {
        case scalar(String, style: ScalarStyle)
        case sequence([YAMLNode])
        /// Keys in document order; duplicates are kept so that validation can report them.
        case mapping([Pair])
    }

    public var kind: Kind
    /// Where the node starts (for an alias: where the alias is written).
    public var location: SourceLocation
    /// The explicit tag, if one was written (`!!str`...).
    public var tag: String?

    public init(kind: Kind, location: SourceLocation, tag: String? = nil) {
        self.kind = kind
        self.location = location
        self.tag = tag
    }
}

/// Failure to read a YAML text: one located problem.
public struct YAMLError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation?
    public var description: String { location.map { "\($0): \(message)" } ?? message }
}

public enum YAMLDocument {
    /// More nodes than this produced by aliases (each alias counts the nodes it copies) is refused:
    /// a "billion laughs" guard. Nodes written out in the text are not counted: the size limit bounds them.
    public static let maxAliasNodes = ManifestLimits.maxAliasNodes
    /// A longer text is refused before parsing.
    public static let maxBytes = ManifestLimits.maxManifestBytes
    /// Deeper nesting than this is refused (deep trees are slow to free and never a real manifest).
    public static let maxDepth = 512

    /// Parses a single-document YAML text. Returns nil for a stream without any document (an empty file).
    public static func parse(_ text: String, path: String) throws(YAMLError) -> YAMLNode? {
        guard text.utf8.count <= maxBytes else {
            throw YAMLError(message: "the manifest is \(text.utf8.count) bytes, over animc's limit of \(maxBytes >> 20) MiB for a manifest",
                            location: SourceLocation(file: path, line: 1, column: 1))
        }
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes.append(0x0A) }  // libyaml wants a non-null pointer
        let count = text.utf8.count
        let result: Result<YAMLNode?, YAMLError> = bytes.withUnsafeBufferPointer { buf in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) != 0 else {
                return .failure(YAMLError(message: "cannot initialise the YAML parser (out of memory)", location: nil))
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buf.baseAddress, count)
            var builder = Builder(path: path)
            do throws(YAMLError) {
                try builder.run(&parser)
                return .success(builder.root)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

private struct Builder {
    let path: String
    var root: YAMLNode?

    /// A collection being built.
    struct Frame {
        var isMapping: Bool
        var start: SourceLocation
        var anchor: String?
        var tag: String?
        var items: [YAMLNode] = []
        var nodes = 1
    }

    var stack: [Frame] = []
    var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    var aliasNodes = 0
    var documents = 0

    init(path: String) { self.path = path }

    func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: path, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))
    }

    mutating func run(_ parser: inout yaml_parser_t) throws(YAMLError) {
        var done = false
        while !done {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) != 0 else {
                throw syntaxError(parser)
            }
            defer { yaml_event_delete(&event) }
            try handle(&event, done: &done)
        }
    }

    func syntaxError(_ parser: yaml_parser_t) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
        var message = "YAML syntax error: \(problem)"
        if let context = parser.context.map({ String(cString: $0) }) {
            message += " (\(context) that started at line \(Int(parser.context_mark.line) + 1))"
        }
        // Reader errors (bad UTF-8...) have no mark; their offset is all we have.
        if parser.error == YAML_READER_ERROR {
            return YAMLError(message: message + " (byte offset \(parser.problem_offset))", location: location(parser.problem_mark))
        }
        return YAMLError(message: message, location: location(parser.problem_mark))
    }

    /// Counts the nodes an alias copies.
    mutating func countAlias(_ n: Int, at mark: yaml_mark_t) throws(YAMLError) {
        aliasNodes += n
        if aliasNodes > YAMLDocument.maxAliasNodes {
            throw YAMLError(message: "YAML aliases expand to more than \(YAMLDocument.maxAliasNodes) nodes (a guard against alias bombs); write the repeated parts out, or use fewer aliases of large nodes",
                            location: location(mark))
        }
    }

    /// Adds a finished node to the collection being built, or makes it the root.
    mutating func add(_ node: YAMLNode, size: Int, anchor: String?) {
        if let anchor { anchors[anchor] = (node, size) }
        guard !stack.isEmpty else {
            root = node
            return
        }
        stack[stack.count - 1].items.append(node)
        stack[stack.count - 1].nodes += size
    }

    mutating func handle(_ event: inout yaml_event_t, done: inout Bool) throws(YAMLError) {
        let start = event.start_mark
        switch event.type {
        case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT, YAML_NO_EVENT:
            break
        case YAML_STREAM_END_EVENT:
            done = true
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw YAMLError(message: "a manifest holds exactly one YAML document, but a second one starts here",
                                location: location(start))
            }
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let anchored = anchors[name] else {
                throw YAMLError(message: "unknown alias '*\(name)' (no anchor '&\(name)' before it)", location: location(start))
            }
            try countAlias(anchored.size, at: start)
            var node = anchored.node
            node.location = location(start)
            add(node, size: anchored.size, anchor: nil)
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let value: String
            if let p = s.value {
                let buf = UnsafeBufferPointer(start: UnsafePointer(p), count: Int(s.length))
                value = String(decoding: buf, as: UTF8.self)
            } else {
                value = ""
            }
            let style: YAMLNode.ScalarStyle
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            add(YAMLNode(kind: .scalar(value, style: style), location: location(start), tag: Self.string(s.tag)),
                size: 1, anchor: Self.string(s.anchor))
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            if stack.count >= YAMLDocument.maxDepth {
                throw YAMLError(message: "YAML nesting is deeper than \(YAMLDocument.maxDepth) levels", location: location(start))
            }
            if event.type == YAML_SEQUENCE_START_EVENT {
                let d = event.data.sequence_start
                stack.append(Frame(isMapping: false, start: location(start), anchor: Self.string(d.anchor), tag: Self.string(d.tag)))
            } else {
                let d = event.data.mapping_start
                stack.append(Frame(isMapping: true, start: location(start), anchor: Self.string(d.anchor), tag: Self.string(d.tag)))
            }
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let top = stack.popLast() else { break }
            if top.isMapping {
                var pairs: [YAMLNode.Pair] = []
                pairs.reserveCapacity(top.items.count / 2)
                var i = 0
                while i + 1 < top.items.count {
                    pairs.append(YAMLNode.Pair(key: top.items[i], value: top.items[i + 1]))
                    i += 2
                }
                add(YAMLNode(kind: .mapping(pairs), location: top.start, tag: top.tag), size: top.nodes, anchor: top.anchor)
            } else {
                add(YAMLNode(kind: .sequence(top.items), location: top.start, tag: top.tag), size: top.nodes, anchor: top.anchor)
            }
        default:
            break
        }
    }
}
