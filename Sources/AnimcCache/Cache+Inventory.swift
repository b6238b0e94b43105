import AnimcBasics
import Foundation

/// One entry as found on disk, read without marking it used.
public struct EntryInfo: Sendable, Hashable {
    public var entry: CacheEntry
    /// The entry file.
    public var path: String
    /// Seconds since the epoch of the entry's last use (its mtime).
    public var lastUsed: Int64
    /// Bytes of the entry file itself.
    public var fileSize: Int64
}

/// One object file: its name (which should be the digest of its content), size and age.
public struct ObjectInfo: Sendable, Hashable {
    public var digest: Digest
    public var path: String
    public var size: Int64
    /// Seconds since the epoch.
    public var modified: Int64
}

/// Everything in a cache folder, from one walk.
public struct Inventory: Sendable {
    public var entries: [EntryInfo] = []
    public var objects: [Digest: ObjectInfo] = [:]
    /// Entry files that cannot be read as an entry of their own name.
    public var badEntries: [String] = []
    /// Files under objects/ or entries/ that are neither (a temporary file an interrupted write left, …), and
    /// temporary files (`.NAME.animc-tmp-*`) in the cache folder itself and in records/.
    public var strayFiles: [(path: String, size: Int64, modified: Int64)] = []
    /// Bytes of every file in the folder (objects, entries, records, stats, marker).
    public var totalBytes: Int64 = 0

    /// How many entries name each object.
    public var references: [Digest: Int] {
        var r: [Digest: Int] = [:]
        for e in entries { r[e.entry.object, default: 0] += 1 }
        return r
    }
}

extension Cache {
    /// Walks the folder. Entries are decoded but not touched, so looking does not change what is least recently used.
    public func inventory() -> Inventory {
        var inv = Inventory()
        inv.totalBytes = Cache.bytes(under: directory)
        for (path, st) in Cache.files(under: Paths.join(directory, "objects")) {
            let name = Paths.fileName(of: path)
            if let d = Digest(hex: name), path.hasSuffix("/\(d.hex.prefix(2))/\(d.hex)") {
                inv.objects[d] = ObjectInfo(digest: d, path: path, size: st.size, modified: st.mtimeNs / 1_000_000_000)
            } else {
                inv.strayFiles.append((path, st.size, st.mtimeNs / 1_000_000_000))
            }
        }
        for (path, st) in Cache.files(under: Paths.join(directory, "entries")) {
            let name = Paths.fileName(of: path)
            guard name.hasSuffix(".json"), !name.hasPrefix("."), Digest(hex: String(name.dropLast(5))) != nil else {
                inv.strayFiles.append((path, st.size, st.mtimeNs / 1_000_000_000))
                continue
            }
            guard let data = try? FileSystem.read(path),
                  let e = try? JSONDecoder().decode(CacheEntry.self, from: Data(data)),
                  e.key.hex == String(name.dropLast(5)) else {
                inv.badEntries.append(path)
                continue
            }
            inv.entries.append(EntryInfo(entry: e, path: path, lastUsed: st.mtimeNs / 1_000_000_000, fileSize: st.size))
        }
        // Temporary files an interrupted write of the marker, the tag, the counters or a record left.
        for sub in ["", "records"] {
            let folder = sub.isEmpty ? directory : Paths.join(directory, sub)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(".") && name.contains(".animc-tmp-") {
                let path = Paths.join(folder, name)
                if let st = FileSystem.status(path), st.isRegular { inv.strayFiles.append((path, st.size, st.mtimeNs / 1_000_000_000)) }
            }
        }
        inv.entries.sort { $0.entry.key < $1.entry.key }
        return inv
    }

    /// Entries whose key starts with `prefix` (hex).
    public func entries(matching prefix: String, in inv: Inventory) -> [EntryInfo] {
        let p = prefix.lowercased()
        return inv.entries.filter { $0.entry.key.hex.hasPrefix(p) }
    }

    /// The object's logical bytes (inflated) without verifying or deleting anything (for `show`).
    public func objectBytes(_ d: Digest) -> [UInt8]? {
        (try? FileSystem.read(objectPath(d))).flatMap(StoredObject.decode)
    }

    /// Regular files under `root`, recursively, with their status.
    static func files(under root: String) -> [(String, FileStatus)] {
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [(String, FileStatus)] = []
        while let rel = e.nextObject() as? String {
            let path = Paths.join(root, rel)
            if let st = FileSystem.status(path), st.isRegular { out.append((path, st)) }
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// The size of a cache: the bytes of the files in it.
    public static func bytes(under root: String) -> Int64 {
        files(under: root).reduce(0) { $0 + $1.1.size }
    }

    /// The animations each step key was last built for, from the build records (step ids such as
    /// "quantize walk#3"), falling back to the start of an entry's description.
    public func animationNames(in inv: Inventory) -> [Digest: Set<String>] {
        var names: [Digest: Set<String>] = [:]
        for (path, _) in Cache.files(under: Paths.join(directory, "records")) where path.hasSuffix(".steps") {
            guard let data = try? FileSystem.read(path), let r = BuildRecord(serialized: data) else { continue }
            for (id, step) in r.steps {
                guard let space = id.firstIndex(of: " ") else { continue }
                let rest = id[id.index(after: space)...]
                names[step.key, default: []].insert(String(rest.split(separator: "#", maxSplits: 1).first ?? rest))
            }
        }
        for e in inv.entries where names[e.entry.key] == nil {
            let d = e.entry.description
            for sep in [": ", " frame ", " palette"] {
                if let r = d.range(of: sep) { names[e.entry.key] = [String(d[..<r.lowerBound])]; break }
            }
        }
        return names
    }
}
