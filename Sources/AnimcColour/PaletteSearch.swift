import AnimcPixels
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

/// A per-call cache in front of `NearestColorSearch`: 65,536 slots addressed by 5-6-5 bit RGB,
/// each remembering the full 24-bit colour it answered, so a hit is exact and a miss falls back
/// to the exact search. No allocation per pixel.
struct NearestColorCache {
    let search: CandidateTable
    private var tags: [UInt32]
    private var answers: [UInt8]

    init(_ search: CandidateTable) {
        self.search = search
        tags = [UInt32](repeating: 0, count: 1 << 16)
        answers = [UInt8](repeating: 0, count: 1 << 16)
    }

    @inline(__always) mutating func lookup(_ r: Int, _ g: Int, _ b: Int) -> UInt8 {
        let slot = (r >> 3) << 11 | (g >> 2) << 5 | (b >> 3)
        let tag = UInt32(r << 16 | g << 8 | b) &+ 1
        if tags[slot] == tag { return answers[slot] }
        let a = search.nearest(r, g, b)
        tags[slot] = tag
        answers[slot] = a
        return a
    }
}
