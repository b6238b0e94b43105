import AnimcBasics
import AnimcCache
import AnimcManifest
import AnimcPixels
import AnimcPlan
import AnimcRemote

/// The digests of sprite-sheet tiles' own pixels, which the plan keys tiles by: an edit to one tile
/// changes that tile's key only. Kept in the build record by sheet digest and rectangle, so a build
/// whose sheets did not change (a no-op, a `touch`) decodes none; otherwise each changed sheet is
/// decoded once here.
enum TileDigests {
    struct Outcome: Sendable {
        var digests: [PictureID: Digest] = [:]
        var records: [String: BuildRecord.SheetTiles] = [:]
        var errors: [Diagnostic] = []
        /// Sheets decoded to compute them.
        var decoded = 0
        /// Those decoded sheets, up to `keepBytes` in all, for the executor to cut tiles from
        /// without decoding them again.
        var sheets: [SheetStore.Key: RGBAImage] = [:]
    }

    /// Where tile listings are kept beside the build record: the cache (and a remote behind it), under
    /// `listingKey`, so that a fresh clone or another machine plans without decoding the sheet.
    struct Listings: Sendable {
        var lookup: @Sendable (Digest) -> [Digest]? = { _ in nil }
        var store: @Sendable (Digest, [Digest], String) -> Void = { _, _, _ in }
    }

    static func compute(_ resolved: [ResolvedAnimation], sourceDigests: [String: Digest], directory: String,
                        record: BuildRecord, pool: WorkerPool, keepBytes: Int = 0,
                        budget: Int64 = MemoryBudget.defaultBytes, listings: Listings = Listings()) -> Outcome {
        var rects: [String: Set<TileRect>] = [:]
        for a in resolved {
            for f in a.frames { if let t = f.tile { rects[f.path, default: []].insert(t) } }
        }
        var out = Outcome()
        var missing: [(String, Digest, [TileRect])] = []
        for path in rects.keys.sorted() {
            guard let sheet = sourceDigests[path] else { continue }
            let wanted = rects[path]!.sorted { ($0.y, $0.x, $0.width, $0.height) < ($1.y, $1.x, $1.width, $1.height) }
            if let known = record.tiles[path], known.sheet == sheet, wanted.allSatisfy({ known.digests[text($0)] != nil }) {
                out.records[path] = known
                for t in wanted { out.digests[PictureID(path: path, origin: .tile(t))] = known.digests[text(t)]! }
            } else if let listed = listings.lookup(listingKey(sheet: sheet, wanted)), listed.count == wanted.count {
                var rec = BuildRecord.SheetTiles(sheet: sheet, digests: [:])
                for (t, d) in zip(wanted, listed) {
                    rec.digests[text(t)] = d
                    out.digests[PictureID(path: path, origin: .tile(t))] = d
                }
                out.records[path] = rec
            } else {
                missing.append((path, sheet, wanted))
            }
        }
        let todo = missing
        // Sheets decoded at once: as many as the memory budget holds (at least one).
        let largest = todo.compactMap { MemoryBudget.pngSize(atPath: Paths.join(directory, $0.0)) }
            .map { Int64($0.width.saturatingTimes($0.height * 4)) }.max() ?? 1
        let width = Int(max(1, min(Int64(todo.count), budget / max(1, largest))))
        let results = pool.map(todo.count, width: width) { i -> Result<([Digest], RGBAImage), FileError> in
            let (path, sheet, wanted) = todo[i]
            do throws(FileError) { return .success(try cut(path, sheet: sheet, wanted, directory: directory)) } catch {
                return .failure(error)
            }
        }
        for ((path, sheet, wanted), r) in zip(missing, results) {
            switch r {
            case .success(let (digests, image)):
                out.decoded += 1
                let held = out.sheets.values.reduce(0) { $0 + $1.pixels.count }
                if held + image.pixels.count <= keepBytes { out.sheets[SheetStore.Key(path: path, digest: sheet)] = image }
                var rec = BuildRecord.SheetTiles(sheet: sheet, digests: [:])
                for (t, d) in zip(wanted, digests) {
                    rec.digests[text(t)] = d
                    out.digests[PictureID(path: path, origin: .tile(t))] = d
                }
                out.records[path] = rec
                listings.store(listingKey(sheet: sheet, wanted), digests, path)
            case .failure(let e):
                out.errors.append(Diagnostic(.error, e.reason, at: SourceLocation(file: path)))
            }
        }
        return out
    }

