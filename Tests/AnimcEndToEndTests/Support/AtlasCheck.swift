import AnimcPixels
import Foundation

/// What Pillow and Python's json module (readers we did not write) see in an atlas, via
/// scripts/atlascheck.py: each frame rebuilt from its rectangle, placed at spriteSourceSize inside
/// sourceSize; the JSON validated against schema/atlas.schema.json.
struct DecodedAtlas {
    var names: [String]
    var durations: [Int]
    var rects: [[Int]]
    var tags: [[String]]
    var size: [Int]
    var frames: [RGBAImage]

    static func decode(_ data: URL) throws -> DecodedAtlas {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("atlascheck-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let script = Animc.repositoryRoot.appendingPathComponent("scripts/atlascheck.py")
        let schema = Animc.repositoryRoot.appendingPathComponent("schema/atlas.schema.json")
        let run = try Animc.execute(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, data.path, out.path, schema.path],
                                    in: FileManager.default.temporaryDirectory)
        guard run.status == 0, let j = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else {
            throw DecodedGIF.CheckError(message: "atlascheck failed (\(run.status)): \(run.stderr)")
        }
        let names = j["names"] as! [String], rects = j["rects"] as! [[Int]]
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: data)) as! [String: Any]
        var sizes: [(Int, Int)] = []
        if let hash = json["frames"] as? [String: Any] {
            for n in names { let s = (hash[n] as! [String: Any])["sourceSize"] as! [String: Int]; sizes.append((s["w"]!, s["h"]!)) }
        } else {
            for f in json["frames"] as! [[String: Any]] { let s = f["sourceSize"] as! [String: Int]; sizes.append((s["w"]!, s["h"]!)) }
        }
        var frames: [RGBAImage] = []
        for (i, s) in sizes.enumerated() {
            let bytes = try Data(contentsOf: out.appendingPathComponent(String(format: "frame_%04d.rgba", i)))
            frames.append(RGBAImage(width: s.0, height: s.1, pixels: Array(bytes)))
        }
        return DecodedAtlas(names: names, durations: j["durations"] as! [Int], rects: rects,
                            tags: (j["tags"] as! [[Any]]).map { $0.map { "\($0)" } }, size: j["size"] as! [Int], frames: frames)
    }
}
