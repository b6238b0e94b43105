import AnimcPixels
import Foundation

/// Exact nearest-colour lookup through candidate lists: RGB space is cut into cells, and each cell
/// lists (in palette order) every opaque entry that can be the nearest to some point in it: those
/// whose smallest possible distance to the cell is no more than the best largest possible distance.
/// A lookup then compares a handful of colours instead of searching the palette. Ties go to the lowest
/// palette index, as in `NearestColorSearch`, so results are identical.
///
/// Cells go down to 32³, so a dense palette (footage: hundreds of entries in a few cells) still leaves
/// short lists. Eager tables build every cell up front. Lazy tables build a 32³ cell's list (from its
/// 16³ parent's, from its 8³ parent's; or only down to 16³ for one image) the first time a colour falls in it: a picture's colours touch a
/// small part of the cube, and the cells far from every palette entry, whose lists are the longest to
/// build, are never touched. A palette shared by many frames (a global one) gets one lazy table per
/// thread (`NearestMemo.forThread`), kept from frame to frame, so no table is shared between threads.
final class CandidateTable: @unchecked Sendable {
    /// Grid levels: a level-L grid has 2^L cells per axis.
    static let eagerLevel = 5

    /// Shared tables: cell k of the 2^eagerLevel grid lists `candidates[offsets[k]..<offsets[k + 1]]`.
    /// (`let`, so that lookups read them without dynamic exclusivity checks.)
    private let offsets: [Int32]
    private let candidates: [UInt8]
    /// Lazy tables: the eager 4³ level, then lists built on first use (8³, 16³, 32³), all in `store`.
    private let level2: Level
    private let lazy: LazyLists?
    private let rgb: UnsafeMutablePointer<Int32>  // r, g, b per palette index
    let fallback: UInt8
    let isEmpty: Bool
    /// Lazy tables: the finest grid level, 4 (16³) or 5 (32³).
    let depth: Int
    /// Lazy tables must not be shared between threads.
    var isLazy: Bool { lazy != nil }

    /// One grid level, flat: cell k lists `cands[offsets[k]..<offsets[k + 1]]`.
    struct Level {
        var offsets: [Int32]
        var cands: [UInt8]
    }

    /// Storage of the lists a lazy table builds as lookups need them.
    /// Cell k of the 8³ grid lists `store[start[k] ..< start[k] + count[k]]` (start -1: not built yet);
    /// the 16³ grid's cells follow at `cells16`, the 32³ grid's (depth 5 only) at `cells32`.
    final class LazyLists {
        static let cells16 = 512, cells32 = 512 + 4096, cells = 512 + 4096 + 32768
        let start: UnsafeMutablePointer<Int32>, count: UnsafeMutablePointer<Int32>
        let store: UnsafeMutablePointer<UInt8>
        var used = 0
        /// Room for every list of the levels down to `depth` at its longest (1.2 MB to 16³, 9.6 MB to 32³;
        /// only the pages lists are written to are touched).
        init(depth: Int) {
            let cells = depth == 5 ? Self.cells : Self.cells32
            start = .allocate(capacity: cells); start.initialize(repeating: -1, count: cells)
            count = .allocate(capacity: cells); count.initialize(repeating: 0, count: cells)
            store = .allocate(capacity: cells * 256)
        }
        deinit { start.deallocate(); count.deallocate(); store.deallocate() }
    }

    /// `depth` (lazy tables): 5 for a palette that maps many images, whose cells are built once for all;
    /// 4 for one image or one k-means round, dropped after it (fewer cells to build, longer lists).
    init(colors: [RGBColor], excluding excluded: Int?, lazy: Bool = false, depth: Int = eagerLevel) {
        self.depth = lazy ? min(max(depth, 4), 5) : Self.eagerLevel
        let n = min(colors.count, 256)
        rgb = .allocate(capacity: 256 * 3)
        rgb.initialize(repeating: 0, count: 256 * 3)
        var opaque: [UInt8] = []
        for i in 0..<n {
            rgb[3 * i] = Int32(colors[i].r); rgb[3 * i + 1] = Int32(colors[i].g); rgb[3 * i + 2] = Int32(colors[i].b)
            if i != excluded { opaque.append(UInt8(i)) }
        }
        fallback = UInt8(excluded ?? 0)
        isEmpty = opaque.isEmpty
        // Coarse to fine: a cell's candidates are among its parent cell's candidates (a sub-cell's
        // smallest distances are no smaller and its bound no larger), so each level only tests
        // the parent's list.
        var level = Level(offsets: [0, Int32(opaque.count)], cands: opaque)
        for l in 1...2 { level = Self.child(of: level, level: l, rgb: rgb) }
        level2 = level
        if lazy {
            self.lazy = LazyLists(depth: self.depth)
            offsets = []
            candidates = []
        } else {
            for l in 3...Self.eagerLevel { level = Self.child(of: level, level: l, rgb: rgb) }
            self.lazy = nil
            offsets = level.offsets
            candidates = level.cands
        }
    }

    deinit { rgb.deallocate() }

