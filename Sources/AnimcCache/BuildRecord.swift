import AnimcBasics
import Foundation

/// What the last build of one manifest saw and did, kept in the cache folder:
/// - the signature of every step, so `--explain` can say what changed;
/// - a stat cache of source and output files, so unchanged files are not hashed again;
/// - the outputs it wrote and for which animation, so `clean --stale` can find outputs no animation writes now.
/// Paths are relative to the manifest's folder. Losing the record costs time, never correctness.
public struct BuildRecord: Sendable, Codable, Equatable {
    public var steps: [String: StepRecord] = [:]
    public var files: [String: FileRecord] = [:]
    /// Output path written → the animation that wrote it (an animation may write several).
    public var outputs: [String: String] = [:]
    /// Output path → SHA-256 of the bytes animc last wrote (or found up to date) there.
    /// `clean` removes a file only when its current bytes still hash to this; a record without it (an older
    /// animc's) makes `clean` keep the file.
    public var outputDigests: [String: Digest] = [:]
    /// Sprite sheet path → the digests of its tiles' own pixels, as planning needs them, so that a
    /// build whose sheets did not change decodes none of them to plan.
    public var tiles: [String: SheetTiles] = [:]
    /// What was learnt of videos, so a build whose videos did not change runs no ffmpeg or ffprobe:
    /// `probe <digest>` → the decoder version and its frame listing; `decoder <identity>` → its version.
    public var videos: [String: String] = [:]

    public init() {}

    public struct SheetTiles: Sendable, Codable, Hashable {
        /// The sheet file's digest the tiles were cut from.
        public var sheet: Digest
        /// Tile rectangle ("x,y,width,height") → digest of its pixels.
        public var digests: [String: Digest]
        public init(sheet: Digest, digests: [String: Digest]) { self.sheet = sheet; self.digests = digests }
    }

    public struct StepRecord: Sendable, Codable, Hashable {
        public var key: Digest
        public var params: [String: String]
        public var inputs: [String: Digest]
        public init(key: Digest, params: [String: String], inputs: [String: Digest]) {
            self.key = key; self.params = params; self.inputs = inputs
        }
    }

    public struct FileRecord: Sendable, Codable, Hashable {
        public var size: Int64
        public var mtimeNs: Int64
        public var ctimeNs: Int64
        public var inode: UInt64
        public var digest: Digest
        /// When the file was hashed. A file modified in the same timestamp tick as it was hashed could change
        /// again without its mtime moving (git's "racy clean" case), so such a record is never trusted.
        public var hashedAtNs: Int64

        public init(status: FileStatus, digest: Digest, hashedAtNs: Int64) {
            size = status.size; mtimeNs = status.mtimeNs; ctimeNs = status.ctimeNs; inode = status.inode
            self.digest = digest; self.hashedAtNs = hashedAtNs
        }

        /// True when `status` shows the same file, unchanged, and the record was not taken racily.
        public func matches(_ status: FileStatus) -> Bool {
            guard status.size == size, status.mtimeNs == mtimeNs, status.ctimeNs == ctimeNs, status.inode == inode else {
                return false
            }
            // Coarse file systems round timestamps to a second or two; stay clear of that window.
            return mtimeNs < hashedAtNs - 2_000_000_000
        }
    }
}

extension Cache {
    func recordPath(_ id: String) -> String {
        Paths.join(directory, "records/\(Digest.of(id).hex.prefix(24)).record")
    }

    func stepsPath(_ id: String) -> String {
        Paths.join(directory, "records/\(Digest.of(id).hex.prefix(24)).steps")
    }

    /// The stat cache and outputs of the last build of a manifest (`id` names the manifest relative
    /// to the cache, so a relocated pair keeps its record). Step signatures are in `loadSteps`.
    public func loadRecord(id: String) -> BuildRecord {
        guard let data = try? FileSystem.read(recordPath(id)), var r = BuildRecord(serialized: data) else {
            return BuildRecord()
        }
        r.steps = [:]
        return r
    }

    /// The step signatures of the last build of a manifest.
    public func loadSteps(id: String) -> [String: BuildRecord.StepRecord] {
        guard let data = try? FileSystem.read(stepsPath(id)), let r = BuildRecord(serialized: data) else { return [:] }
        return r.steps
    }

    /// Saves the stat cache and outputs, and the steps when `steps` is true.
    /// Best effort: a lost record only costs re-hashing (or a vaguer `--explain`) next time.
    public func saveRecord(_ record: BuildRecord, id: String, steps: Bool = true) {
        guard writable else { return }
        try? AtomicFile.write(record.serialized(files: true, steps: false), to: recordPath(id))
        if steps { try? AtomicFile.write(record.serialized(files: false, steps: true), to: stepsPath(id)) }
    }
}
