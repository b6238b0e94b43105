import AnimcBasics
#if canImport(Glibc)
import Glibc
#endif

/// Writes an object whose digest is known only at the end (an encoded GIF, streamed frame by frame),
/// so the bytes never have to be held in memory. Dropped without `commit`, it leaves nothing behind.
///
/// It never fails: when the cache cannot be written (read-only, a full disk, a failure met by another
/// writer), it goes on hashing without writing, and `commit()` says the object was not stored. The first
/// failure makes the cache warn once and turns every later store into a no-op (`Cache.writable`).
public final class ObjectWriter {
    private let cache: Cache
    /// The temporary file under `objects/` (`.new-object.animc-tmp-XXXXXX`), while writing to it.
    private var writer: AtomicFileWriter?
    private var temporaryPath = ""
    private var digest = StreamingDigest()
    /// Bytes written so far (hashed, whether or not stored).
    public private(set) var size: Int64 = 0

    init(cache: Cache) {
        self.cache = cache
        guard cache.writable else { return }
        let folder = Paths.join(cache.directory, "objects")
        do {
            try Cache.makeDirectories(folder)
            let w = try AtomicFileWriter(path: Paths.join(folder, "new-object"))
            temporaryPath = w.temporaryPath
            writer = consume w
        } catch {
            cache.noteWriteFailure("cannot create a temporary file in objects/: \(error.reason)")
        }
    }

    /// Hashes `bytes` and, while the cache can be written, appends them to the object. Never throws (the
    /// signature is kept for callers): a failure is the cache's warning and `commit().stored == false`.
    public func write(_ bytes: [UInt8]) throws(CacheError) {
        guard !bytes.isEmpty else { return }
        digest.update(bytes)
        size += Int64(bytes.count)
        guard writer != nil else { return }
        guard cache.writable else { writer = nil; return }  // another writer failed: stop writing (drops the file)
        do { try writer!.write(bytes) } catch {
            writer = nil
            cache.noteWriteFailure("writing \(cache.relative(temporaryPath)): \(error.reason)")
        }
    }

    /// What `commit()` gives: the digest of everything written, and whether the object is now in the cache
    /// under that digest (false when the cache could not be written; record no entry for it then).
    public struct Committed: Sendable, Equatable {
        public var digest: Digest
        public var stored: Bool
        public init(digest: Digest, stored: Bool) { self.digest = digest; self.stored = stored }
    }

    /// Moves the object into place under its digest. Call once, after the last `write`.
    public func commit() -> Committed {
        let d = digest.finalize()
        guard let w = writer.take() else { return Committed(digest: d, stored: false) }
        let final = cache.objectPath(d)
        if cache.logicalSize(of: d) == size { return Committed(digest: d, stored: true) }  // `w` cleans up
        do {
            try Cache.makeDirectories(Paths.directory(of: final))
            try w.commit(as: final)
        } catch {
            cache.noteWriteFailure("moving \(cache.relative(temporaryPath)) to \(cache.relative(final)): \(error.reason)")
            return Committed(digest: d, stored: false)
        }
        return Committed(digest: d, stored: true)
    }
}

extension Cache {
    /// A writer for an object streamed into the cache. Never throws (the signature is kept for callers);
    /// with an unwritable cache it only hashes.
    public func makeObjectWriter() throws(CacheError) -> ObjectWriter { ObjectWriter(cache: self) }

    /// Records an entry for an object already stored. Writes nothing when the object is not in place with
    /// `size` bytes (it was not stored) or the cache cannot be written; it no longer throws.
    @discardableResult
    public func storeEntry(key: Digest, kind: String, object: Digest, size: Int64, description: String,
                           inputs: [String: Digest] = [:], params: [String: String] = [:]) throws(CacheError) -> CacheEntry {
        let e = CacheEntry(key: key, kind: kind, object: object, size: size, description: description,
                           created: FileSystem.nowNs() / 1_000_000_000, inputs: inputs, params: params)
        writeEntry(e)
        return e
    }

    /// Copies an object to `path` atomically, in chunks, verifying on the way its digest and that it is an
    /// object of `kind` (format check). Returns false (and writes nothing) when the object is missing, corrupt
    /// or of another kind; a corrupt one is removed (unless read-only) with a warning.
    public func copyObject(_ d: Digest, to path: String, kind: ObjectKind) throws(FileError) -> Bool {
        let source = objectPath(d)
        if StoredObject.summary(at: source)?.compressed == true {
            // Outputs are stored raw; one stored compressed (by another writer of logical bytes) is inflated.
            guard let bytes = getObject(d) else { return false }
            guard kind.accepts(bytes) else {
                warn("cache object \(d.short) \(ObjectKind.describe(head: bytes.prefix(ObjectKind.headLength), last: bytes.last)), not a \(kind.rawValue); rebuilding it")
                return false
            }
            try AtomicFile.write(bytes, to: path, durable: true)
            return true
        }
        let fd = open(source, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var out = try AtomicFileWriter(path: path)
        var check = StreamingDigest()
        var head: [UInt8] = []
        var last: UInt8?
        var size: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            if n == 0 { break }
            let chunk = buffer[0..<n]
            chunk.withUnsafeBytes { check.update($0) }
            if head.count < ObjectKind.headLength { head += chunk.prefix(ObjectKind.headLength - head.count) }
            last = chunk.last
            size += Int64(n)
            try out.write(chunk)
        }
        guard check.finalize() == d else {
            if !readOnly { FileSystem.remove(source) }
            warn("cache object \(d.short) was corrupt (its content does not match its digest); rebuilding it")
            return false  // `out` is dropped uncommitted: the target keeps its old content.
        }
        guard kind.accepts(head: head[...], last: last, size: size) else {
            warn("cache object \(d.short) \(ObjectKind.describe(head: head[...], last: last)), not a \(kind.rawValue); rebuilding it")
            return false
        }
        try out.commit(durable: true)  // an output: fsync'd, so a power loss cannot leave it empty
        return true
    }
}
