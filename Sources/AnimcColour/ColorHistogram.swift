import AnimcPixels
/// A streaming colour histogram over any number of frames; memory is independent of the frame count.
///
/// Two views are kept:
/// - an exact table of distinct colours with their counts, as long as there are at most
///   `exactLimit` of them (enough to build a palette that reproduces few-colour art exactly);
/// - a binned histogram over 5 bits per channel (32,768 bins, 1 MiB) holding, per bin, the pixel count
///   and the channel sums, so each bin contributes its mean colour when there are many colours.
/// With up to 4096 distinct colours (sprites, pixel art, UI) the palette is built from the exact
/// colours; only beyond that from the bins.
/// Both are commutative sums, so `merge` is independent of order.
public struct ColorHistogram: Sendable {
    static let exactLimit = 4096
    static let binBits = 5
    static let binCount = 1 << (3 * binBits)
    static let binShift = 8 - binBits
    static let exactSlots = 16384  // open addressing, load ≤ 1/4

    /// Per-bin count and channel sums, interleaved [count, sumR, sumG, sumB]; empty until first use.
    var bins: [Int] = []
    /// Exact table: keys are rgb + 1 (0 = empty slot), with counts.
    var exactKeys: [UInt32] = []
    var exactCounts: [Int] = []
    var exactCount = 0
    var exactOverflow = false
    public private(set) var hasTransparency = false
    /// Number of opaque pixels counted.
    public private(set) var pixelCount = 0

    public init() {}

    private mutating func allocateIfNeeded() {
        if bins.isEmpty { bins = [Int](repeating: 0, count: Self.binCount * 4) }
        if exactKeys.isEmpty && !exactOverflow {
            exactKeys = [UInt32](repeating: 0, count: Self.exactSlots)
            exactCounts = [Int](repeating: 0, count: Self.exactSlots)
        }
    }

    @inline(__always) static func slot(_ key: UInt32) -> Int {
        Int((key &* 0x9E37_79B1) >> 18)  // 14 bits = exactSlots
    }

    /// Adds `count` pixels of colour `rgb` to the exact table; returns false (and drops the table) on overflow.
    @inline(__always) private mutating func addExact(_ rgb: UInt32, _ count: Int) {
        if exactOverflow { return }
        let key = rgb &+ 1
        var s = Self.slot(key)
        while true {
            let k = exactKeys[s]
            if k == key { exactCounts[s] += count; return }
            if k == 0 { break }
            s = (s + 1) & (Self.exactSlots - 1)
        }
        if exactCount == Self.exactLimit {
            exactOverflow = true
            exactKeys = []
            exactCounts = []
            exactCount = 0
            return
        }
        exactKeys[s] = key
        exactCounts[s] = count
        exactCount += 1
    }

