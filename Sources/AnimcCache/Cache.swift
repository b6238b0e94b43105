import AnimcBasics
import Foundation

/// The on-disk store. Layout (all names relative, so a CI can save and restore the folder anywhere):
///
///     CACHEDIR.TAG                  marks the folder as a cache for backup tools
///     animc-cache.json              {"format": 2}: tells animc the folder is its own
///     objects/ab/<sha256>           content-addressed bytes; the name is the digest of the logical content,
///                                   stored raw or zlib-compressed (see `StoredObject`)
///     entries/ab/<step key>.json    step key → object digest and what it is; mtime = last use
///     records/<id>.record           last build of one manifest: step signatures, stat cache, outputs
///     stats.json                    lifetime hit/miss counters
///
/// Objects are written before the entries naming them, each through a temporary file and a rename,
/// so an interrupted build leaves nothing a later build would trust. Every object is verified
/// against its name and against the entry naming it (size, kind, a format check) when read; a bad one is a miss.
///
/// The cache is an optimisation: when it cannot be written (a read-only folder, a full disk), it warns once
/// and every later store is a no-op, so a build still writes its outputs. Opened `readOnly` (a dry run,
/// `check`), it never writes, touches or deletes anything.
public final class Cache: Sendable {
    /// The layout this animc writes: 2 = objects may be zlib-compressed (`StoredObject`).
    public static let format = 2
    /// Layouts this animc reads: a format-1 cache (every object raw) is read as it is and marked format 2
    /// when opened for writing, so an animc that knows only format 1 refuses it instead of taking its
    /// compressed objects for corrupt ones.
    public static let readableFormats: Set<Int> = [1, 2]
    public let directory: String
    /// Never writes, touches or deletes anything: stores are no-ops, bad entries and objects are misses.
    public let readOnly: Bool
    /// The format the folder's marker names (`format` for a cache made now); nil when there is no marker
    /// yet (a missing folder opened without creating it, or one that could not be created).
    public let markedFormat: Int?
    /// What this process has seen of the cache: shared by the build's threads.
    let session = Locked(Session())
    /// Told of every entry written (the remote cache's uploads; `Cache+Remote.swift`).
    let storeObserver = Locked<StoreObserver?>(nil)

    struct Session {
        var warnings: [String] = []
        var hits = 0
        var misses = 0
        /// Why the cache could not be written, once a write failed.
        var writeFailure: String?
        /// Entries already warned about this session (one warning each).
        var warnedKeys = Set<Digest>()
    }

    /// Opens the cache at `directory`.
    /// - `create`: a missing folder is made (atomically and idempotently, see `Cache+Create.swift`); without it,
    ///   a missing folder is an empty cache that nothing is written to.
    /// - `readOnly`: nothing is ever written, touched or deleted (implies not creating).
    /// - `anyFormat`: open a cache marked with another format (for `cache clear`, which empties it).
    /// A folder that exists but holds files that are not animc's is refused; one that holds only what an
    /// interrupted creation leaves is finished (or, read-only, taken as empty). A cache that cannot be
    /// created opens as an unwritable empty cache, with one warning.
    public init(directory: String, create: Bool = true, readOnly: Bool = false, anyFormat: Bool = false) throws(CacheError) {
        self.directory = directory
        self.readOnly = readOnly
        let opened = try Cache.prepare(directory, create: create && !readOnly, finish: !readOnly, anyFormat: anyFormat)
        markedFormat = opened.format
        if let failure = opened.failure { noteWriteFailure(failure) }
    }

    /// True when the folder exists and is marked as animc's (an empty marker is a creation cut off).
    public static func exists(at directory: String) -> Bool {
        (FileSystem.status(Paths.join(directory, markerName))?.size ?? 0) > 0
    }

    // MARK: objects

    func objectPath(_ d: Digest) -> String {
        Paths.join(directory, "objects/\(d.hex.prefix(2))/\(d.hex)")
    }

    func entryPath(_ key: Digest) -> String {
        Paths.join(directory, "entries/\(key.hex.prefix(2))/\(key.hex).json")
    }

