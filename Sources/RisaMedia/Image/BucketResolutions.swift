/// A width and height in pixels.
public struct PixelSize: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Width.
    public var width: Int
    /// Height.
    public var height: Int

    /// Creates a size.
    public init(_ width: Int, _ height: Int) {
        self.width = width
        self.height = height
    }

    /// Ordered by width, then height (Python's tuple order, which kohya sorts buckets by).
    public static func < (a: PixelSize, b: PixelSize) -> Bool {
        (a.width, a.height) < (b.width, b.height)
    }

    /// `WxH`.
    public var description: String { "\(width)x\(height)" }
}

/// kohya-ss/sd-scripts aspect-ratio bucketing settings (`resolution`, `min_bucket_reso`,
/// `max_bucket_reso`, `bucket_reso_steps`, `bucket_no_upscale`), with kohya's defaults.
public struct BucketSettings: Sendable, Hashable {
    /// The training resolution; its area is the bucket area (`resolution` in kohya's config).
    public var resolution: PixelSize
    /// The smallest bucket side (`min_bucket_reso`, 256).
    public var minSize: Int
    /// The largest bucket side (`max_bucket_reso`, 1024).
    public var maxSize: Int
    /// Bucket sides are multiples of this (`bucket_reso_steps`, 64).
    public var step: Int
    /// Never enlarge: buckets come from each image's own size (`bucket_no_upscale`, false).
    public var noUpscale: Bool

    /// Creates settings; kohya's defaults for everything but the resolution.
    public init(
        resolution: PixelSize, minSize: Int = 256, maxSize: Int = 1024, step: Int = 64,
        noUpscale: Bool = false
    ) {
        self.resolution = resolution
        self.minSize = minSize
        self.maxSize = maxSize
        self.step = step
        self.noUpscale = noUpscale
    }

    var canonicalArguments: String {
        "resolution=\(resolution),min=\(minSize),max=\(maxSize),step=\(step),no_upscale=\(noUpscale)"
    }
}

/// Where kohya puts one image: the bucket and the size to resize to before the centre crop.
public struct BucketSelection: Sendable, Hashable {
    /// The bucket (the final image size).
    public var bucket: PixelSize
    /// The size the image is resized to; it covers the bucket, the excess is cropped evenly.
    public var resizedSize: PixelSize
    /// The bucket's aspect ratio minus the image's.
    public var aspectError: Double
}

/// kohya-ss/sd-scripts' bucketing, reproduced exactly: `make_bucket_resolutions` from
/// `library/model_util.py` and `BucketManager.select_bucket` from `library/train_util.py`.
public enum BucketResolutions {
    /// The predefined buckets, sorted by width then height (`make_bucket_resolutions`): the square
    /// `floor(sqrt(area) / step) * step`, and for each width from `minSize` to `maxSize` in `step`s the
    /// height `min(maxSize, (area // width) // step * step)` in both orientations, when that height is at
    /// least `minSize`.
    public static func make(_ settings: BucketSettings) -> [PixelSize] {
        let maxArea = settings.resolution.width * settings.resolution.height
        let step = settings.step
        var sizes = Set<PixelSize>()
        let square = Int(Double(maxArea).squareRoot() / Double(step)) * step
        sizes.insert(PixelSize(square, square))
        var width = settings.minSize
        while width <= settings.maxSize {
            let height = min(settings.maxSize, (maxArea / width) / step * step)
            if height >= settings.minSize {
                sizes.insert(PixelSize(width, height))
                sizes.insert(PixelSize(height, width))
            }
            width += step
        }
        return sizes.sorted()
    }

    /// The bucket kohya picks for a `width` x `height` image (`select_bucket`).
    ///
    /// Without `noUpscale`: the image's own size when it is a bucket, else the first bucket (in sorted
    /// order) with the nearest aspect ratio; the image is scaled so that it covers the bucket, sides
    /// rounded half up. With `noUpscale`: an image larger than the bucket area is scaled down to it, one
    /// side rounded to the step (whichever keeps the aspect closer); the bucket is that size floored to
    /// multiples of the step.
    public static func select(
        width: Int, height: Int, settings: BucketSettings, buckets: [PixelSize]? = nil
    )
        -> BucketSelection
    {
        let aspect = Double(width) / Double(height)
        let bucket: PixelSize
        let resized: PixelSize
        if !settings.noUpscale {
            let predefined = buckets ?? make(settings)
            var chosen = PixelSize(width, height)
            if !predefined.contains(chosen) {
                var best = predefined[0]
                var bestError = abs(Double(best.width) / Double(best.height) - aspect)
                for candidate in predefined.dropFirst() {
                    let error = abs(Double(candidate.width) / Double(candidate.height) - aspect)
                    if error < bestError {  // numpy argmin: the first of equal minima wins
                        best = candidate
                        bestError = error
                    }
                }
                chosen = best
            }
            let bucketAspect = Double(chosen.width) / Double(chosen.height)
            let scale =
                aspect > bucketAspect
                ? Double(chosen.height) / Double(height) : Double(chosen.width) / Double(width)
            resized = PixelSize(Int(Double(width) * scale + 0.5), Int(Double(height) * scale + 0.5))
            bucket = chosen
        } else {
            let maxArea = settings.resolution.width * settings.resolution.height
            if width * height > maxArea {
                let resizedWidth = (Double(maxArea) * aspect).squareRoot()
                let resizedHeight = Double(maxArea) / resizedWidth
                let widthRounded = roundToSteps(resizedWidth, settings.step)
                let heightInWidthRounded = roundToSteps(Double(widthRounded) / aspect, settings.step)
                let aspectWidthRounded = Double(widthRounded) / Double(heightInWidthRounded)
                let heightRounded = roundToSteps(resizedHeight, settings.step)
                let widthInHeightRounded = roundToSteps(Double(heightRounded) * aspect, settings.step)
                let aspectHeightRounded = Double(widthInHeightRounded) / Double(heightRounded)
                if abs(aspectWidthRounded - aspect) < abs(aspectHeightRounded - aspect) {
                    resized = PixelSize(widthRounded, Int(Double(widthRounded) / aspect + 0.5))
                } else {
                    resized = PixelSize(Int(Double(heightRounded) * aspect + 0.5), heightRounded)
                }
            } else {
                resized = PixelSize(width, height)
            }
            bucket = PixelSize(
                resized.width - resized.width % settings.step,
                resized.height - resized.height % settings.step)
        }
        let error = Double(bucket.width) / Double(bucket.height) - aspect
        return BucketSelection(bucket: bucket, resizedSize: resized, aspectError: error)
    }

    /// kohya's `round_to_steps`: round half up, then down to a multiple of `step`.
    private static func roundToSteps(_ x: Double, _ step: Int) -> Int {
        let rounded = Int(x + 0.5)
        return rounded - rounded % step
    }
}
