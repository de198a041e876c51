internal import CMagickWand

/// Process-wide ImageMagick state: initialised once, before the first wand is made.
///
/// ImageMagick's resource limits are global to the process. Risa sets the pixel-size backstops
/// here (`ImageLimits.ceiling`); the per-call limits are checked against a ping of the file before
/// any pixel is decoded (`ImageLimits`), so they do not depend on `/etc/ImageMagick-6/policy.xml`.
/// A policy file can only lower these limits further, never raise them.
enum MagickRuntime {
    private static let initialised: Bool = {
        MagickWandGenesis()
        let ceiling = ImageLimits.ceiling
        _ = MagickSetResourceLimit(WidthResource, MagickSizeType(ceiling.maxWidth))
        _ = MagickSetResourceLimit(HeightResource, MagickSizeType(ceiling.maxHeight))
        // One OpenMP thread per operation: Risa runs items in parallel itself, and on a shared
        // machine ImageMagick's own threads oversubscribe the cores (measured in the benchmark notes of
        // `ImageTransform`).
        _ = MagickSetResourceLimit(ThreadResource, 1)
        return true
    }()

    /// Initialises ImageMagick once per process; cheap after the first call.
    static func start() {
        precondition(initialised)
    }
}
