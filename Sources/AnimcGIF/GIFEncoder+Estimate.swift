import AnimcColour
/// Sizes estimated without writing a GIF (for choices made before encoding, like `scope: auto`).
extension GIFEncoder {
    /// Bytes of `frame` written whole: its LZW data, plus its own colour table when `withTable`
    /// (3 × 2^bits bytes). Frame optimisation makes later frames smaller; this is the size it starts from.
    public static func estimatedBytes(of frame: IndexedImage, withTable: Bool) -> Int {
        let bits = GIFBlocks.tableBits(max(2, frame.palette.colors.count))
        var data: [UInt8] = []
        frame.indices.withUnsafeBufferPointer {
            LZW.encode($0, minCodeSize: LZW.minCodeSize(forTableSize: 1 << bits), into: &data)
        }
        return data.count + (withTable ? 3 << bits : 0)
    }
}
