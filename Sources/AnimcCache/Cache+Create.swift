#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AnimcBasics
import Foundation

/// Making a cache folder, so that any number of processes may do it at once and a kill at any point leaves
/// something the next one accepts:
///
/// 1. make the folder (an existing one is fine);
/// 2. write `CACHEDIR.TAG` (temporary file + rename);
/// 3. write `animc-cache.json` last (temporary file + rename): a folder with the marker is a complete cache.
///
/// A folder without the marker that holds only what steps 1–2 (or a power cut in step 3) can leave — the tag,
/// an empty marker, their `.NAME.animc-tmp-*` files, empty `lock` files, empty `objects/`, `entries/`, `records/` —
/// is a creation to finish; each step is idempotent, so racing processes each finish it and all succeed.
/// A folder holding anything else is not animc's and is refused.
extension Cache {
    static let markerName = "animc-cache.json"
    static let tagName = "CACHEDIR.TAG"
    static let tagText = Array("Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache made by animc; it can be deleted.\n".utf8)
    static var markerText: [UInt8] { Array("{\"format\":\(format)}\n".utf8) }

    struct Prepared {
        var format: Int?
        /// Why the folder could not be created or finished (the cache is then unwritable).
        var failure: String?
    }

    /// What the folder's marker says: nil when there is none (or it is empty: a creation cut off by a power
    /// loss); `.unreadable` when it is there but is not animc's JSON.
    enum Marker: Equatable { case format(Int), unreadable }

    static func marker(in directory: String) -> Marker? {
        guard let bytes = try? FileSystem.read(Paths.join(directory, markerName)), !bytes.isEmpty else { return nil }
        guard let doc = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let f = doc["format"] as? Int else { return .unreadable }
        return .format(f)
    }

    static func prepare(_ directory: String, create: Bool, finish: Bool, anyFormat: Bool) throws(CacheError) -> Prepared {
        if let st = FileSystem.status(directory) {
            guard st.isDirectory else { throw CacheError("\(directory) is not a directory") }
            if let found = try markedCache(directory, anyFormat: anyFormat, upgrade: finish) { return found }
            guard isUnfinishedCache(directory) else {
                // A racing process may have finished it (and begun filling it) since the marker was looked for.
                if let found = try markedCache(directory, anyFormat: anyFormat, upgrade: finish) { return found }
                throw CacheError("\(directory) is not an animc cache (it has no \(markerName) and holds other files)")
            }
            guard finish else { return Prepared(format: nil) }
        } else if !create {
            return Prepared(format: nil)
        }
        do {
            try makeDirectories(directory)
            try AtomicFile.write(tagText, to: Paths.join(directory, tagName))
            try AtomicFile.write(markerText, to: Paths.join(directory, markerName))
        } catch {
            // Another process may have finished it meanwhile (and this one lost only its own temporary file).
            if marker(in: directory) == .format(format) { return Prepared(format: format) }
            return Prepared(format: nil, failure: "\(error.path): \(error.reason)")
        }
        return Prepared(format: format)
    }

    /// The folder as a complete cache when it has a marker; nil when it has none.
    private static func markedCache(_ directory: String, anyFormat: Bool, upgrade: Bool) throws(CacheError) -> Prepared? {
        switch marker(in: directory) {
        case .format(let f):
            guard readableFormats.contains(f) || anyFormat else { throw formatError(directory, found: f) }
            if f != format, readableFormats.contains(f), upgrade {
                // An older layout this animc reads: mark it as this one before writing compressed objects.
                do { try AtomicFile.write(markerText, to: Paths.join(directory, markerName)) } catch {
                    return Prepared(format: f, failure: "\(error.path): \(error.reason)")
                }
                return Prepared(format: format)
            }
            return Prepared(format: f)
        case .unreadable:
            guard anyFormat else {
                throw CacheError("\(directory)/\(markerName) is not animc's marker as this animc knows it; `animc cache clear --cache-dir \(shellQuoted(directory))` empties the folder for this animc")
            }
            return Prepared(format: nil)
        case nil:
            return nil
        }
    }

    static func formatError(_ directory: String, found f: Int) -> CacheError {
        CacheError("\(directory) is an animc cache of format \(f), made by \(f > format ? "a newer" : "an older") animc; this animc uses format \(format). `animc cache clear --cache-dir \(shellQuoted(directory))` empties it for this animc (or give another folder with --cache-dir)")
    }

    /// True when the folder holds only what an interrupted creation can leave (see the type's comment).
    static func isUnfinishedCache(_ directory: String) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        for name in names {
            let path = Paths.join(directory, name)
            guard let st = FileSystem.status(path) else { continue }  // gone meanwhile
            switch name {
            case tagName:
                guard st.isRegular, let b = try? FileSystem.read(path), b.isEmpty || b == tagText else { return false }
            case markerName, "lock", "stats.lock":
                guard st.isRegular, st.size == 0 else { return false }
            case "objects", "entries", "records":
                guard st.isDirectory, holdsOnlyEmptyFolders(path) else { return false }
            default:
                let ours = [tagName, markerName].contains { name.hasPrefix(".\($0).animc-tmp-") }
                guard ours, st.isRegular else { return false }
            }
        }
        return true
    }

    static func holdsOnlyEmptyFolders(_ directory: String) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        return names.allSatisfy { name in
            let path = Paths.join(directory, name)
            return FileSystem.status(path)?.isDirectory == true && holdsOnlyEmptyFolders(path)
        }
    }

    /// `mkdir -p` with the system's reason on failure (an existing folder is fine, also one made meanwhile).
    static func makeDirectories(_ path: String) throws(FileError) {
        if FileSystem.status(path)?.isDirectory == true { return }
        let parent = Paths.directory(of: path)
        if !parent.isEmpty, parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o777) != 0 {
            let e = errno
            if e == EEXIST, FileSystem.status(path)?.isDirectory == true { return }
            throw FileError(path: path, errno: e == EEXIST ? ENOTDIR : e)  // a file where the folder goes
        }
    }

    /// `path` quoted for a POSIX shell when it needs it.
    static func shellQuoted(_ path: String) -> String {
        let plain = path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+,:@%".contains($0) }
        return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
