import Testing

@testable import RisaDataset

@Suite struct DatasetRequirementsTests {
    @Test func goodItemPasses() {
        let item = DatasetItem(name: "a.PNG", width: 512, height: 512, caption: Array("sks, smile\n".utf8))
        #expect(DatasetRequirements().check([item]).isEmpty)
    }

    @Test func reportsEachViolationPerItem() {
        var requirements = DatasetRequirements()
        requirements.minimumItems = 10
        requirements.minimumSide = 256
        let items = [
            DatasetItem(name: "a.gif", width: 512, height: 512, caption: Array("x".utf8)),
            DatasetItem(name: "b.png", width: 100, height: 512, bitDepth: 16, hasAlpha: true, caption: nil),
            DatasetItem(name: "c.jpg", width: 512, height: 512, caption: [0x63, 0xE9]),
            DatasetItem(name: "d.webp", width: 512, height: 512, caption: Array(" \n".utf8)),
            DatasetItem(name: "e.bmp", width: 512, height: 512, caption: Array("tags\na description".utf8)),
            DatasetItem(name: "e.png", width: 512, height: 512, caption: Array("x".utf8)),
        ]
        let violations = requirements.check(items)
        #expect(
            violations.map(\.code) == [
                .tooFewItems, .unsupportedFormat, .bitDepth, .unexpectedAlpha, .tooSmall, .missingCaption,
                .captionNotUTF8, .emptyCaption, .multiLineCaption, .duplicateStem,
            ])
        #expect(violations[1].item == "a.gif" && violations[1].message.hasPrefix("a.gif: "))
        #expect(violations.last?.item == "e.png")
    }

    @Test func alphaAllowedWithAlphaMask() {
        var requirements = DatasetRequirements()
        requirements.alphaMask = true
        let item = DatasetItem(name: "a.png", width: 64, height: 64, hasAlpha: true, caption: Array("x".utf8))
        #expect(requirements.check(item).isEmpty)
    }
}
