import Testing

@Test func placeholder_AnimcBasicsTests() {}
