import AnimcBasics
import Testing

@Suite struct UnitsTests {
    @Test func sizes() {
        #expect(ByteSize.parse("1024") == 1024)
        #expect(ByteSize.parse("500MiB") == 524_288_000)
        #expect(ByteSize.parse("2G") == 2_147_483_648)
        #expect(ByteSize.parse("1.5GB") == 1_500_000_000)
        #expect(ByteSize.parse("10k") == 10_240)
        #expect(ByteSize.parse("64 KiB") == 65_536)
        #expect(ByteSize.parse("0") == 0)
        for bad in ["500XB", "-3", "0x10", "1e9", "", "MiB", "1.2.3K", "+5M", "5 5"] {
            #expect(ByteSize.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func ages() {
        #expect(Age.parse("30d") == 2_592_000)
        #expect(Age.parse("12h") == 43_200)
        #expect(Age.parse("90m") == 5400)
        #expect(Age.parse("2w") == 1_209_600)
        #expect(Age.parse("1.5d") == 129_600)
        for bad in ["-3d", "30", "3y", "0x10", "d", ""] {
            #expect(Age.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func formatting() {
        #expect(ByteSize.format(512) == "512 B")
        #expect(ByteSize.format(1536) == "1.5 KiB")
        #expect(ByteSize.format(500 * 1_048_576) == "500 MiB")
        #expect(ByteSize.format(3 * 1_073_741_824 / 2) == "1.5 GiB")
        #expect(Age.format(seconds: 45) == "45s")
        #expect(Age.format(seconds: 7200) == "2h")
        #expect(Age.format(seconds: 3 * 86_400) == "3d")
        #expect(Age.format(seconds: 21 * 86_400) == "3w")
    }
}
