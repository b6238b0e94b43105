import AnimcPixels
import AnimcTestSupport
import Foundation
import Testing

/// GIF frame-block splicing through the real binary: an edited frame re-encodes the blocks that
/// change, copies the rest from the previous encoding, and the file is byte for byte the one a full
/// encode writes (`--force` splices nothing), as Pillow also reads it.
@Suite struct SpliceTests {
    /// Frames where every pixel changes every frame (camera-like): the canvas converges one frame
    /// after an edit.
    static func noisy(_ index: Int, seed: Int = 0, width: Int = 40, height: Int = 30) -> RGBAImage {
        var px = [UInt8](repeating: 255, count: width * height * 4)
        var s = UInt32(truncatingIfNeeded: index &* 7919 &+ seed &* 104_729 &+ 1)
        for i in 0..<(width * height) {
            s = s &* 1_664_525 &+ 1_013_904_223
            let v = Int(s >> 24)
            px[4 * i] = UInt8(v & 0xF0); px[4 * i + 1] = UInt8((v * 5) & 0xF0); px[4 * i + 2] = UInt8((v * 11) & 0xF0)
        }
        return RGBAImage(width: width, height: height, pixels: px)
    }

    enum Content: String, CaseIterable { case noisy, screen, sprites }

    func project(_ content: Content, frames n: Int, scope: String = "per-frame") throws -> Project {
        let p = try Project()
        for i in 0..<n {
            let image: RGBAImage
            switch content {
            case .noisy: image = Self.noisy(i)
            case .screen: image = Frames.moving(i)
            case .sprites: image = Frames.sprite(i / 2)  // pairs of identical frames: the encoder merges them
            }
            try p.write("f/\(String(format: "%03d", i)).png", image: image)
        }
        try p.write("animc.yaml", """
            version: 1
            animations:
              a:
                output: out/a.gif
                frames: [{glob: "f/*.png"}]
                fps: 10
                palette: {scope: \(scope), colors: 48}
            """)
        return p
    }

    func counts(_ run: Animc.Run) -> (spliced: Int, encoded: Int) {
        let s = run.json["steps"] as? [String: Int] ?? [:]
        return (s["gifBlocksSpliced"] ?? -1, s["gifBlocksEncoded"] ?? -1)
    }

    /// The output a full encode writes for the project as it is now.
    func fullEncode(_ p: Project) throws -> [UInt8] {
        let forced = try p.animc("build", "--force", "--json")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(counts(forced).spliced == 0)
        return try p.read("out/a.gif")
    }

    @Test(arguments: Content.allCases)
    func aSplicedEncodingIsTheFullEncoding(_ content: Content) throws {
        let n = 16
        let p = try project(content, frames: n)
        let first = try p.animc("build", "--json")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(counts(first) == (0, n + 1))  // n frames and the finish, all encoded

        let edited = content == .noisy ? Self.noisy(7, seed: 9) : Frames.solid(250, 20, 200, width: content == .screen ? 48 : 24,
                                                                               height: content == .screen ? 32 : 24)
        try p.write("f/007.png", image: edited)
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.steps == (1, 1, 1))
        let (spliced, encoded) = counts(run)
        #expect(spliced + encoded == n + 1)
        #expect(spliced >= 7, "the blocks before the edit are copied")  // frames 0-6 at least (frame 6 waits for 7)
        if content == .noisy { #expect(encoded <= 4, "the canvas converges one frame after the edit: \(encoded) encoded") }
        let spliceOutput = try p.read("out/a.gif")
        #expect(try fullEncode(p) == spliceOutput)
        let pillow = try Decoders.pillow(spliceOutput, suffix: "gif")
        #expect(pillow.report.frames >= n / (content == .sprites ? 2 : 1))
    }

