import Testing

@Test func placeholder_AnimcImagingTests() {}
