import AnimcColour
import AnimcPixels
public enum GIFLoop: Sendable, Equatable {
    /// No NETSCAPE2.0 extension: play once.
    case none
    /// Loop count 0: repeat forever.
    case forever
    /// Play once, then `n` more times (NETSCAPE loop count n; clamped to 1...65535, 0 means `.none`).
    case count(Int)
}

/// GIF frame disposal methods as written in the Graphic Control Extension.
enum GIFDisposal: UInt8 {
    case unspecified = 0
    case doNotDispose = 1
    case restoreToBackground = 2
}

/// Byte-level writers for GIF blocks.
enum GIFBlocks {
    static func appendLE16(_ v: Int, _ out: inout [UInt8]) {
        let c = max(0, min(65535, v))
        out.append(UInt8(c & 0xff))
        out.append(UInt8(c >> 8))
    }

    /// Bits of a colour table holding `entries` entries: the table has 2^bits entries, bits in 1...8.
    static func tableBits(_ entries: Int) -> Int {
        var bits = 1
        while (1 << bits) < entries && bits < 8 { bits += 1 }
        return bits
    }

    static func appendColorTable(_ colors: [RGBColor], bits: Int, _ out: inout [UInt8]) {
        let size = 1 << bits
        for i in 0..<size {
            if i < colors.count {
                out.append(colors[i].r); out.append(colors[i].g); out.append(colors[i].b)
            } else {
                out.append(0); out.append(0); out.append(0)
            }
        }
    }

    /// Header, logical screen descriptor, optional global colour table and the loop extension.
    static func appendHeader(width: Int, height: Int, global: [RGBColor]?, globalBits: Int, loop: GIFLoop,
                             _ out: inout [UInt8]) {
        out.append(contentsOf: Array("GIF89a".utf8))
        appendLE16(width, &out)
        appendLE16(height, &out)
        if let global {
            out.append(0x80 | 0x70 | UInt8(globalBits - 1))  // table present, 8-bit colour resolution
            out.append(0)  // background index
            out.append(0)  // aspect ratio
            appendColorTable(global, bits: globalBits, &out)
        } else {
            out.append(0x70)
            out.append(0)
            out.append(0)
        }
        let count: Int?
        switch loop {
        case .none: count = nil
        case .forever: count = 0
        case .count(let n): count = n <= 0 ? nil : min(n, 65535)
        }
        if let count {
            out.append(contentsOf: [0x21, 0xFF, 0x0B])
            out.append(contentsOf: Array("NETSCAPE2.0".utf8))
            out.append(contentsOf: [0x03, 0x01])
            appendLE16(count, &out)
            out.append(0)
        }
    }

    static func appendGraphicControl(delay: Int, disposal: GIFDisposal, transparentIndex: Int?, _ out: inout [UInt8]) {
        out.append(contentsOf: [0x21, 0xF9, 0x04])
        out.append(disposal.rawValue << 2 | (transparentIndex != nil ? 1 : 0))
        appendLE16(delay, &out)
        out.append(UInt8(transparentIndex ?? 0))
        out.append(0)
    }

    static func appendImageDescriptor(x: Int, y: Int, width: Int, height: Int, localBits: Int?, _ out: inout [UInt8]) {
        out.append(0x2C)
        appendLE16(x, &out)
        appendLE16(y, &out)
        appendLE16(width, &out)
        appendLE16(height, &out)
        if let localBits { out.append(0x80 | UInt8(localBits - 1)) } else { out.append(0) }
    }
}
