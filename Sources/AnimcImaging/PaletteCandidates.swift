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

    private var offsets: [Int32]
    private var candidates: [UInt8]
    private var rgb: [Int32]     // r, g, b per palette index
    let fallback: UInt8
    let isEmpty: Bool

    init(colors: [RGBColor], excluding excluded: Int?) {
        let n = min(colors.count, 256)
        rgb = [Int32](repeating: 0, count: 256 * 3)
        var opaque: [Int] = []
        for i in 0..<n {
            rgb[3 * i] = Int32(colors[i].r); rgb[3 * i + 1] = Int32(colors[i].g); rgb[3 * i + 2] = Int32(colors[i].b)
            if i != excluded { opaque.append(i) }
        }
        fallback = UInt8(excluded ?? 0)
        isEmpty = opaque.isEmpty
        let cells = Self.cellsPerAxis * Self.cellsPerAxis * Self.cellsPerAxis
        offsets = [Int32](repeating: 0, count: cells + 1)
        candidates = []
        candidates.reserveCapacity(cells * 8)
        var minD = [Int](repeating: 0, count: opaque.count)
        let s = Self.cellSize
        for cell in 0..<cells {
            let lr = (cell >> (2 * Self.cellBits)) * s, lg = ((cell >> Self.cellBits) & (Self.cellsPerAxis - 1)) * s
            let lb = (cell & (Self.cellsPerAxis - 1)) * s
            var bound = Int.max
            for (k, i) in opaque.enumerated() {
                let (r, g, b) = (Int(rgb[3 * i]), Int(rgb[3 * i + 1]), Int(rgb[3 * i + 2]))
                let (nr, xr) = Self.axis(r, lr, lr + s - 1)
                let (ng, xg) = Self.axis(g, lg, lg + s - 1)
                let (nb, xb) = Self.axis(b, lb, lb + s - 1)
                minD[k] = ColorMetric.wr * nr * nr + ColorMetric.wg * ng * ng + ColorMetric.wb * nb * nb
                bound = min(bound, ColorMetric.wr * xr * xr + ColorMetric.wg * xg * xg + ColorMetric.wb * xb * xb)
            }
            for (k, i) in opaque.enumerated() where minD[k] <= bound { candidates.append(UInt8(i)) }
            offsets[cell + 1] = Int32(candidates.count)
        }
    }

    /// The smallest and largest distance from `c` to a value in `lo...hi` along one axis.
    @inline(__always) static func axis(_ c: Int, _ lo: Int, _ hi: Int) -> (Int, Int) {
        let near = c < lo ? lo - c : (c > hi ? c - hi : 0)
        return (near, max(abs(c - lo), abs(c - hi)))
    }

    func nearest(_ r: Int, _ g: Int, _ b: Int) -> UInt8 {
        if isEmpty { return fallback }
        let cell = (r >> 4) << 8 | (g >> 4) << 4 | (b >> 4)
        return offsets.withUnsafeBufferPointer { off in
            candidates.withUnsafeBufferPointer { cand in
                rgb.withUnsafeBufferPointer { c in
                    var best = Int.max
                    var bestIndex: UInt8 = 0
                    for k in Int(off[cell])..<Int(off[cell + 1]) {
                        let i = Int(cand[k])
                        let d = ColorMetric.distance(Int(c[3 * i]), Int(c[3 * i + 1]), Int(c[3 * i + 2]), r, g, b)
                        // Candidates are in palette order: strictly smaller keeps the lowest index on ties.
                        if d < best { best = d; bestIndex = UInt8(i) }
                    }
                    return bestIndex
                }
            }
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
