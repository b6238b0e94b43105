import AnimcBasics
import AnimcCache
import Foundation
import Testing

/// Creating a cache: atomic, idempotent, safe to race, and finishing what a killed creation left.
@Suite struct CacheCreationTests {
    static let tag = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache made by animc; it can be deleted.\n"

    func temporary() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("animc-create-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func write(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// A cache that opens, stores and finds again.
    func expectUsable(_ dir: String) throws {
        let cache = try Cache(directory: dir)
        #expect(Cache.exists(at: dir))
        #expect(cache.writable)
        let key = Digest.of("k")
        try cache.store(key: key, kind: "palette", bytes: Array("APL2 palette".utf8), description: "p")
        #expect(cache.lookup(key, kind: .palette)?.bytes == Array("APL2 palette".utf8))
        #expect(cache.takeWarnings().isEmpty)
        #expect(cache.verify(repair: false).ok)
    }

    @Test func manyThreadsCreateOneCacheAtOnce() throws {
        let root = try temporary()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for round in 0..<20 {
            let dir = "\(root)/r\(round)/.animc-cache"
            let failures = Locked<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { i in
                do {
                    let c = try Cache(directory: dir)
                    if !c.writable { failures.mutate { $0.append("\(i): not writable: \(c.takeWarnings())") } }
                    try c.store(key: Digest.of("k\(i)"), kind: "quantized", bytes: Array("AQF1 \(i)".utf8), description: "\(i)")
                } catch {
                    failures.mutate { $0.append("\(i): \(error)") }
                }
            }
            #expect(failures.value.isEmpty)
            let c = try Cache(directory: dir)
            for i in 0..<8 { #expect(c.lookup(Digest.of("k\(i)"), kind: .quantized) != nil) }
            #expect(try String(contentsOfFile: "\(dir)/CACHEDIR.TAG", encoding: .utf8) == Self.tag)
        }
    }

    /// Every state a kill during creation (by this animc or an older one) can leave.
    static let partialStates: [(String, [String: String?])] = [
        ("an empty folder", [:]),
        ("only the tag", ["CACHEDIR.TAG": tag]),
        ("the tag's temporary file", [".CACHEDIR.TAG.animc-tmp-a1B2c3": "Signature: 8a4"]),
        ("the tag and the marker's temporary file", ["CACHEDIR.TAG": tag, ".animc-cache.json.animc-tmp-Zz9Yy8": ""]),
        ("an empty marker (power cut)", ["CACHEDIR.TAG": tag, "animc-cache.json": ""]),
        ("an empty tag (power cut)", ["CACHEDIR.TAG": ""]),
        ("empty folders and lock files", ["objects/ab/": nil, "entries/": nil, "records/": nil, "lock": "", "stats.lock": ""]),
    ]

    static func make(_ dir: String, _ files: [String: String?]) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            if let text {
                try FileManager.default.createDirectory(atPath: ("\(dir)/\(name)" as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: "\(dir)/\(name)"))
            } else {
                try FileManager.default.createDirectory(atPath: "\(dir)/\(name)", withIntermediateDirectories: true)
            }
        }
    }

    @Test(arguments: 0..<partialStates.count)
    func whatAKilledCreationLeftIsFinished(_ i: Int) throws {
        let root = try temporary()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = "\(root)/.animc-cache"
        try Self.make(dir, Self.partialStates[i].1)
        // Read-only, it is an empty cache and stays as it was.
        let before = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        let ro = try Cache(directory: dir, create: false, readOnly: true)
        #expect(ro.lookup(Digest.of("k"), kind: .palette) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == before)
        #expect(!Cache.exists(at: dir))
        // Opened to write (also without `create`, as `cache clear` and `verify --repair` do), it is finished.
        let c = try Cache(directory: dir, create: false)
        #expect(Cache.exists(at: dir) && c.writable && c.markedFormat == Cache.format)
        #expect(c.clear() >= 0)
        #expect(c.verify(repair: true).ok)
        try expectUsable(dir)
    }

    @Test func temporaryFilesAKillLeftAreStraysForVerifyAndGC() throws {
        let root = try temporary()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = "\(root)/.animc-cache"
        try Self.make(dir, [".CACHEDIR.TAG.animc-tmp-a1B2c3": "Sig"])
        let c = try Cache(directory: dir)
        try Self.make(dir, ["records/.x.record.animc-tmp-d4E5f6": "rec"])
        #expect(c.verify(repair: false).ok)  // young: maybe another process's write in progress
        let r = c.verify(repair: true, graceSeconds: 0)
        #expect(r.problems.map(\.kind) == [.stray, .stray])
        #expect(r.removed.sorted() == [".CACHEDIR.TAG.animc-tmp-a1B2c3", "records/.x.record.animc-tmp-d4E5f6"])
        #expect(c.verify(repair: false, graceSeconds: 0).ok)
        #expect(Cache.exists(at: dir))
    }

    @Test func aFolderWithOtherFilesIsRefusedAndLeftAlone() throws {
        let root = try temporary()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let foreign: [[String: String?]] = [
            ["notes.txt": "mine"],
            ["CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n# made by another tool\n"],
            ["objects/ab/cd": "x"],
            ["lock": "not empty"],
            [".notes.txt.animc-tmp-123456": "x"],
        ]
        for (i, files) in foreign.enumerated() {
            let dir = "\(root)/f\(i)"
            try Self.make(dir, files)
            let before = try FileManager.default.subpathsOfDirectory(atPath: dir).sorted()
            #expect(throws: CacheError.self) { try Cache(directory: dir) }
            #expect(throws: CacheError.self) { try Cache(directory: dir, create: false, readOnly: true) }
            #expect(try FileManager.default.subpathsOfDirectory(atPath: dir).sorted() == before)
        }
    }

    @Test func aCacheOfAnotherFormatIsRefusedButCanBeCleared() throws {
        let root = try temporary()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = "\(root)/.animc-cache"
        let old = try Cache(directory: dir)
        try old.store(key: Digest.of("k"), kind: "palette", bytes: Array("APL2 x".utf8), description: "p")
        try write("\(dir)/animc-cache.json", "{\"format\": 7, \"layout\": \"new\"}\n")
        try write("\(dir)/blobs/x", "a newer animc's file")
        do {
            _ = try Cache(directory: dir)
            Issue.record("a cache of format 7 was opened")
        } catch {
            #expect(error.message.contains("format 7"))
            #expect(error.message.contains("`animc cache clear --cache-dir \(dir)`"))
        }
        let c = try Cache(directory: dir, create: false, anyFormat: true)
        #expect(c.markedFormat == 7)
        #expect(c.clear() > 0)
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/blobs"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/objects"))
        try expectUsable(dir)
    }

    @Test func aCacheThatCannotBeCreatedOpensUnwritable() throws {
        let root = try temporary()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("\(root)/file", "a file where a folder would go")
        let c = try Cache(directory: "\(root)/file/.animc-cache")
        #expect(!c.writable)
        let w = c.takeWarnings()
        #expect(w.count == 1)
        #expect(w.first?.contains("cannot be written") == true)
        try c.store(key: Digest.of("k"), kind: "palette", bytes: Array("APL2".utf8), description: "p")
        #expect(c.lookup(Digest.of("k"), kind: .palette) == nil)
        #expect(c.takeWarnings().isEmpty)
    }
}

/// A value shared by test threads.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: T
    init(_ value: T) { _value = value }
    var value: T { lock.lock(); defer { lock.unlock() }; return _value }
    func mutate(_ f: (inout T) -> Void) { lock.lock(); defer { lock.unlock() }; f(&_value) }
}
