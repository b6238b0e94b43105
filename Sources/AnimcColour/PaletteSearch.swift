import AnimcPixels
import Foundation
/// Colour distance weights (squared differences per channel): a light perceptual weighting,
/// green most, blue least. Shared by the palette builder and the quantizer so that k-means
/// refines palettes under the same metric the quantizer maps pixels with.
enum ColorMetric {
    static let wr = 3
    static let wg = 4
    static let wb = 2

    /// Channels are 0...255, so no term exceeds 4 · 255²: wrapping arithmetic cannot wrap here.
    @inline(__always) static func distance(_ r1: Int, _ g1: Int, _ b1: Int, _ r2: Int, _ g2: Int, _ b2: Int) -> Int {
        let dr = r1 &- r2, dg = g1 &- g2, db = b1 &- b2
        return wr &* dr &* dr &+ wg &* dg &* dg &+ wb &* db &* db
    }
}

/// Exact nearest-colour search over a palette's opaque entries.
///
/// Entries are sorted by green; a search starts at the query's green position and walks outwards
/// in both directions, stopping a direction once the green distance alone exceeds the best match.
/// Ties go to the lowest palette index, so results do not depend on the search order.
struct NearestColorSearch: Sendable {
    private var rs: [Int32] = []
    private var gs: [Int32] = []
    private var bs: [Int32] = []
    private var indices: [UInt8] = []
    /// The index returned when the palette has no opaque entry.
    let fallback: UInt8

    init(colors: [RGBColor], excluding excluded: Int?) {
        var order: [Int] = []
        for i in 0..<min(colors.count, 256) where i != excluded { order.append(i) }
        order.sort { colors[$0].g != colors[$1].g ? colors[$0].g < colors[$1].g : $0 < $1 }
        for i in order {
            rs.append(Int32(colors[i].r))
            gs.append(Int32(colors[i].g))
            bs.append(Int32(colors[i].b))
            indices.append(UInt8(i))
        }
        fallback = UInt8(excluded ?? 0)
    }

    var isEmpty: Bool { indices.isEmpty }

    /// The nearest opaque entry to (r, g, b). `guess`, a palette index likely to be near (such as the
    /// previous answer in k-means), only bounds the search from the start: the answer is the same.
    func nearest(_ r: Int, _ g: Int, _ b: Int, guess: (index: UInt8, color: RGBColor)? = nil) -> UInt8 {
        let n = indices.count
        if n == 0 { return fallback }
        return rs.withUnsafeBufferPointer { rs in
            gs.withUnsafeBufferPointer { gs in
                bs.withUnsafeBufferPointer { bs in
                    indices.withUnsafeBufferPointer { idx in
                        // First entry with green >= g.
                        var lo = 0, hi = n
                        while lo < hi {
                            let mid = (lo &+ hi) >> 1
                            if Int(gs[mid]) < g { lo = mid &+ 1 } else { hi = mid }
                        }
                        var best = Int.max
                        var bestIndex = idx[min(lo, n - 1)]
                        if let guess {
                            best = ColorMetric.distance(Int(guess.color.r), Int(guess.color.g), Int(guess.color.b), r, g, b)
                            bestIndex = guess.index
                        }
                        var up = lo, down = lo - 1
                        var upOpen = up < n, downOpen = down >= 0
                        while upOpen || downOpen {
                            if upOpen {
                                let dg = Int(gs[up]) &- g
                                if ColorMetric.wg &* dg &* dg > best {
                                    upOpen = false
                                } else {
                                    let d = ColorMetric.distance(Int(rs[up]), Int(gs[up]), Int(bs[up]), r, g, b)
                                    if d < best || (d == best && idx[up] < bestIndex) { best = d; bestIndex = idx[up] }
                                    up &+= 1
                                    upOpen = up < n
                                }
                            }
                            if downOpen {
                                let dg = Int(gs[down]) &- g
                                if ColorMetric.wg &* dg &* dg > best {
                                    downOpen = false
                                } else {
                                    let d = ColorMetric.distance(Int(rs[down]), Int(gs[down]), Int(bs[down]), r, g, b)
                                    if d < best || (d == best && idx[down] < bestIndex) { best = d; bestIndex = idx[down] }
                                    down &-= 1
                                    downOpen = down >= 0
                                }
                            }
                        }
                        return bestIndex
                    }
                }
            }
        }
    }
}

/// A cache in front of the candidate table: 2^17 slots addressed by a hash of the 24-bit colour, each
/// remembering the full colour it answered, so a hit is exact and a miss falls back to the exact search.
/// No allocation per pixel. Footage holds ~30,000 distinct colours a frame but only a few thousand new
/// ones from frame to frame: for a shared palette (a global one), each worker thread keeps its table and
/// its cache from one frame to the next (`NearestMemo.forThread`), so most pixels are answered from memory.
struct NearestColorCache {
    let search: CandidateTable
    private let memo: NearestMemo

    init(_ memo: NearestMemo) {
        self.search = memo.table
        self.memo = memo
    }

    @inline(__always) mutating func lookup(_ r: Int, _ g: Int, _ b: Int) -> UInt8 {
        let rgb = UInt32(truncatingIfNeeded: r << 16 | g << 8 | b)
        let slot = Int((rgb &* 0x9E37_79B1) >> (32 - NearestMemo.slotBits))
        let tag = rgb &+ 1
        if memo.tags[slot] == tag { return memo.answers[slot] }
        let a = search.nearest(r, g, b)
        memo.tags[slot] = tag
        memo.answers[slot] = a
        return a
    }
}

/// The slots of a `NearestColorCache`, with the (lazy) candidate table they remember answers of.
/// Used by one thread at a time.
final class NearestMemo {
    static let slotBits = 17
    let table: CandidateTable
    let colors: [RGBColor]
    let excluded: Int?
    let tags: UnsafeMutablePointer<UInt32>
    let answers: UnsafeMutablePointer<UInt8>

    /// `shared`: the palette maps many images (see `CandidateTable`'s depth).
    init(colors: [RGBColor], excluding excluded: Int?, shared: Bool = false) {
        self.colors = colors
        self.excluded = excluded
        table = CandidateTable(colors: colors, excluding: excluded, lazy: true, depth: shared ? 5 : 4)
        tags = .allocate(capacity: 1 << Self.slotBits)
        tags.initialize(repeating: 0, count: 1 << Self.slotBits)
        answers = .allocate(capacity: 1 << Self.slotBits)
        answers.initialize(repeating: 0, count: 1 << Self.slotBits)
    }

    deinit { tags.deallocate(); answers.deallocate() }

    private static let key = "animc.nearest-colour-memo"

    /// This thread's memo for a palette shared by many images: the one it used last when that was for
    /// the same colours, else a new one (with a new table).
    static func forThread(colors: [RGBColor], excluding excluded: Int?) -> NearestMemo {
        let dict = Thread.current.threadDictionary
        if let m = dict[key] as? NearestMemo, m.excluded == excluded, m.colors == colors { return m }
        let m = NearestMemo(colors: colors, excluding: excluded, shared: true)
        dict[key] = m
        return m
    }
}
