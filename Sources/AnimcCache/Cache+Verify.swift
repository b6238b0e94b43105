import AnimcBasics
import Foundation

/// One thing `verify` found wrong.
public struct CacheProblem: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable {
        /// An object whose content does not hash to its name.
        case corrupt
        /// An object shorter or longer than the entries naming it say (a cut-off copy, a full disk).
        case truncated
        /// An object no entry names (older than the grace period, so not a build's write in progress).
        case orphaned
        /// An entry whose object is gone.
        case missingObject = "missing-object"
        /// An entry file that does not decode as the entry of its own name.
        case badEntry = "bad-entry"
        /// Any other file under objects/ or entries/ (left by an interrupted write), older than the grace period.
        case stray
        /// An entry and its intact object disagree: its size, or its kind (a gif entry naming a quantized frame),
        /// or the object fails the format check of the entry's kind.
        case mismatch
    }

    public var kind: Kind
    /// Relative to the cache folder.
    public var path: String
    public var detail: String
    /// Entries that name the object (for corrupt, truncated and missing objects), or the entry (mismatch).
    public var entries: [Digest]
}

public struct VerifyReport: Sendable, Codable {
    public var objectsChecked = 0
    public var entriesChecked = 0
    public var bytesChecked: Int64 = 0
    public var problems: [CacheProblem] = []
    /// With repair: the files removed.
    public var removed: [String] = []
    public var repaired = false
    public var ok: Bool { problems.isEmpty }
}

extension Cache {
    /// Objects and stray files younger than this are a build's writes in progress, not orphans.
    public static let orphanGraceSeconds: Int64 = 600

    /// Re-hashes every object and checks every entry. With `repair`, removes every problem found: bad objects
    /// together with the entries naming them (so the next build runs those steps again), orphans, dangling and
    /// unreadable entries, entries that disagree with their objects, stray files. Take the exclusive `CacheLock`
    /// before repairing. A read-only cache never repairs.
    public func verify(repair: Bool, graceSeconds: Int64 = Cache.orphanGraceSeconds) -> VerifyReport {
        let repair = repair && !readOnly
        let inv = inventory()
        let now = FileSystem.nowNs() / 1_000_000_000
        var report = VerifyReport()
        report.repaired = repair
        /// Intact objects: what each one's entries are checked against.
        var intact: [Digest: [UInt8]] = [:]
        var intactSizes: [Digest: Int64] = [:]
        var byObject: [Digest: [EntryInfo]] = [:]
        for e in inv.entries { byObject[e.entry.object, default: []].append(e) }

        for (d, o) in inv.objects.sorted(by: { $0.key < $1.key }) {
            report.objectsChecked += 1
            report.bytesChecked += o.size
            let users = byObject[d] ?? []
            guard let stored = try? FileSystem.read(o.path) else {
                report.problems.append(CacheProblem(kind: .corrupt, path: relative(o.path), detail: "cannot be read", entries: users.map(\.entry.key)))
                continue
            }
            if let cut = StoredObject.truncation(stored) {
                report.problems.append(CacheProblem(kind: .truncated, path: relative(o.path),
                    detail: "\(cut.have) bytes where its header says \(cut.want) (compressed)", entries: users.map(\.entry.key)))
                continue
            }
            guard let bytes = StoredObject.decode(stored) else {
                report.problems.append(CacheProblem(kind: .corrupt, path: relative(o.path),
                    detail: "compressed content is damaged (it does not inflate to the size its header says)", entries: users.map(\.entry.key)))
                continue
            }
            if Digest.of(bytes) != d {
                let expected = users.first?.entry.size
                if let expected, expected != Int64(bytes.count) {
                    report.problems.append(CacheProblem(kind: .truncated, path: relative(o.path),
                        detail: "\(bytes.count) bytes where its entry says \(expected)", entries: users.map(\.entry.key)))
                } else {
                    report.problems.append(CacheProblem(kind: .corrupt, path: relative(o.path),
                        detail: "content does not match its name (SHA-256 \(Digest.of(bytes).short)…)", entries: users.map(\.entry.key)))
                }
            } else {
                // Keep what the entries are checked against: the size, the first bytes and the last one.
                intact[d] = Array(bytes.prefix(ObjectKind.headLength)) + (bytes.last.map { [$0] } ?? [])
                intactSizes[d] = Int64(bytes.count)
                if users.isEmpty, now - o.modified >= graceSeconds {
                    report.problems.append(CacheProblem(kind: .orphaned, path: relative(o.path), detail: "no entry names it", entries: []))
                }
            }
        }
        for e in inv.entries {
            report.entriesChecked += 1
            if inv.objects[e.entry.object] == nil {
                report.problems.append(CacheProblem(kind: .missingObject, path: relative(e.path),
                    detail: "its object \(e.entry.object.short) is missing", entries: [e.entry.key]))
            } else if let sample = intact[e.entry.object], let size = intactSizes[e.entry.object],
                      let why = disagreement(e.entry, sample: sample, size: size) {
                report.problems.append(CacheProblem(kind: .mismatch, path: relative(e.path),
                    detail: "\(e.entry.kind) entry: \(why)", entries: [e.entry.key]))
            }
        }
        for p in inv.badEntries {
            report.entriesChecked += 1
            report.problems.append(CacheProblem(kind: .badEntry, path: relative(p), detail: "not a readable entry", entries: []))
        }
        for s in inv.strayFiles where now - s.modified >= graceSeconds {
            report.problems.append(CacheProblem(kind: .stray, path: relative(s.path), detail: "not a cache object or entry", entries: []))
        }

        if repair {
            var remove = Set<String>()
            for p in report.problems {
                remove.insert(Paths.join(directory, p.path))
                for k in p.entries { remove.insert(entryPath(k)) }
            }
            for path in remove.sorted() where FileSystem.exists(path) {
                FileSystem.remove(path)
                report.removed.append(relative(path))
            }
        }
        return report
    }

    /// Why an entry disagrees with its intact object of `size` bytes, whose first bytes and last byte are
    /// `sample`; nil when they agree.
    func disagreement(_ e: CacheEntry, sample: [UInt8], size: Int64) -> String? {
        guard let kind = ObjectKind(rawValue: e.kind) else { return "its kind is not one animc writes" }
        if size != e.size { return "its object is \(size) bytes where the entry says \(e.size)" }
        let head = sample.prefix(min(ObjectKind.headLength, Int(size)))
        let last = size > 0 ? sample.last : nil
        guard kind.accepts(head: head, last: last, size: size) else {
            return "its object \(ObjectKind.describe(head: head, last: last)), not a \(kind.rawValue)"
        }
        return nil
    }

    /// `path` relative to the cache folder.
    public func relative(_ path: String) -> String {
        path.hasPrefix(directory + "/") ? String(path.dropFirst(directory.count + 1)) : path
    }
}
