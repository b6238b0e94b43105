import Testing

@Test func placeholder_AnimcManifestTests() {}