    /// Stores logical bytes under their digest (once; compressed unless they are an encoded output, see
    /// `StoredObject`) and returns the digest. When the cache cannot be written, stores nothing (see
    /// `writable`); it no longer throws (the signature is kept for callers).
    @discardableResult
    public func putObject(_ bytes: [UInt8]) throws(CacheError) -> Digest {
        let d = Digest.of(bytes)
        guard writable else { return d }
        let path = objectPath(d)
        if logicalSize(of: d) == Int64(bytes.count) { return d }
        do {
            try Cache.makeDirectories(Paths.directory(of: path))
            try AtomicFile.write(StoredObject.encode(bytes), to: path)
        } catch {
            noteWriteFailure(describe(error))
        }
        return d
    }

    /// The object's logical bytes (inflated) if present and intact: their digest is its name. A corrupt
    /// object is deleted (unless read-only) with a warning. Says nothing of its kind: prefer `lookup(_:kind:)`.
    public func getObject(_ d: Digest) -> [UInt8]? {
        let path = objectPath(d)
        guard let stored = try? FileSystem.read(path) else { return nil }
        guard let bytes = StoredObject.decode(stored), Digest.of(bytes) == d else {
            if !readOnly { FileSystem.remove(path) }
            warn("cache object \(d.short) was corrupt (its content does not match its digest); rebuilding it")
            return nil
        }
        return bytes
    }

    // MARK: entries

    /// The entry for a step key when it is there, is of `kind`, and its object is there with the entry's size
    /// and passes the format check of that kind; otherwise nil (a miss; a disagreement is warned about once).
    /// Marks the entry as used now (for least-recently-used collection) unless read-only.
    public func entry(for key: Digest, kind: ObjectKind) -> CacheEntry? {
        let path = entryPath(key)
        guard let data = try? FileSystem.read(path) else { return nil }
        guard let e = try? JSONDecoder().decode(CacheEntry.self, from: Data(data)), e.key == key else {
            if !readOnly { FileSystem.remove(path) }
            warnOnce(key, "cache entry \(key.short) was unreadable; rebuilding it")
            return nil
        }
        switch agreement(e, kind: kind) {
        case .agrees: break
        case .objectMissing: return nil
        case .disagrees(let why):
            warnOnce(key, "cache entry \(key.short) (\(e.description)) does not match its object: \(why); rebuilding it")
            return nil
        }
        if !readOnly { FileSystem.touch(path) }
        return e
    }

    /// The bytes a step produced earlier, verified (digest, size, kind, format); nil on a miss. Counts hits and misses.
    public func lookup(_ key: Digest, kind: ObjectKind) -> (entry: CacheEntry, bytes: [UInt8])? {
        if let e = entry(for: key, kind: kind), let bytes = getObject(e.object) {
            guard let why = kind.disagreement(bytes, size: e.size) else {
                count(hit: true)
                return (e, bytes)
            }
            warnOnce(key, "cache entry \(key.short) (\(e.description)) does not match its object: \(why); rebuilding it")
        }
        count(hit: false)
        return nil
    }

    /// Records what a step produced: the object first, then the entry naming it. When the cache cannot be
    /// written, records nothing and returns the entry it would have written; it no longer throws.
    @discardableResult
    public func store(key: Digest, kind: String, bytes: [UInt8], description: String,
                      inputs: [String: Digest] = [:], params: [String: String] = [:]) throws(CacheError) -> CacheEntry {
        let d = try putObject(bytes)
        let e = CacheEntry(key: key, kind: kind, object: d, size: Int64(bytes.count), description: description,
                           created: FileSystem.nowNs() / 1_000_000_000, inputs: inputs, params: params)
        writeEntry(e)
        return e
    }

    // MARK: bookkeeping

    public func warn(_ message: String) {
        session.withLock { $0.warnings.append(message) }
    }

    /// Warns about an entry once per session, however often it is looked at.
    func warnOnce(_ key: Digest, _ message: String) {
        session.withLock { s in if s.warnedKeys.insert(key).inserted { s.warnings.append(message) } }
    }

    /// Warnings since the last call (corrupt objects found, and so on).
    public func takeWarnings() -> [String] {
        session.withLock { s in
            defer { s.warnings = [] }
            return s.warnings
        }
    }

    func count(hit: Bool) {
        session.withLock { if hit { $0.hits += 1 } else { $0.misses += 1 } }
    }

    /// Hits and misses counted by this process since the cache was opened.
    public var sessionCounts: (hits: Int, misses: Int) {
        session.withLock { ($0.hits, $0.misses) }
    }
}

public struct CacheEntry: Sendable, Codable, Hashable {
    public var key: Digest
    /// "quantized", "palette", "gif".
    public var kind: String
    public var object: Digest
    /// The object's logical size (inflated), in bytes.
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
