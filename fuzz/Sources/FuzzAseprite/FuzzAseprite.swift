import AnimcAseprite

/// One libFuzzer input: the bytes of an .aseprite file. Reads it and composites every frame (at most
/// 8, to keep runs fast); an error is fine, a crash, trap or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAseprite(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? AsepriteFile(bytes: bytes) else { return 0 }
    for frame in file.frames.indices.prefix(8) {
        if let image = try? file.render(frame: frame) {
            precondition(image.width == file.width && image.height == file.height, "a frame is not the canvas's size")
        }
    }
    return 0
}

// As in FuzzPNG: SwiftPM's entry point symbol hands the command line to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("FuzzAseprite_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzAseprite)
}
