import AnimcBasics
import Foundation

/// The on-disk store. Layout (all names relative, so a CI can save and restore the folder anywhere):
///
///     CACHEDIR.TAG                  marks the folder as a cache for backup tools
///     animc-cache.json              {"format": 1}: tells animc the folder is its own
///     objects/ab/<sha256>           content-addressed bytes; the name is the digest of the content
///     entries/ab/<step key>.json    step key → object digest and what it is; mtime = last use
///     records/<id>.record           last build of one manifest: step signatures, stat cache, outputs
///     stats.json                    lifetime hit/miss counters
///
/// Objects are written before the entries naming them, each through a temporary file and a rename,
/// so an interrupted build leaves nothing a later build would trust. Every object is verified
/// against its name when read; a bad one is a miss.
public final class Cache: @unchecked Sendable {
    public static let format = 1
    public let directory: String
    private let lock = NSLock()
    private var _warnings: [String] = []
    private var _hits = 0
    private var _misses = 0

    /// Opens the cache at `directory`. With `create`, a missing folder is made; without it, a missing folder
    /// is an empty cache that nothing is written to (a dry run). A folder that exists but is not animc's is refused.
    public init(directory: String, create: Bool = true) throws(CacheError) {
        self.directory = directory
        let marker = Paths.join(directory, "animc-cache.json")
        if let st = FileSystem.status(directory) {
            guard st.isDirectory else { throw CacheError("\(directory) is not a directory") }
            if !FileSystem.exists(marker) {
                // An empty folder may become a cache; a folder holding other things is not animc's to fill.
                let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
                guard contents.isEmpty else {
                    throw CacheError("\(directory) is not an animc cache (it has no animc-cache.json)")
                }
            }
        } else if !create {
            return
        }
        if FileSystem.exists(marker) {
            if let data = try? FileSystem.read(marker),
               let doc = try? JSONDecoder().decode([String: Int].self, from: Data(data)),
               let f = doc["format"], f != Cache.format {
                throw CacheError("\(directory) is an animc cache of format \(f); this animc uses format \(Cache.format) (run `animc cache clear`)")
            }
        } else if create {
            do {
                try FileSystem.makeDirectory(directory)
                try AtomicFile.write(Array("Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache made by animc; it can be deleted.\n".utf8),
                                     to: Paths.join(directory, "CACHEDIR.TAG"))
                try AtomicFile.write(Array("{\"format\":\(Cache.format)}\n".utf8), to: marker)
            } catch {
                throw CacheError("cannot create cache at \(directory): \(error.reason)")
            }
        }
    }

    /// True when the folder exists and is marked as animc's.
    public static func exists(at directory: String) -> Bool {
        FileSystem.exists(Paths.join(directory, "animc-cache.json"))
    }

    // MARK: objects

    func objectPath(_ d: Digest) -> String {
        Paths.join(directory, "objects/\(d.hex.prefix(2))/\(d.hex)")
    }

    func entryPath(_ key: Digest) -> String {
        Paths.join(directory, "entries/\(key.hex.prefix(2))/\(key.hex).json")
    }

    /// Stores bytes under their digest (once) and returns the digest.
    @discardableResult
    public func putObject(_ bytes: [UInt8]) throws(CacheError) -> Digest {
        let d = Digest.of(bytes)
        let path = objectPath(d)
        if let st = FileSystem.status(path), st.size == Int64(bytes.count) { return d }
        do { try AtomicFile.write(bytes, to: path) } catch { throw CacheError("cannot write cache object: \(error)") }
        return d
    }

    /// The object's bytes if present and intact. A corrupt object is deleted and reported as a warning.
    public func getObject(_ d: Digest) -> [UInt8]? {
        let path = objectPath(d)
        guard let bytes = try? FileSystem.read(path) else { return nil }
        guard Digest.of(bytes) == d else {
            FileSystem.remove(path)
            warn("cache object \(d.short) was corrupt (its content does not match its digest); rebuilding it")
            return nil
        }
        return bytes
    }

    // MARK: entries

    /// The entry for a step key, if any; marks it as used now (for least-recently-used collection).
    public func entry(for key: Digest) -> CacheEntry? {
        let path = entryPath(key)
        guard let data = try? FileSystem.read(path) else { return nil }
        guard let e = try? JSONDecoder().decode(CacheEntry.self, from: Data(data)), e.key == key else {
            FileSystem.remove(path)
            warn("cache entry \(key.short) was unreadable; rebuilding it")
            return nil
        }
        FileSystem.touch(path)
        return e
    }

    /// The bytes a step produced earlier, verified; nil on a miss. Counts hits and misses.
    public func lookup(_ key: Digest) -> (entry: CacheEntry, bytes: [UInt8])? {
        if let e = entry(for: key), let bytes = getObject(e.object) {
            count(hit: true)
            return (e, bytes)
        }
        count(hit: false)
        return nil
    }

    /// Records what a step produced: the object first, then the entry naming it.
    @discardableResult
    public func store(key: Digest, kind: String, bytes: [UInt8], description: String,
                      inputs: [String: Digest] = [:], params: [String: String] = [:]) throws(CacheError) -> CacheEntry {
        let d = try putObject(bytes)
        let e = CacheEntry(key: key, kind: kind, object: d, size: Int64(bytes.count), description: description,
                           created: FileSystem.nowNs() / 1_000_000_000, inputs: inputs, params: params)
        do { try AtomicFile.write(Array(canonicalJSON(e)), to: entryPath(key)) } catch {
            throw CacheError("cannot write cache entry: \(error)")
        }
        return e
    }

    // MARK: bookkeeping

    public func warn(_ message: String) {
        lock.lock(); defer { lock.unlock() }
        _warnings.append(message)
    }

    /// Warnings since the last call (corrupt objects found, and so on).
    public func takeWarnings() -> [String] {
        lock.lock(); defer { lock.unlock() }
        let w = _warnings
        _warnings = []
        return w
    }

    /// Counts a hit on an entry whose object was not read (an output found already up to date).
    public func countHit() { count(hit: true) }
    public func countMiss() { count(hit: false) }

    func count(hit: Bool) {
        lock.lock(); defer { lock.unlock() }
        if hit { _hits += 1 } else { _misses += 1 }
    }

    /// Hits and misses counted by this process since the cache was opened.
    public var sessionCounts: (hits: Int, misses: Int) {
        lock.lock(); defer { lock.unlock() }
        return (_hits, _misses)
    }
}

public struct CacheEntry: Sendable, Codable, Hashable {
    public var key: Digest
    /// "quantized", "palette", "gif".
    public var kind: String
    public var object: Digest
    public var size: Int64
    /// What it is, for people: "walk frame 7, 64 colours".
    public var description: String
    /// Seconds since the epoch.
    public var created: Int64
    /// What the key was made of, for `animc cache show`.
    public var inputs: [String: Digest]
    public var params: [String: String]
}

public struct CacheError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
