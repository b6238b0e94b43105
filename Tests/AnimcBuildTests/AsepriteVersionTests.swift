import AnimcAseprite
import AnimcManifest
import AnimcPlan
import Testing

/// The compositor's version lives in AnimcAseprite; the planner (which cannot import it) keys frames
/// with its own copy. They must agree, or a change of the compositor would not re-render cached frames.
@Test func thePlannersAsepriteCompositorVersionIsTheCompositors() {
    #expect(FrameOrigin.asepriteCompositorVersion == AsepriteFile.compositorVersion)
}
