import Testing
@testable import AnimcColour
@testable import AnimcGIF
@testable import AnimcPixels

@Suite struct PaletteScopeChoiceTests {
    @Test func samplesAreEvenlySpacedAndIncludeBothEnds() {
        #expect(PaletteScopeChoice.samples(among: 0) == [])
        #expect(PaletteScopeChoice.samples(among: 3) == [0, 1, 2])
        let s = PaletteScopeChoice.samples(among: 1000)
        #expect(s.count == PaletteScopeChoice.sampleCount)
        #expect(s.first == 0 && s.last == 999)
        #expect(s == s.sorted() && Set(s).count == s.count)
    }

    @Test func perFrameOnlyWhenClearlyBetterAndVisible() {
        // 0.5 dB is a factor of 1.122 in squared error.
        #expect(PaletteScopeChoice.prefersPerFrame(globalError: 1130, ownError: 1000, count: 100, tolerance: 1))
        #expect(!PaletteScopeChoice.prefersPerFrame(globalError: 1110, ownError: 1000, count: 100, tolerance: 1))
        #expect(abs(PaletteScopeChoice.gainDB(globalError: 2000, ownError: 1000) - 3.0103) < 0.001)
        // Own palettes exact, but the global one is already within the tolerance: not worth it.
        #expect(!PaletteScopeChoice.prefersPerFrame(globalError: 90, ownError: 0, count: 100, tolerance: 1))
        #expect(PaletteScopeChoice.prefersPerFrame(globalError: 200, ownError: 0, count: 100, tolerance: 1))
        #expect(!PaletteScopeChoice.prefersPerFrame(globalError: 5, ownError: 1, count: 0, tolerance: 1))
    }

    @Test func squaredErrorCountsOpaquePixelsOnly() {
        let image = RGBAImage(width: 2, height: 1, pixels: [10, 20, 30, 255, 200, 200, 200, 0])
        let q = IndexedImage(width: 2, height: 1, indices: [0, 1],
                             palette: Palette(colors: [RGBColor(r: 12, g: 20, b: 27), RGBColor(r: 0, g: 0, b: 0)], transparentIndex: 1))
        let e = PaletteScopeChoice.squaredError(image, q, alphaThreshold: 128)
        #expect(e.sum == 13 && e.count == 3)
    }

    @Test func shownErrorCountsWhatGIFsOneBitOfAlphaHides() {
        // An opaque pixel off by (2, 0, -3), and a pixel of alpha 51 (0.2) made transparent: over grey 128
        // it should show 0.2 × 228 + 0.8 × 128 = 148 in each channel, and shows 128.
        let image = RGBAImage(width: 2, height: 1, pixels: [10, 20, 30, 255, 228, 228, 228, 51])
        let q = IndexedImage(width: 2, height: 1, indices: [0, 1],
                             palette: Palette(colors: [RGBColor(r: 12, g: 20, b: 27), RGBColor(r: 0, g: 0, b: 0)], transparentIndex: 1))
        let e = PaletteScopeChoice.shownError(image, q)
        #expect(e.count == 6)
        #expect(abs(e.sum - (13 + 3 * 400)) < 1e-6)
    }

    @Test func perFrameMustPayForItsBytes() {
        // 4 dB per doubling: 1.85× the bytes needs 3.55 dB.
        #expect(PaletteScopeChoice.paysForBytes(gainDB: 3.6, globalBytes: 1000, ownBytes: 1850))
        #expect(!PaletteScopeChoice.paysForBytes(gainDB: 3.5, globalBytes: 1000, ownBytes: 1850))
        #expect(PaletteScopeChoice.paysForBytes(gainDB: 0.1, globalBytes: 1000, ownBytes: 900))
        // 3 dB better for 1.2× the bytes (the screen-like sets) pays; the same gain for 2× does not.
        #expect(PaletteScopeChoice.prefersPerFrame(globalError: 2000, ownError: 1000, count: 100, tolerance: 1,
                                                   globalBytes: 1000, ownBytes: 1200))
        #expect(!PaletteScopeChoice.prefersPerFrame(globalError: 2000, ownError: 1000, count: 100, tolerance: 1,
                                                    globalBytes: 1000, ownBytes: 2000))
    }
}