    /// The level-`level` grid refined from its parent level.
    static func child(of parent: Level, level: Int, rgb: UnsafePointer<Int32>) -> Level {
        let per = 1 << level, cells = per * per * per, pl = level - 1
        var offsets = [Int32](repeating: 0, count: cells + 1)
        var cands: [UInt8] = []
        cands.reserveCapacity(cells * 8)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { scratch in
            parent.cands.withUnsafeBufferPointer { pc in
                for cell in 0..<cells {
                    let (r, g, b) = (cell >> (2 * level), (cell >> level) & (per - 1), cell & (per - 1))
                    let p = (r >> 1) << (2 * pl) | (g >> 1) << pl | (b >> 1)
                    let from = Int(parent.offsets[p]), to = Int(parent.offsets[p + 1])
                    let k = refine(pc.baseAddress! + from, to - from, cell: cell, level: level, rgb: rgb,
                                   into: scratch.baseAddress!)
                    cands.append(contentsOf: UnsafeBufferPointer(start: scratch.baseAddress!, count: k))
                    offsets[cell + 1] = Int32(cands.count)
                }
            }
        }
        return Level(offsets: offsets, cands: cands)
    }

    /// Writes to `dst` the entries of `from` (in order) that can be nearest to some colour in `cell`
    /// of a 2^level grid; returns how many.
    static func refine(_ from: UnsafePointer<UInt8>, _ count: Int, cell: Int, level: Int, rgb: UnsafePointer<Int32>,
                       into dst: UnsafeMutablePointer<UInt8>) -> Int {
        if count == 0 { return 0 }
        let per = 1 << level, size = 256 >> level
        let lr = (cell >> (2 * level)) * size, lg = ((cell >> level) & (per - 1)) * size, lb = (cell & (per - 1)) * size
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { minD in
            var bound = Int.max
            for k in 0..<count {
                let i = Int(from[k])
                let (nr, xr) = axis(Int(rgb[3 * i]), lr, lr + size - 1)
                let (ng, xg) = axis(Int(rgb[3 * i + 1]), lg, lg + size - 1)
                let (nb, xb) = axis(Int(rgb[3 * i + 2]), lb, lb + size - 1)
                minD[k] = ColorMetric.wr * nr * nr + ColorMetric.wg * ng * ng + ColorMetric.wb * nb * nb
                bound = min(bound, ColorMetric.wr * xr * xr + ColorMetric.wg * xg * xg + ColorMetric.wb * xb * xb)
            }
            var n = 0
            for k in 0..<count where minD[k] <= bound {
                dst[n] = from[k]
                n += 1
            }
            return n
        }
    }

    /// The smallest and largest distance from `c` to a value in `lo...hi` along one axis.
    @inline(__always) static func axis(_ c: Int, _ lo: Int, _ hi: Int) -> (Int, Int) {
        let near = c < lo ? lo - c : (c > hi ? c - hi : 0)
        return (near, max(abs(c - lo), abs(c - hi)))
    }

    func nearest(_ r: Int, _ g: Int, _ b: Int) -> UInt8 {
        if isEmpty { return fallback }
        if let lazy {
            let cell: Int, k: Int
            if depth == 5 {
                cell = (r >> 3) << 10 | (g >> 3) << 5 | (b >> 3)
                k = LazyLists.cells32 + cell
            } else {
                cell = (r >> 4) << 8 | (g >> 4) << 4 | (b >> 4)
                k = LazyLists.cells16 + cell
            }
            if lazy.start[k] < 0 { build(cell, level: depth, lazy) }
            return best(lazy.store + Int(lazy.start[k]), Int(lazy.count[k]), r, g, b)
        }
        let cell = (r >> 3) << 10 | (g >> 3) << 5 | (b >> 3)
        return candidates.withUnsafeBufferPointer {
            let from = Int(offsets[cell])
            return best($0.baseAddress! + from, Int(offsets[cell + 1]) - from, r, g, b)
        }
    }

    /// Builds cell `cell`'s list of the 2^level grid (level 3...5), and its parents' when missing, into
    /// the lazy store: the same lists an eager table has.
    private func build(_ cell: Int, level: Int, _ lz: LazyLists) {
        let per = 1 << level, pl = level - 1
        let (r, g, b) = (cell >> (2 * level), (cell >> level) & (per - 1), cell & (per - 1))
        let parent = (r >> 1) << (2 * pl) | (g >> 1) << pl | (b >> 1)
        let from: UnsafePointer<UInt8>, count: Int
        if level == 3 {
            let lo = Int(level2.offsets[parent]), hi = Int(level2.offsets[parent + 1])
            let n = level2.cands.withUnsafeBufferPointer {
                Self.refine($0.baseAddress! + lo, hi - lo, cell: cell, level: 3, rgb: rgb, into: lz.store + lz.used)
            }
            lz.start[cell] = Int32(lz.used); lz.count[cell] = Int32(n)
            lz.used += n
            return
        }
        let p = (level == 4 ? 0 : LazyLists.cells16) + parent
        if lz.start[p] < 0 { build(parent, level: pl, lz) }
        from = UnsafePointer(lz.store + Int(lz.start[p])); count = Int(lz.count[p])
        let n = Self.refine(from, count, cell: cell, level: level, rgb: rgb, into: lz.store + lz.used)
        let k = (level == 4 ? LazyLists.cells16 : LazyLists.cells32) + cell
        lz.start[k] = Int32(lz.used); lz.count[k] = Int32(n)
        lz.used += n
    }

    @inline(__always)
    private func best(_ cand: UnsafePointer<UInt8>, _ count: Int, _ r: Int, _ g: Int, _ b: Int) -> UInt8 {
        let c = rgb
        var best = Int.max
        var bestIndex: UInt8 = 0
        for k in 0..<count {
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
