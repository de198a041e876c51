import Testing

@testable import RisaTags

@Suite struct CaptionTests {
    let tags = [
        Tag("smile", score: 0.5), Tag("miku", category: .character), Tag("1girl", score: 0.9),
        Tag("blush", score: 0.5), Tag("sks", category: .trigger), Tag("vocaloid", category: .copyright),
        Tag("a girl singing", category: .description), Tag("highres", category: .meta),
    ]

    @Test func ordersByCategoryThenScoreThenName() {
        let caption = CaptionWriter.caption(for: tags)
        #expect(caption.text == "sks, miku, vocaloid, 1girl, blush, smile, highres, a girl singing")
        #expect(caption.keepTokens == 0)
    }

    @Test func keepTokensCountAndSeparator() {
        var options = CaptionOptions()
        options.keepTokens = .count(2)
        #expect(CaptionWriter.caption(for: tags, options: options).keepTokens == 2)
        options.keepTokens = .fixedCategories
        options.keepTokensSeparator = "|||"
        options.excluded = [.meta]
        let caption = CaptionWriter.caption(for: tags, options: options)
        #expect(caption.text == "sks, miku, vocaloid ||| 1girl, blush, smile, a girl singing")
        #expect(caption.keepTokens == 3)
    }

    @Test func descriptionModesAndAffixes() {
        var options = CaptionOptions()
        options.description = .only
        options.prefix = "photo: "
        #expect(CaptionWriter.caption(for: tags, options: options).text == "photo: a girl singing")
        options.description = .omit
        options.prefix = ""
        options.suffix = ", best"
        options.separator = ","
        options.generalOrder = .given
        #expect(
            CaptionWriter.caption(for: tags, options: options).text
                == "sks,miku,vocaloid,smile,1girl,blush,highres, best")
    }

    @Test func alwaysOneLine() {
        let caption = CaptionWriter.caption(for: [Tag("line\none"), Tag("two\r\nlines", category: .description)])
        #expect(!caption.text.contains("\n") && !caption.text.contains("\r"))
    }
}
