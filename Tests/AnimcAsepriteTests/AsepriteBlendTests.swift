import AnimcAseprite
import AnimcTestSupport
import Testing

/// Blend modes and opacity, against values worked out by hand from Aseprite's integer arithmetic
/// (and, for the half-transparent backdrop, against a pixel of Aseprite's own rendering).
@Suite struct AsepriteBlendTests {
    static let backdrop: [UInt8] = [200, 100, 50, 255]
    static let source: [UInt8] = [128, 64, 255, 255]

    /// Each mode over an opaque backdrop with an opaque source is the mode's mix of the channels.
    static let mixes: [(mode: Int, expected: [UInt8])] = [
        (0, [128, 64, 255, 255]),    // normal
        (1, [100, 25, 50, 255]),     // multiply: 200·128/255 = 100.4, 100·64/255 = 25.1, 50
        (2, [228, 139, 255, 255]),   // screen: b + s − b·s/255
        (3, [200, 50, 100, 255]),    // overlay: hard light with the roles swapped (50, 255 → 50·2·255/255)
        (4, [128, 64, 50, 255]),     // darken
        (5, [200, 100, 255, 255]),   // lighten
        (6, [255, 134, 255, 255]),   // color dodge: b / (1 − s), (100·255 + 95)/191 → 134
        (7, [145, 0, 50, 255]),      // color burn: 1 − (1 − b)/s, 255 − (55·255 + 64)/128 → 145
        (8, [200, 50, 255, 255]),    // hard light
        (10, [72, 36, 205, 255]),    // difference
        (11, [128, 114, 205, 255]),  // exclusion: b + s − 2·b·s/255
        (16, [255, 164, 255, 255]),  // addition
        (17, [72, 36, 0, 255]),      // subtract
        (18, [255, 255, 50, 255]),   // divide: b ≥ s → 255, else (b·255 + s/2)/s
    ]

    @Test(arguments: mixes)
    func separableModesMixTheChannels(mode: Int, expected: [UInt8]) throws {
        let w = stack([(.init("back"), Self.backdrop), (.init("top", blend: mode), Self.source)])
        #expect(pixel(try render(w)) == expected)
    }

    @Test func softLightAndTheHSLModes() throws {
        func mix(_ mode: Int) throws -> [UInt8] {
            try pixel(render(stack([(.init("back"), [180, 60, 40, 255]), (.init("top", blend: mode), [40, 160, 220, 255])])))
        }
        // soft light, per channel in doubles, rounded.
        #expect(try mix(9) == [144, 76, 84, 255])
        // color: the backdrop's luminosity (0.3·180 + 0.59·60 + 0.11·40)/255 given to the source's colour.
        #expect(try mix(14) == [3, 123, 183, 255])
        #expect(try mix(15) == [216, 96, 76, 255])  // luminosity: the source's, to the backdrop's colour
        #expect(try mix(12) == [23, 116, 163, 255]) // hue: the source's, with the backdrop's saturation and luminosity
        #expect(try mix(13) == [204, 50, 24, 255])  // saturation: the source's, to the backdrop
    }

    @Test func layerAndCelOpacityMultiply() throws {
        // Source alpha 255 × cel 255 × layer 128 → 128; over opaque (200,100,50): c = b + (s − b)·128/255.
        var w = stack([(.init("back"), [200, 100, 50, 255]), (.init("top", opacity: 128), [10, 20, 30, 255])])
        #expect(pixel(try render(w)) == [105, 60, 40, 255])
        // Cel opacity 128 and layer opacity 128: 128·128/255 → 64.
        w.frames[0].cels[1].opacity = 128
        #expect(pixel(try render(w)) == [153, 80, 45, 255])
        // Without header flag 1 the layer's opacity is not valid and counts as 255.
        w.flags = 0
        w.frames[0].cels[1].opacity = 255
        #expect(pixel(try render(w)) == [10, 20, 30, 255])
    }

    @Test func overAHalfTransparentBackdropTheMixCountsByItsAlpha() throws {
        // Pixel 0,0 of blend_addition.aseprite and blend_darken.aseprite and Aseprite's renderings of them.
        let back: [UInt8] = [245, 65, 48, 10], top: [UInt8] = [42, 41, 227, 209]
        #expect(pixel(try render(stack([(.init("b"), back), (.init("t", blend: 16), top)]))) == [58, 46, 227, 211])
        #expect(pixel(try render(stack([(.init("b"), back), (.init("t", blend: 4), top)]))) == [44, 42, 213, 211])
        // Over nothing at all every mode is normal.
        let alone = try render(stack([(.init("t", blend: 1), [100, 150, 200, 128])]))
        #expect(pixel(alone) == [100, 150, 200, 128])
    }

    @Test func everyBlendModeInTheFileFormatIsKnown() throws {
        for mode in 0...18 {
            #expect(throws: Never.self) { try render(stack([(.init("b"), [1, 2, 3, 255]), (.init("t", blend: mode), [4, 5, 6, 255])])) }
        }
        #expect(failure { _ = try render(stack([(.init("t", blend: 19), [4, 5, 6, 255])])) }?.contains("unknown blend mode 19") == true)
    }
}
