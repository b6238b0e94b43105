import Testing

@Test func placeholder_AnimcEndToEndTests() {}
