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
        guard writable, logicalSize(of: e.object) == e.size else { return }
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

    /// The logical size of the object named `d` (read from its header when compressed); nil when it is
    /// missing or its header is damaged.
    func logicalSize(of d: Digest) -> Int64? {
        StoredObject.summary(at: objectPath(d))?.size
    }

    enum Agreement: Equatable { case agrees, objectMissing, disagrees(String) }

    /// Whether `e` is an entry of `kind` whose object is there, `e.size` logical bytes long, and starts and ends
    /// as an object of that kind must (the first bytes and the last one are read, or a compressed object's
    /// header, not the whole object).
    func agreement(_ e: CacheEntry, kind: ObjectKind?) -> Agreement {
        guard let own = ObjectKind(rawValue: e.kind) else { return .disagrees("its kind '\(e.kind)' is not one animc writes") }
        if let kind, own != kind { return .disagrees("it is a \(own.rawValue) entry where a \(kind.rawValue) was looked for") }
        guard FileSystem.exists(objectPath(e.object)) else { return .objectMissing }
        guard let o = StoredObject.summary(at: objectPath(e.object)) else { return .disagrees("its object's header is damaged") }
        guard o.size == e.size else { return .disagrees("its object is \(o.size) bytes where the entry says \(e.size)") }
        let headBytes = o.head[...]
        guard own.accepts(head: headBytes, last: o.last, size: o.size) else {
            return .disagrees("its object \(ObjectKind.describe(head: headBytes, last: o.last)), not a \(own.rawValue)")
        }
        return .agrees
    }
}
