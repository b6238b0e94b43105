import AnimcBasics
#if canImport(Glibc)
import Glibc
#endif

/// Writes an object whose digest is known only at the end (an encoded GIF, streamed frame by frame),
/// so the bytes never have to be held in memory. Dropped without `commit`, it leaves nothing behind.
public final class ObjectWriter {
    private let cache: Cache
    private var writer: AtomicFileWriter?
    private var digest = StreamingDigest()
    public private(set) var size: Int64 = 0

    init(cache: Cache) throws(CacheError) {
        self.cache = cache
        do {
            writer = try AtomicFileWriter(path: Paths.join(cache.directory, "objects/incoming"))
        } catch {
            throw CacheError("cannot write to the cache: \(error)")
        }
    }

    public func write(_ bytes: [UInt8]) throws(CacheError) {
        guard !bytes.isEmpty else { return }
        digest.update(bytes)
        size += Int64(bytes.count)
        do { try writer!.write(bytes) } catch { throw CacheError("cannot write to the cache: \(error)") }
    }

    /// Moves the object into place under its digest and returns the digest.
    public func commit() throws(CacheError) -> Digest {
        let d = digest.finalize()
        guard let w = writer.take() else { return d }
        let final = cache.objectPath(d)
        if let st = FileSystem.status(final), st.size == size { return d }  // already there; `w` cleans up
        do {
            try FileSystem.makeDirectory(Paths.directory(of: final))
            try w.commit(as: final)
        } catch {
            throw CacheError("cannot write to the cache: \(error)")
        }
        return d
    }
}

extension Cache {
    public func makeObjectWriter() throws(CacheError) -> ObjectWriter { try ObjectWriter(cache: self) }

    /// Records an entry for an object already stored.
    @discardableResult
    public func storeEntry(key: Digest, kind: String, object: Digest, size: Int64, description: String,
                           inputs: [String: Digest] = [:], params: [String: String] = [:]) throws(CacheError) -> CacheEntry {
        let e = CacheEntry(key: key, kind: kind, object: object, size: size, description: description,
                           created: FileSystem.nowNs() / 1_000_000_000, inputs: inputs, params: params)
        do { try AtomicFile.write(Array(canonicalJSON(e)), to: entryPath(key)) } catch {
            throw CacheError("cannot write cache entry: \(error)")
        }
        return e
    }

    /// Copies an object to `path` atomically, in chunks, verifying its digest on the way. Returns false
    /// (and writes nothing) when the object is missing or corrupt; a corrupt one is removed with a warning.
    public func copyObject(_ d: Digest, to path: String) throws(FileError) -> Bool {
        let source = objectPath(d)
        let fd = open(source, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var out = try AtomicFileWriter(path: path)
        var check = StreamingDigest()
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
            try out.write(chunk)
        }
        guard check.finalize() == d else {
            FileSystem.remove(source)
            warn("cache object \(d.short) was corrupt (its content does not match its digest); rebuilding it")
            return false  // `out` is dropped uncommitted: the target keeps its old content.
        }
        try out.commit(durable: true)  // an output: fsync'd, so a power loss cannot leave it empty
        return true
    }
}
