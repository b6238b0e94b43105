import Testing

@Test func placeholder_AnimcPlanTests() {}
