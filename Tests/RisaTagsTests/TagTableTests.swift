import Testing

@testable import RisaTags

@Suite struct TagTableTests {
    let images = [
        TaggedImage(
            image: "a, \"quoted\".png",
            tags: [
                Tag("tag, with comma", category: .general, score: 0.125, source: "wd14"),
                Tag("say \"hi\"", category: .meta), Tag("multi\nline", category: .description),
            ]),
        TaggedImage(image: "b.png", tags: []),
        TaggedImage(image: "c.png", tags: [Tag("sks", category: .trigger, source: "trigger")]),
    ]

    @Test func csvRoundTripWithCommasAndQuotes() throws {
        let text = TagTable.csv(images)
        #expect(text.hasPrefix("image,tag,category,score,source\r\n\"a, \"\"quoted\"\".png\",\"tag, with comma\""))
        #expect(try TagTable.parseCSV(text, name: "tags.csv") == images)
    }

    @Test func jsonRoundTrip() throws {
        #expect(try TagTable.parseJSON(TagTable.json(images), name: "tags.json") == images)
    }

    @Test func csvErrorsNameTheLine() {
        #expect(throws: TagsError(.invalidTable, "t.csv: line 3: unknown category people")) {
            try TagTable.parseCSV("image,tag,category\na.png,x,general\nb.png,y,people\n", name: "t.csv")
        }
        #expect(throws: TagsError(.invalidTable, "t.csv: line 2: a quoted field is not closed")) {
            try TagTable.parseCSV("image,tag\n\"a.png,x\n", name: "t.csv")
        }
        #expect(throws: TagsError(.invalidTable, "t.csv: line 2: a quote inside an unquoted field")) {
            try TagTable.parseCSV("image,tag\na\"b,x\n", name: "t.csv")
        }
        #expect(throws: TagsError(.invalidTable, "t.csv: line 2: 1 fields, the header has 2")) {
            try TagTable.parseCSV("image,tag\nonly\n", name: "t.csv")
        }
    }

    @Test func jsonErrorsNameTheElement() {
        #expect(throws: TagsError(.invalidTable, "t.json: images[0].tags[0].name: expected a non-empty string")) {
            try TagTable.parseJSON(#"{"images": [{"image": "a", "tags": [{"name": ""}]}]}"#, name: "t.json")
        }
    }
}
