/// The non-separable modes (hue, saturation, color, luminosity) in the W3C compositing model, with
/// the quirks of Aseprite's arithmetic kept: channels as doubles in 0…1, luminosity 0.3/0.59/0.11,
/// and a set-saturation that picks its minimum, middle and maximum channels the way Aseprite's does,
/// so that when two channels are equal one of them can be written twice (files made with Aseprite
/// show that, and a faithful render must too). Results are truncated to whole levels.
enum HSL {
    static func mix(_ mode: BlendMode, backdrop bp: Pixel, source sp: Pixel) -> (Int, Int, Int) {
        let b = [Double(bp.r) / 255, Double(bp.g) / 255, Double(bp.b) / 255]
        let s = [Double(sp.r) / 255, Double(sp.g) / 255, Double(sp.b) / 255]
        var c: [Double]
        switch mode {
        case .hue:
            c = s
            setSat(&c, sat(b))
            setLum(&c, lum(b))
        case .saturation:
            c = b
            setSat(&c, sat(s))
            setLum(&c, lum(b))
        case .color:
            c = s
            setLum(&c, lum(b))
        default: // luminosity
            c = b
            setLum(&c, lum(s))
        }
        return (Int(255 * c[0]), Int(255 * c[1]), Int(255 * c[2]))
    }

    static func lum(_ c: [Double]) -> Double { 0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2] }
    static func sat(_ c: [Double]) -> Double { max(c[0], max(c[1], c[2])) - min(c[0], min(c[1], c[2])) }

    static func setLum(_ c: inout [Double], _ l: Double) {
        let d = l - lum(c)
        for i in 0..<3 { c[i] += d }
        let m = lum(c)
        let n = min(c[0], min(c[1], c[2]))
        let x = max(c[0], max(c[1], c[2]))
        if n < 0 { for i in 0..<3 { c[i] = m + (c[i] - m) * m / (m - n) } }
        if x > 1 { for i in 0..<3 { c[i] = m + (c[i] - m) * (1 - m) / (x - m) } }
    }

    /// Which channel is the minimum, middle and maximum: ties resolve as nested "a < b ? a : b"
    /// choices do (the later operand wins a tie), independently for each of the three.
    static func setSat(_ c: inout [Double], _ s: Double) {
        func lesser(_ i: Int, _ j: Int) -> Int { c[i] < c[j] ? i : j }
        func greater(_ i: Int, _ j: Int) -> Int { c[i] > c[j] ? i : j }
        let lo = lesser(0, lesser(1, 2))
        let hi = greater(0, greater(1, 2))
        let mid: Int
        if c[0] > c[1] {
            mid = c[1] > c[2] ? 1 : (c[0] > c[2] ? 2 : 0)
        } else {
            mid = c[1] > c[2] ? (c[2] > c[0] ? 2 : 0) : 1
        }
        if c[hi] > c[lo] {
            c[mid] = (c[mid] - c[lo]) * s / (c[hi] - c[lo])
            c[hi] = s
        } else {
            c[mid] = 0
            c[hi] = 0
        }
        c[lo] = 0
    }
}
