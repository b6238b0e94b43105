import AnimcBasics
import Testing
@testable import AnimcManifest

@Suite struct YAMLDocumentTests {
    @Test func nodesCarryStartPositionsAndStyles() throws {
        let root = try #require(try YAMLDocument.parse("a: 1\nb:\n  - 'x'\n  - {c: \"y\", d: ~}\n", path: "t.yaml"))
        guard case .mapping(let pairs) = root.kind else { Issue.record("not a mapping"); return }
        #expect(pairs.map { $0.key.scalarText } == ["a", "b"])
        #expect(pairs[0].value.location == SourceLocation(file: "t.yaml", line: 1, column: 4))
        #expect(pairs[0].value.intValue == 1)
        guard case .sequence(let items) = pairs[1].value.kind else { Issue.record("not a list"); return }
        #expect(items[0].location == SourceLocation(file: "t.yaml", line: 3, column: 5))
        if case .scalar(let s, let style) = items[0].kind { #expect(s == "x" && style == .singleQuoted) }
        #expect(items[0].intValue == nil)
        guard case .mapping(let inner) = items[1].kind else { Issue.record("not a mapping"); return }
        #expect(items[1].location.column == 5)
        #expect(inner[0].value.location == SourceLocation(file: "t.yaml", line: 4, column: 9))
        #expect(inner[1].value.isNull)
    }

    @Test func scalarTyping() throws {
        let root = try #require(try YAMLDocument.parse("[12, -3, 1.5, .5, 1e3, true, yes, null, '', \"7\", 0x1F, abc]", path: "t"))
        guard case .sequence(let s) = root.kind else { Issue.record("not a list"); return }
        #expect(s.map(\.typeName) == ["a number", "a number", "a number", "a number", "a number", "a boolean", "a string",
                                      "null", "a string", "a string", "a number", "a string"])
        #expect(s[0].intValue == 12 && s[1].intValue == -3 && s[10].intValue == 31)
        #expect(s[2].numberValue == 1.5 && s[3].numberValue == 0.5 && s[4].numberValue == 1000)
        #expect(s[2].intValue == nil)
        #expect(s[5].boolValue == true && s[6].boolValue == nil)
    }

    @Test func emptyStreamIsNil() throws {
        #expect(try YAMLDocument.parse("", path: "t") == nil)
        #expect(try YAMLDocument.parse("# just a comment\n", path: "t") == nil)
    }

    @Test func columnsCountCharactersNotBytes() {
        let (_, diags) = parseManifest("version: 1\nanimations:\n  héros:\n    output: a.gif\n    frames: [{fil: a.png}]\n  ünïcødé: {output: b.gif, frames: [{file: b.png}], fps: 0}\n")
        let text = render(diags)
        #expect(text.contains("animc.yaml:5:15: error: unknown key 'fil' in frame source; did you mean 'file'?"), "\(text)")
        #expect(text.contains("animc.yaml:6:58: error: 'fps' must be between 0.01 and 100"), "\(text)")
    }

    @Test func syntaxErrorIsLocatedWithLibyamlProblem() {
        let (m, diags) = parseManifest("version: 1\nanimations:\n  a: [1, 2\n  b: 3\n")
        #expect(m == nil)
        #expect(diags.count == 1)
        let text = render(diags)
        #expect(text.hasPrefix("animc.yaml:4:4: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence that started at line 3)"), "\(text)")
    }
}
