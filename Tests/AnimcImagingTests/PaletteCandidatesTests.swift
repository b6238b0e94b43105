import Testing
@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

/// The candidate table must give exactly what an exhaustive search gives, ties included.
@Test(arguments: [2, 7, 16, 64, 255, 256], [0, 4, 5])
func candidateTableMatchesExhaustiveSearch(colors count: Int, lazyDepth: Int) {
    let lazy = lazyDepth > 0
    var rng = SplitMix(seed: UInt64(count))
    var colors: [RGBColor] = []
    for _ in 0..<count {
        colors.append(RGBColor(r: UInt8(truncatingIfNeeded: rng.next()), g: UInt8(truncatingIfNeeded: rng.next()),
                               b: UInt8(truncatingIfNeeded: rng.next())))
    }
    // Duplicates make ties: the lowest index must win.
    if count > 4 { colors[count - 1] = colors[1] }
    let excluded: Int? = count > 2 ? 0 : nil
    let table = CandidateTable(colors: colors, excluding: excluded, lazy: lazy, depth: lazyDepth)
    var mismatches = 0
    for _ in 0..<20_000 {
        let r = Int(rng.next() & 255), g = Int(rng.next() & 255), b = Int(rng.next() & 255)
        var best = Int.max, bestIndex = 0
        for (i, c) in colors.enumerated() where i != excluded {
            let d = ColorMetric.distance(Int(c.r), Int(c.g), Int(c.b), r, g, b)
            if d < best { best = d; bestIndex = i }
        }
        if Int(table.nearest(r, g, b)) != bestIndex { mismatches += 1 }
    }
    #expect(mismatches == 0)
}

/// A dense palette (footage: many entries close together in a few cells) must also match exactly.
@Test(arguments: [0, 4, 5])
func candidateTableMatchesOnDensePalette(lazyDepth: Int) {
    let lazy = lazyDepth > 0
    var rng = SplitMix(seed: 99)
    let colors = (0..<256).map { _ in
        RGBColor(r: UInt8(100 + rng.next() % 40), g: UInt8(90 + rng.next() % 30), b: UInt8(80 + rng.next() % 50))
    }
    let table = CandidateTable(colors: colors, excluding: nil, lazy: lazy, depth: lazyDepth)
    var mismatches = 0
    for _ in 0..<20_000 {
        let spread = rng.next() % 4 == 0 ? 256 : 64
        let r = Int(80 + rng.next() % UInt64(spread)) & 255, g = Int(80 + rng.next() % UInt64(spread)) & 255
        let b = Int(70 + rng.next() % UInt64(spread)) & 255
        var best = Int.max, bestIndex = 0
        for (i, c) in colors.enumerated() {
            let d = ColorMetric.distance(Int(c.r), Int(c.g), Int(c.b), r, g, b)
            if d < best { best = d; bestIndex = i }
        }
        if Int(table.nearest(r, g, b)) != bestIndex { mismatches += 1 }
    }
    #expect(mismatches == 0)
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
