#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AnimcBasics
import Foundation

/// Whether the cache may be written, and whether an entry and the object it names agree.
extension Cache {
    /// False when opened read-only, or once a write failed (see `writeFailure`): stores are then no-ops.
    public var writable: Bool {
        !readOnly && session.withLock { $0.writeFailure == nil }
    }

    /// Why the cache could not be written (the first failure of this session), or nil.
    public var writeFailure: String? {
        session.withLock { $0.writeFailure }
    }

    /// Marks the cache unwritable for the rest of the session and warns once.
    func noteWriteFailure(_ reason: String) {
        let first = session.withLock { s -> Bool in
            guard s.writeFailure == nil else { return false }
            s.writeFailure = reason
            return true
        }
        if first { warn("cache at \(directory) cannot be written (\(reason)); outputs are built without caching") }
    }

    /// A file error as `objects/ab: Not a directory`, relative to the cache.
    func describe(_ e: FileError) -> String { "\(relative(e.path)): \(e.reason)" }

    /// Writes an entry, only when its object is in place with its size (objects first, then entries).
    func writeEntry(_ e: CacheEntry) {
        guard writable, FileSystem.status(objectPath(e.object))?.size == e.size else { return }
        let path = entryPath(e.key)
        do {
            try Cache.makeDirectories(Paths.directory(of: path))
            try AtomicFile.write(Array(canonicalJSON(e)), to: path)
        } catch {
            noteWriteFailure(describe(error))
            return
        }
        notifyStored(e)
    }

    enum Agreement: Equatable { case agrees, objectMissing, disagrees(String) }

    /// Whether `e` is an entry of `kind` whose object is there, `e.size` bytes long, and starts and ends as an
    /// object of that kind must (the first bytes and the last one are read, not the whole object).
    func agreement(_ e: CacheEntry, kind: ObjectKind?) -> Agreement {
        guard let own = ObjectKind(rawValue: e.kind) else { return .disagrees("its kind '\(e.kind)' is not one animc writes") }
        if let kind, own != kind { return .disagrees("it is a \(own.rawValue) entry where a \(kind.rawValue) was looked for") }
        let fd = open(objectPath(e.object), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .objectMissing }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .objectMissing }
        let size = Int64(st.st_size)
        guard size == e.size else { return .disagrees("its object is \(size) bytes where the entry says \(e.size)") }
        var head = [UInt8](repeating: 0, count: ObjectKind.headLength)
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        var last: UInt8 = 0
        let m = size > 0 ? withUnsafeMutableBytes(of: &last) { pread(fd, $0.baseAddress!, 1, off_t(size - 1)) } : 0
        let headBytes = head.prefix(max(0, n))
        guard own.accepts(head: headBytes, last: m == 1 ? last : nil, size: size) else {
            return .disagrees("its object \(ObjectKind.describe(head: headBytes, last: m == 1 ? last : nil)), not a \(own.rawValue)")
        }
        return .agrees
    }
}
