extension ImageTransform {
    /// Applies one operation in place and updates `provenance`.
    static func apply(
        _ operation: TransformOperation, to image: MagickImage, provenance: inout Provenance
    ) throws {
        switch operation {
        case .orient:
            let (w, h) = (image.width, image.height)
            try image.applyOrientation()
            provenance.orient(width: w, height: h)
        case .srgb:
            try image.convertToSRGB()
        case .flatten(let color):
            try image.flatten(onto: color)
        case .strip:
            try image.stripMetadata()
        case .resize(let resize):
            let logical = provenance.logicalSize
            let size = try resizedSize(width: logical.width, height: logical.height, resize: resize)
            try resample(image, to: size, filter: resize.filter, provenance: &provenance)
        case .crop(let crop):
            let rect = try cropRect(crop, image: image)
            try image.cropPixels(x: rect.x, y: rect.y, width: rect.width, height: rect.height)
            provenance.crop(
                Box(
                    x: Double(rect.x), y: Double(rect.y), width: Double(rect.width),
                    height: Double(rect.height)),
                width: image.width, height: image.height)
        case .pad(let pad, let color):
            let (w, h) = (image.width, image.height)
            let size = try paddedSize(pad, width: w, height: h, label: image.label)
            let (x, y) = ((size.width - w) / 2, (size.height - h) / 2)
            try image.extend(width: size.width, height: size.height, x: x, y: y, color: color)
            provenance.pad(x: x, y: y, width: size.width, height: size.height)
        case .bucket(let settings):
            let logical = provenance.logicalSize
            let selection = BucketResolutions.select(
                width: logical.width, height: logical.height, settings: settings)
            try resample(image, to: selection.resizedSize, filter: .lanczos, provenance: &provenance)
            let (rw, rh) = (image.width, image.height)
            let bucket = selection.bucket
            guard rw >= bucket.width, rh >= bucket.height else {
                throw ImageError(
                    .invalidOperation, file: image.label,
                    reason: "the \(rw)x\(rh) image does not cover its bucket \(bucket)")
            }
            // kohya's trim_and_resize_if_required: the excess is split with the smaller half first.
            let rect = (x: (rw - bucket.width) / 2, y: (rh - bucket.height) / 2)
            try image.cropPixels(x: rect.x, y: rect.y, width: bucket.width, height: bucket.height)
            provenance.crop(
                Box(
                    x: Double(rect.x), y: Double(rect.y), width: Double(bucket.width),
                    height: Double(bucket.height)),
                width: rw, height: rh)
        }
    }

    private static func resample(
        _ image: MagickImage, to size: PixelSize, filter: ResizeFilter, provenance: inout Provenance
    ) throws {
        let from = PixelSize(image.width, image.height)
        try image.resample(width: size.width, height: size.height, filter: filter)
        provenance.resize(from: from, to: size)
    }

    private static func cropRect(
        _ crop: Crop, image: MagickImage
    ) throws -> (
        x: Int, y: Int, width: Int, height: Int
    ) {
        let (w, h) = (image.width, image.height)
        switch crop {
        case .box(let x, let y, let cw, let ch):
            guard cw > 0, ch > 0, x >= 0, y >= 0, x + cw <= w, y + ch <= h else {
                throw ImageError(
                    .invalidOperation, file: image.label,
                    reason: "the crop box \(cw)x\(ch) at (\(x), \(y)) does not lie inside the \(w)x\(h) image"
                )
            }
            return (x, y, cw, ch)
        case .center(let aspect):
            let size = SmartCrop.centredWindowSize(width: w, height: h, aspect: aspect)
            return ((w - size.width) / 2, (h - size.height) / 2, size.width, size.height)
        case .smart(let aspect):
            return try SmartCrop.window(in: image, aspect: aspect)
        }
    }

    private static func paddedSize(
        _ pad: Pad, width: Int, height: Int, label: String
    ) throws
        -> PixelSize
    {
        switch pad {
        case .size(let pw, let ph):
            guard pw >= width, ph >= height else {
                throw ImageError(
                    .invalidOperation, file: label,
                    reason:
                        "cannot pad the \(width)x\(height) image to the smaller \(pw)x\(ph); resize or crop first"
                )
            }
            return PixelSize(pw, ph)
        case .aspect(let aspect):
            if width * aspect.height > height * aspect.width {
                let h = Int((Double(width) * Double(aspect.height) / Double(aspect.width)).rounded(.up))
                return PixelSize(width, max(height, h))
            }
            let w = Int((Double(height) * Double(aspect.width) / Double(aspect.height)).rounded(.up))
            return PixelSize(max(width, w), height)
        }
    }
}
