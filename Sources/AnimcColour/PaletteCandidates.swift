import AnimcPixels
import Foundation

/// Exact nearest-colour lookup through candidate lists: RGB space is cut into 16×16×16 cells, and each
/// cell lists (in palette order) every opaque entry that can be the nearest to some point in it: those
/// whose smallest possible distance to the cell is no more than the best largest possible distance.
/// A lookup then compares a handful of colours instead of searching the palette. Ties go to the lowest
/// palette index, as in `NearestColorSearch`, so results are identical.
final class CandidateTable: @unchecked Sendable {
    static let cellBits = 4
    static let cellsPerAxis = 1 << cellBits
    static let cellSize = 256 >> cellBits

    /// Per 16³ cell k: its candidates are `candidates[offsets[k]..<offsets[k + 1]]` (empty for lazy tables).
    /// (`let`, like `rgb`, so that lookups read them without dynamic exclusivity checks.)
    private let offsets: [Int32]
    private let candidates: [UInt8]
    /// Candidate lists of the 4³ cells, and of the 8³ parent cells (built on first use when lazy).
    private let level2: [[UInt8]]
    private var parents: [[UInt8]]
    private var parentBuilt: [Bool]
    private let rgb: [Int32]     // r, g, b per palette index
    let fallback: UInt8
    let isEmpty: Bool
    /// Lazy tables skip the 16³ level (lookups search the 8³ lists) and build an 8³ list the first
    /// time a colour falls in it, which is much cheaper when one small image is mapped once
    /// (per-frame palettes). They must not be shared between threads.
    let isLazy: Bool

    init(colors: [RGBColor], excluding excluded: Int?, lazy: Bool = false) {
        let n = min(colors.count, 256)
        var rgb = [Int32](repeating: 0, count: 256 * 3)
        var opaque: [UInt8] = []
        for i in 0..<n {
            rgb[3 * i] = Int32(colors[i].r); rgb[3 * i + 1] = Int32(colors[i].g); rgb[3 * i + 2] = Int32(colors[i].b)
            if i != excluded { opaque.append(UInt8(i)) }
        }
        fallback = UInt8(excluded ?? 0)
        isEmpty = opaque.isEmpty
        isLazy = lazy
        // Coarse to fine: a cell's candidates are among its parent cell's candidates (a sub-cell's
        // smallest distances are no smaller and its bound no larger), so each level only tests
        // the parent's list: 4³ → 8³ → 16³ cells, about a tenth of testing every entry in every cell.
        let cells = Self.cellsPerAxis * Self.cellsPerAxis * Self.cellsPerAxis
        let level2 = (0..<64).map { [rgb] in Self.refine(opaque, cell: $0, level: 2, rgb: rgb) }
        var parents = [[UInt8]](repeating: [], count: 512)
        var parentBuilt = [Bool](repeating: false, count: 512)
        var offsets: [Int32] = []
        var candidates: [UInt8] = []
        if !lazy {
            for cell in 0..<512 {
                parents[cell] = Self.parentList(cell, level2: level2, rgb: rgb)
                parentBuilt[cell] = true
            }
            offsets = [Int32](repeating: 0, count: cells + 1)
            candidates.reserveCapacity(cells * 8)
            // Cells are built in order, after their parents.
            for cell in 0..<cells {
                let (r, g, b) = (cell >> 8, (cell >> 4) & 15, cell & 15)
                candidates += Self.refine(parents[(r >> 1) << 6 | (g >> 1) << 3 | (b >> 1)], cell: cell, level: Self.cellBits, rgb: rgb)
                offsets[cell + 1] = Int32(candidates.count)
            }
        }
        self.rgb = rgb
        self.level2 = level2
        self.parents = parents
        self.parentBuilt = parentBuilt
        self.offsets = offsets
        self.candidates = candidates
    }

