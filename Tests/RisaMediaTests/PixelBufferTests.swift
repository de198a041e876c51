import Testing

@testable import RisaMedia

@Suite struct PixelBufferTests {
    @Test func pixelsAreAddressedRowByRow() {
        let buffer = PixelBuffer(width: 2, height: 2, layout: .rgb, bytes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        #expect(buffer.rowBytes == 6)
        #expect(Array(buffer.pixel(x: 1, y: 0)) == [4, 5, 6])
        #expect(Array(buffer.pixel(x: 0, y: 1)) == [7, 8, 9])
    }

    @Test func filledBufferRepeatsTheValue() {
        let buffer = PixelBuffer(width: 3, height: 1, layout: .rgba, filledWith: [9, 8, 7, 255])
        #expect(buffer.bytes == [9, 8, 7, 255, 9, 8, 7, 255, 9, 8, 7, 255])
    }
}
