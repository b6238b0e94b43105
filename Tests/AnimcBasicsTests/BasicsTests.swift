import Foundation
import Testing
@testable import AnimcBasics

@Test func diagnosticsPrintLocationLineAndCaret() {
    let src = SourceText(path: "animc.yaml", text: "version: 1\nanimations:\n  walk:\n    dealy: 3\n")
    let d = Diagnostic.error("unknown key 'dealy'; did you mean 'delay'?",
                             at: SourceLocation(file: "animc.yaml", line: 4, column: 5), in: src)
    #expect(d.description == """
        animc.yaml:4:5: error: unknown key 'dealy'; did you mean 'delay'?
            dealy: 3
            ^
        """)
}

@Test func fileLevelDiagnosticsHaveNoLineNumbers() {
    #expect(Diagnostic(.error, "truncated PNG data", at: SourceLocation(file: "f/a.png")).description
        == "f/a.png: error: truncated PNG data")
}

@Test func closestMatchSuggestsTypos() {
    #expect(closestMatch(to: "dealy", in: ["delay", "fps", "loop"]) == "delay")
    #expect(closestMatch(to: "palete", in: ["palette", "playback"]) == "palette")
    #expect(closestMatch(to: "zzzzzz", in: ["delay", "fps"]) == nil)
}

@Test func keysComeFromCanonicalEncodings() {
    struct A: Encodable { var b = 1; var a = "x" }
    struct B: Encodable { var a = "x"; var b = 1 }
    #expect(Digest.key(of: A()) == Digest.key(of: B()))
    #expect(Digest.of("abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
}

@Test func atomicWritesLeaveNoTemporaryFiles() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("animc-basics-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("sub/out.gif").path
    try AtomicFile.write([1, 2, 3], to: path)
    try AtomicFile.write([4, 5], to: path)
    #expect(try FileSystem.read(path) == [4, 5])
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("sub").path) == ["out.gif"])
    do {
        var w = try AtomicFileWriter(path: path)
        try w.write([9, 9, 9])
        // Dropped without commit: the target keeps its old content.
    }
    #expect(try FileSystem.read(path) == [4, 5])
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("sub").path) == ["out.gif"])
}

@Test func pathsNormalize() {
    #expect(Paths.normalize("./a/b/../c.png") == "a/c.png")
    #expect(Paths.normalize("../x/./y") == "../x/y")
    #expect(Paths.normalize("/a/../../b") == "/b")
}