    static func text(_ t: TileRect) -> String { "\(t.x),\(t.y),\(t.width),\(t.height)" }

    /// The cache key of a sheet's tile listing: the sheet's digest and the rectangles, in order.
    static func listingKey(sheet: Digest, _ wanted: [TileRect]) -> Digest {
        Digest.of("animc-tiles 1 \(sheet.hex) " + wanted.map(text).joined(separator: " "))
    }

    /// A listing object: `ObjectKind.tilesMagic`, then one hex digest a line.
    static func encodeListing(_ digests: [Digest]) -> [UInt8] {
        ObjectKind.tilesMagic + Array(digests.map { $0.hex + "\n" }.joined().utf8)
    }

    static func decodeListing(_ bytes: [UInt8]) -> [Digest]? {
        guard bytes.starts(with: ObjectKind.tilesMagic) else { return nil }
        let lines = String(decoding: bytes.dropFirst(ObjectKind.tilesMagic.count), as: UTF8.self).split(separator: "\n")
        let digests = lines.compactMap { Digest(hex: String($0)) }
        return digests.count == lines.count ? digests : nil
    }

    /// Decodes the sheet once and hashes each tile's pixels.
    private static func cut(_ path: String, sheet: Digest, _ wanted: [TileRect], directory: String) throws(FileError) -> ([Digest], RGBAImage) {
        let bytes = try FileSystem.read(Paths.join(directory, path))
        guard Digest.of(bytes) == sheet else { throw FileError(path: path, reason: "file changed during the build; run the build again") }
        let image: RGBAImage
        do { image = try PNGCodec.decode(bytes) } catch { throw FileError(path: path, reason: error.message) }
        let digests = try wanted.map { t throws(FileError) in
            guard t.x >= 0, t.y >= 0, t.width <= image.width - t.x, t.height <= image.height - t.y else {
                throw FileError(path: path, reason: "sprite tile \(t.width)×\(t.height) at \(t.x),\(t.y) lies outside the sheet (\(image.width)×\(image.height))")
            }
            return digest(image, t)
        }
        return (digests, image)
    }

    /// SHA-256 of a tile's size and RGBA rows, read in place from the sheet.
    static func digest(_ image: RGBAImage, _ t: TileRect) -> Digest {
        var h = StreamingDigest()
        h.update(Array("animc-tile \(t.width) \(t.height)\n".utf8))
        image.pixels.withUnsafeBytes { buf in
            for row in 0..<t.height {
                let start = ((t.y + row) * image.width + t.x) * 4
                h.update(UnsafeRawBufferPointer(rebasing: buf[start..<(start + t.width * 4)]))
            }
        }
        return h.finalize()
    }
}

extension TileDigests.Listings {
    /// Listings in `cache`, else on `remote` (downloaded, verified and kept locally); stored in the cache
    /// (and so uploaded) when `store`.
    init(cache: Cache, remote: RemoteCache?, store: Bool) {
        lookup = { key in
            let local = cache.peekEntry(key, kind: .tiles)
            guard let e = local ?? remote?.fetch(key, kind: .tiles),
                  let bytes = cache.peekObject(e.object) ?? remote?.stagedObject(e.object) else { return nil }
            return TileDigests.decodeListing(bytes)
        }
        self.store = { key, digests, path in
            guard store else { return }
            _ = try? cache.store(key: key, kind: ObjectKind.tiles.rawValue, bytes: TileDigests.encodeListing(digests),
                                 description: "tiles of \(path), \(digests.count)")
        }
    }
}