    /// (Not frame 0: its palette is the GIF's global table, which every later block depends on.)
    @Test func editsInARowKeepSplicing() throws {
        let p = try project(.noisy, frames: 12)
        try p.animc("build")
        for (k, frame) in [3, 10, 5, 11].enumerated() {
            try p.write("f/\(String(format: "%03d", frame)).png", image: Self.noisy(frame, seed: k + 1))
            let run = try p.animc("build", "--json")
            #expect(run.status == 0, "\(run.stderr)")
            #expect(counts(run).spliced > 0, "edit of frame \(frame)")
            let out = try p.read("out/a.gif")
            #expect(try fullEncode(p) == out, "edit of frame \(frame)")
        }
    }

    @Test func aDamagedEarlierEncodingIsEncodedAgainNotCopied() throws {
        let p = try project(.noisy, frames: 12)
        try p.animc("build")
        // Damage the middle of the cached GIF object (the output's bytes, by digest).
        let gif = try p.read("out/a.gif")
        let objects = p.url(".animc-cache/objects")
        var damaged = 0
        for case let url as URL in FileManager.default.enumerator(at: objects, includingPropertiesForKeys: nil)!
        where (try? Data(contentsOf: url)).map({ [UInt8]($0) == gif }) == true {
            var bytes = gif
            for i in stride(from: bytes.count / 3, to: bytes.count * 2 / 3, by: 7) { bytes[i] ^= 0x5A }
            try Data(bytes).write(to: url)
            damaged += 1
        }
        #expect(damaged == 1)
        try p.write("f/011.png", image: Self.noisy(11, seed: 4))
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(counts(run).encoded >= 5, "the damaged blocks are encoded again")
        let out = try p.read("out/a.gif")
        #expect(try fullEncode(p) == out)
    }

    @Test func aGlobalPaletteSplicesWhenThePaletteStaysTheSame() throws {
        // Swapping two pixels of a frame changes the frame but not the animation's colours.
        let p = try project(.screen, frames: 10, scope: "global")
        try p.animc("build")
        var image = Frames.moving(4)
        for c in 0..<4 { image.pixels.swapAt(c, (image.width * image.height - 1) * 4 + c) }
        try p.write("f/004.png", image: image)
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        // The palette step runs again and comes out the same: only the edited frame is quantized.
        #expect(run.steps.quantized == 1)
        #expect(counts(run).spliced >= 4)
        let out = try p.read("out/a.gif")
        #expect(try fullEncode(p) == out)
    }

    /// An index that names real blocks but says the wrong thing about the encoder's state (a foreign or
    /// doctored cache): the copied blocks do not add up, and the output is encoded in full, correctly.
    @Test func anIndexThatDoesNotAddUpIsNotTrusted() throws {
        let p = try project(.noisy, frames: 12)
        try p.animc("build")
        let script = """
            import glob, hashlib, json, os, sys, zlib
            root = sys.argv[1]
            n = 0
            for e in glob.glob(os.path.join(root, "entries/*/*.json")):
                entry = json.load(open(e))
                if entry["kind"] != "gif-splice":
                    continue
                o = entry["object"]
                raw = open(os.path.join(root, "objects", o[:2], o), "rb").read()
                text = zlib.decompress(raw[33:]) if raw[:4] == b"ACZ1" else raw
                lines = text.decode().split("\\n")
                for i in range(1, len(lines) - 1):
                    f = lines[i].split(" ")
                    f[4] = "0" * 64
                    lines[i] = " ".join(f)
                new = "\\n".join(lines).encode()
                d = hashlib.sha256(new).hexdigest()
                os.makedirs(os.path.join(root, "objects", d[:2]), exist_ok=True)
                open(os.path.join(root, "objects", d[:2], d), "wb").write(new)
                entry["object"], entry["size"] = d, len(new)
                json.dump(entry, open(e, "w"))
                n += 1
            print(n)
            """
        let changed = try Decoders.run(["python3", "-c", script, p.url(".animc-cache").path])
        #expect(changed.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        try p.write("f/006.png", image: Self.noisy(6, seed: 5))
        let run = try p.animc("build", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("not usable"), "\(run.stderr)")
        #expect(counts(run).encoded == 13)
        let out = try p.read("out/a.gif")
        #expect(try fullEncode(p) == out)
    }
}
