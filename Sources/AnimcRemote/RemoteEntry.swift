import AnimcBasics
import AnimcCache
import Foundation

/// What `ac/<key>` holds: the local entry, plus the digest and size of the object it names (the bytes at
/// `cas/<digest>`), so a reader knows what to fetch and how much to accept before fetching it.
struct RemoteEntry: Codable, Sendable {
    struct Object: Codable, Sendable { var digest: Digest; var size: Int64 }
    static let format = 1
    var format: Int
    var entry: CacheEntry
    var objects: [Object]

    init(_ e: CacheEntry) {
        format = RemoteEntry.format
        entry = e
        objects = [Object(digest: e.object, size: e.size)]
    }

    /// Parses and checks an `ac` body for `key` and `kind`; the reason it is unusable otherwise.
    static func parse(_ body: [UInt8], key: Digest, kind: ObjectKind, maxObject: Int64) -> Result<RemoteEntry, RemoteError> {
        if body.isEmpty { return .failure(RemoteError("it is empty")) }
        guard let r = try? JSONDecoder().decode(RemoteEntry.self, from: Data(body)) else {
            return .failure(RemoteError("it is not an animc entry"))
        }
        guard r.format == format else { return .failure(RemoteError("it is of format \(r.format), not \(format)")) }
        guard r.entry.key == key else { return .failure(RemoteError("it is filed under another key")) }
        guard r.entry.kind == kind.rawValue else {
            return .failure(RemoteError("it is a \(r.entry.kind) entry where a \(kind.rawValue) was looked for"))
        }
        guard r.objects.count == 1, r.objects[0].digest == r.entry.object, r.objects[0].size == r.entry.size else {
            return .failure(RemoteError("its objects do not match the entry"))
        }
        guard r.entry.size > 0, r.entry.size <= maxObject else {
            return .failure(RemoteError("its object's size (\(r.entry.size) bytes) is out of bounds"))
        }
        return .success(r)
    }
}