    /// Counts the opaque pixels of `image`; pixels with alpha < `alphaThreshold` only mark transparency.
    public mutating func add(_ image: RGBAImage, alphaThreshold: UInt8) {
        let n = image.width * image.height
        if n == 0 { return }
        allocateIfNeeded()
        var transparent = false
        var opaque = 0
        // Runs of one colour are counted once in the exact table.
        var runColor: UInt32 = 0
        var runLength = 0
        // Take the bins out of self so the loop may call mutating helpers without overlapping access.
        var localBins: [Int] = []
        swap(&localBins, &bins)
        defer { swap(&localBins, &bins) }
        if exactOverflow {
            // Many colours already (footage after its first frame): bins only, in a tight loop.
            localBins.withUnsafeMutableBufferPointer { bins in
                image.pixels.withUnsafeBufferPointer { px in
                    let bins = bins.baseAddress!, px = px.baseAddress!
                    for i in 0..<n {
                        let o = i &* 4
                        if px[o &+ 3] < alphaThreshold { transparent = true; continue }
                        let r = Int(px[o]), g = Int(px[o &+ 1]), b = Int(px[o &+ 2])
                        let bin = ((r >> Self.binShift) << (2 * Self.binBits) | (g >> Self.binShift) << Self.binBits
                            | (b >> Self.binShift)) &* 4
                        bins[bin] &+= 1
                        bins[bin &+ 1] &+= r
                        bins[bin &+ 2] &+= g
                        bins[bin &+ 3] &+= b
                        opaque &+= 1
                    }
                }
            }
            if transparent { hasTransparency = true }
            pixelCount += opaque
            return
        }
        localBins.withUnsafeMutableBufferPointer { bins in
            image.pixels.withUnsafeBufferPointer { px in
                for i in 0..<n {
                    let o = i * 4
                    if px[o + 3] < alphaThreshold { transparent = true; continue }
                    let r = Int(px[o]), g = Int(px[o + 1]), b = Int(px[o + 2])
                    let bin = ((r >> Self.binShift) << (2 * Self.binBits) | (g >> Self.binShift) << Self.binBits | (b >> Self.binShift)) * 4
                    bins[bin] += 1
                    bins[bin + 1] += r
                    bins[bin + 2] += g
                    bins[bin + 3] += b
                    opaque += 1
                    if !exactOverflow {
                        let rgb = UInt32(r << 16 | g << 8 | b)
                        if runLength > 0 && rgb == runColor {
                            runLength += 1
                        } else {
                            if runLength > 0 { addExact(runColor, runLength) }
                            runColor = rgb
                            runLength = 1
                        }
                    }
                }
            }
        }
        if runLength > 0 { addExact(runColor, runLength) }
        if transparent { hasTransparency = true }
        pixelCount += opaque
    }

    /// Adds another histogram's counts; the result does not depend on the order of merges.
    public mutating func merge(_ other: ColorHistogram) {
        hasTransparency = hasTransparency || other.hasTransparency
        pixelCount += other.pixelCount
        if other.bins.isEmpty { return }
        allocateIfNeeded()
        bins.withUnsafeMutableBufferPointer { dst in
            other.bins.withUnsafeBufferPointer { src in
                for i in 0..<dst.count { dst[i] += src[i] }
            }
        }
        if other.exactOverflow {
            exactOverflow = true
            exactKeys = []
            exactCounts = []
            exactCount = 0
        } else {
            for s in 0..<other.exactKeys.count where other.exactKeys[s] != 0 {
                addExact(other.exactKeys[s] &- 1, other.exactCounts[s])
            }
        }
    }

    /// Exact when there are at most 256 colours, otherwise the number of occupied 6-bit bins.
    public var distinctColorCount: Int {
        if !exactOverflow { return exactCount }
        var n = 0
        var i = 0
        while i < bins.count {
            if bins[i] != 0 { n += 1 }
            i += 4
        }
        return n
    }

    /// The exact colours with their counts sorted by colour value, or nil when there are too many.
    public var exactColors: [(color: RGBColor, count: Int)]? {
        if exactOverflow { return nil }
        var list: [(UInt32, Int)] = []
        for s in 0..<exactKeys.count where exactKeys[s] != 0 {
            list.append((exactKeys[s] &- 1, exactCounts[s]))
        }
        list.sort { $0.0 < $1.0 }
        return list.map { (RGBColor(r: UInt8($0.0 >> 16), g: UInt8($0.0 >> 8 & 0xff), b: UInt8($0.0 & 0xff)), $0.1) }
    }

    /// The occupied bins as (mean colour r, g, b, pixel count), in bin order.
    func binEntries() -> [(r: Double, g: Double, b: Double, count: Int)] {
        var out: [(r: Double, g: Double, b: Double, count: Int)] = []
        var i = 0
        while i < bins.count {
            let c = bins[i]
            if c != 0 {
                let d = Double(c)
                out.append((Double(bins[i + 1]) / d, Double(bins[i + 2]) / d, Double(bins[i + 3]) / d, c))
            }
            i += 4
        }
        return out
    }
}
