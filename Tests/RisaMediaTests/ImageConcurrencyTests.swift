import Testing

@testable import RisaMedia

@Suite struct ImageConcurrencyTests {
    @Test func imagesAreProcessedOnManyThreadsAtOnce() async throws {
        let jpeg = try MagickImage(pixels: ImageFixtures.scene(200, 150)).encode(.jpeg())
        let expected = try ImageTransform.apply(
            [.resize(Resize(.longSide(64)))], to: MagickImage(data: jpeg, label: "one.jpg")
        ).image.encode(.png())
        let outputs = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for i in 0..<16 {
                group.addTask {
                    let image = try MagickImage(data: jpeg, label: "item-\(i).jpg")
                    return try ImageTransform.apply([.resize(Resize(.longSide(64)))], to: image).image.encode(
                        .png())
                }
            }
            return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
        }
        #expect(outputs.count == 16)
        #expect(outputs.allSatisfy { $0 == expected })
    }
}
