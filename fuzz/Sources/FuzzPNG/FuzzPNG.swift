import AnimcPixels

/// One libFuzzer input: PNG bytes. Decodes them with the default limits; an error is fine,
/// a crash, trap or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let image = try? PNGCodec.decode(bytes) {
        precondition(image.pixels.count == image.width * image.height * 4, "decoded buffer size disagrees with the header")
    }
    return 0
}

// SwiftPM links an executable with `main` defined as `FuzzPNG_main` (its entry point symbol), so libFuzzer's own
// `main` is not used: this entry point hands the command line to libFuzzer's driver, as that `main` would.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("FuzzPNG_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzPNG)
}
