import Testing

@Test func placeholder_AnimcBuildTests() {}
