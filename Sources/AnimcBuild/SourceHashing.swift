import AnimcBasics
import AnimcCache

/// Content digests of source files. A file whose stat matches the last build's record (and was not
/// hashed racily) keeps its recorded digest; any other file is read and hashed. Content decides:
/// new mtimes with the same bytes give the same digest, so nothing downstream runs.
enum SourceHashing {
    struct Outcome: Sendable {
        var digests: [String: Digest] = [:]
        var records: [String: BuildRecord.FileRecord] = [:]
        var errors: [Diagnostic] = []
        var hashed = 0
    }

    static func digests(of paths: [String], in directory: String, record: BuildRecord, pool: WorkerPool) -> Outcome {
        let unique = Array(Set(paths)).sorted()
        let results = pool.map(unique.count) { i -> Result<(BuildRecord.FileRecord, Bool), FileError> in
            fileDigest(unique[i], in: directory, record: record.files[unique[i]])
        }
        var out = Outcome()
        for (path, r) in zip(unique, results) {
            switch r {
            case .success(let (rec, hashed)):
                out.digests[path] = rec.digest
                out.records[path] = rec
                if hashed { out.hashed += 1 }
            case .failure(let e):
                out.errors.append(Diagnostic(.error, e.reason, at: SourceLocation(file: path)))
            }
        }
        return out
    }

    /// The digest of one file, from the stat cache when it can be trusted. Returns whether it was hashed.
    static func fileDigest(_ path: String, in directory: String, record: BuildRecord.FileRecord?)
        -> Result<(BuildRecord.FileRecord, Bool), FileError> {
        let abs = Paths.join(directory, path)
        guard let st = FileSystem.status(abs) else { return .failure(FileError(path: path, reason: "file does not exist")) }
        if let record, record.matches(st) { return .success((record, false)) }
        let started = FileSystem.nowNs()
        do {
            let digest = try FileSystem.digest(abs)
            // Stat again: if the file changed while we read it, record a status that can never match, so it is hashed again next time.
            let after = FileSystem.status(abs) ?? st
            let rec = BuildRecord.FileRecord(status: after == st ? st : FileStatus(size: -1, mtimeNs: 0, ctimeNs: 0, inode: 0, isRegular: true, isDirectory: false),
                                             digest: digest, hashedAtNs: started)
            return .success((rec, true))
        } catch {
            return .failure(FileError(path: path, reason: error.reason))
        }
    }
}