    /// The entries of `from` that can be nearest to some colour in `cell` of a 2^level grid.
    static func refine(_ from: [UInt8], cell: Int, level: Int, rgb: [Int32]) -> [UInt8] {
        let per = 1 << level, size = 256 >> level
        let lr = (cell >> (2 * level)) * size, lg = ((cell >> level) & (per - 1)) * size, lb = (cell & (per - 1)) * size
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: max(1, from.count)) { minD in
            from.withUnsafeBufferPointer { from in
                rgb.withUnsafeBufferPointer { rgb in
                    var bound = Int.max
                    for k in 0..<from.count {
                        let i = Int(from[k])
                        let (nr, xr) = axis(Int(rgb[3 * i]), lr, lr + size - 1)
                        let (ng, xg) = axis(Int(rgb[3 * i + 1]), lg, lg + size - 1)
                        let (nb, xb) = axis(Int(rgb[3 * i + 2]), lb, lb + size - 1)
                        minD[k] = ColorMetric.wr * nr * nr + ColorMetric.wg * ng * ng + ColorMetric.wb * nb * nb
                        bound = min(bound, ColorMetric.wr * xr * xr + ColorMetric.wg * xg * xg + ColorMetric.wb * xb * xb)
                    }
                    var list: [UInt8] = []
                    list.reserveCapacity(16)
                    for k in 0..<from.count where minD[k] <= bound { list.append(from[k]) }
                    return list
                }
            }
        }
    }

    private func buildParent(_ cell: Int) {
        parents[cell] = Self.parentList(cell, level2: level2, rgb: rgb)
        parentBuilt[cell] = true
    }

    /// 8³ cell `cell`'s list, refined from its 4³ parent's.
    static func parentList(_ cell: Int, level2: [[UInt8]], rgb: [Int32]) -> [UInt8] {
        let (r, g, b) = (cell >> 6, (cell >> 3) & 7, cell & 7)
        return refine(level2[(r >> 1) << 4 | (g >> 1) << 2 | (b >> 1)], cell: cell, level: 3, rgb: rgb)
    }

    /// The smallest and largest distance from `c` to a value in `lo...hi` along one axis.
    @inline(__always) static func axis(_ c: Int, _ lo: Int, _ hi: Int) -> (Int, Int) {
        let near = c < lo ? lo - c : (c > hi ? c - hi : 0)
        return (near, max(abs(c - lo), abs(c - hi)))
    }

    func nearest(_ r: Int, _ g: Int, _ b: Int) -> UInt8 {
        if isEmpty { return fallback }
        if isLazy {
            // A lazy table searches the 8³ parent cell's list: a little longer than a 16³ cell's,
            // and nothing more to build.
            let parent = (r >> 5) << 6 | (g >> 5) << 3 | (b >> 5)
            if !parentBuilt[parent] { buildParent(parent) }
            return parents[parent].withUnsafeBufferPointer {
                best(in: $0, from: 0, to: $0.count, r, g, b)
            }
        }
        let cell = (r >> 4) << 8 | (g >> 4) << 4 | (b >> 4)
        return candidates.withUnsafeBufferPointer { best(in: $0, from: Int(offsets[cell]), to: Int(offsets[cell + 1]), r, g, b) }
    }

    @inline(__always)
    private func best(in cand: UnsafeBufferPointer<UInt8>, from: Int, to: Int, _ r: Int, _ g: Int, _ b: Int) -> UInt8 {
        rgb.withUnsafeBufferPointer { c in
            var best = Int.max
            var bestIndex: UInt8 = 0
            for k in from..<to {
                // Wrapping arithmetic: palette entries and the query colour are bytes (0...255), so the
                // weighted distance is far below Int.max and cannot overflow.
                let i = Int(cand[k])
                let dr = Int(c[3 &* i]) &- r, dg = Int(c[3 &* i &+ 1]) &- g, db = Int(c[3 &* i &+ 2]) &- b
                let d = ColorMetric.wr &* dr &* dr &+ ColorMetric.wg &* dg &* dg &+ ColorMetric.wb &* db &* db
                // Candidates are in palette order: strictly smaller keeps the lowest index on ties.
                if d < best { best = d; bestIndex = UInt8(i) }
            }
            return bestIndex
        }
    }

    // MARK: memo

    private static let memoLock = NSLock()
    nonisolated(unsafe) private static var memo: [(colors: [RGBColor], excluded: Int?, table: CandidateTable)] = []

    /// The table for a palette, built once and kept for the last few palettes (a global palette is
    /// shared by every frame of an animation).
    static func shared(colors: [RGBColor], excluding excluded: Int?) -> CandidateTable {
        memoLock.lock()
        if let hit = memo.first(where: { $0.excluded == excluded && $0.colors == colors }) {
            memoLock.unlock()
            return hit.table
        }
        memoLock.unlock()
        let table = CandidateTable(colors: colors, excluding: excluded)
        memoLock.lock()
        memo.insert((colors, excluded, table), at: 0)
        if memo.count > 4 { memo.removeLast() }
        memoLock.unlock()
        return table
    }
}
