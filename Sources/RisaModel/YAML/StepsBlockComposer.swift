import Foundation
import RisaCore

/// Composes a large pipeline document on every core by cutting its `steps:` block into runs of
/// whole steps: each run is composed on its own (as a mapping nested in the document), the rest of
/// the document is composed with the block blanked out, and the runs' entries become the `steps`
/// mapping. Line and column positions are the file's own.
///
/// Only used when the result is certain to equal a sequential composition: a top-level `steps:`
/// line in block style, step keys found at one indentation, no merge key (`<<`) or complex key
/// (`?`) among them, and every part composing without a single diagnostic (an alias to an anchor
/// in another part, a duplicate step id across parts or any syntax error shows up as one). In
/// every other case `compose` returns nil and the caller composes the whole text in one pass,
/// which also words every diagnostic exactly.
enum StepsBlockComposer {
    /// Smaller documents are composed in one pass (threads cost more than they save).
    static let minimumSize = 256 << 10

    /// The composed document, or nil when it is composed sequentially instead.
    static func compose(_ bytes: [UInt8], file: String, limits: YAMLLoader.Limits) -> YAMLLoader.Result? {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard cores > 1, let block = StepsBlock.find(in: bytes), block.stepStarts.count >= 2 * cores else {
            return nil
        }
        // Parts of whole steps, cut at the step keys nearest to equal shares of the block's bytes.
        var cuts: [Int] = [block.stepStarts[0]]
        for part in 1..<cores {
            let target = block.stepStarts[0] + (block.end - block.stepStarts[0]) * part / cores
            if let cut = block.stepStarts.first(where: { $0 >= target }), cut > cuts.last! { cuts.append(cut) }
        }
        cuts.append(block.end)
        var outer = bytes
        for index in block.stepStarts[0]..<block.end where outer[index] != UInt8(ascii: "\n") {
            outer[index] = UInt8(ascii: " ")
        }
        // The line each part starts on, counting newlines once from part to part.
        var lineStarts: [Int] = []
        var line = 0
        var counted = 0
        for cut in cuts.dropLast() {
            line += bytes[counted..<cut].count(where: { $0 == UInt8(ascii: "\n") })
            counted = cut
            lineStarts.append(line)
        }
        let jobs =
            [(bytes: outer, line: 0)]
            + zip(cuts, cuts.dropFirst()).enumerated().map { index, range in
                (bytes: Array(bytes[range.0..<range.1]), line: lineStarts[index])
            }
        let composed = ParallelChunks.map(Array(jobs.indices), minimumChunk: 1) { indices in
            indices.map { index -> (result: YAMLLoader.Result, nodes: Int) in
                // A part is nested in the document's root mapping, like the `steps` mapping.
                var composer = EventComposer(
                    file: file, limits: limits, lineOffset: jobs[index].line, depth: index == 0 ? 0 : 1)
                let result = jobs[index].bytes.withUnsafeBufferPointer { composer.compose($0) }
                return (result, composer.nodeCount)
            }
        }.flatMap { $0 }
        guard composed.allSatisfy({ $0.result.diagnostics.isEmpty }),
            composed.reduce(0, { $0 + $1.nodes }) <= limits.maxNodes,
            let root = composed[0].result.root, var entries = root.entries,
            let stepsIndex = entries.firstIndex(where: { $0.key == "steps" }),
            entries[stepsIndex].value.scalar?.resolved == .null
        else { return nil }
        var steps: [SourceNode.Entry] = []
        var seen: Set<String> = []
        for part in composed.dropFirst() {
            guard let partEntries = part.result.root?.entries else { return nil }
            for entry in partEntries {
                guard seen.insert(entry.key).inserted else { return nil }
                steps.append(entry)
            }
        }
        guard let first = composed[1].result.root else { return nil }
        entries[stepsIndex].value = SourceNode(.mapping(steps), at: first.location)
        return YAMLLoader.Result(root: SourceNode(.mapping(entries), at: root.location), diagnostics: [])
    }
}

/// Where a document's top-level `steps:` block lies: from its first step key to the next line that
/// starts at column 0 (or the end), and the offset of every step key in it.
struct StepsBlock {
    /// Offsets of the first byte of each step key line.
    var stepStarts: [Int]
    /// Offset just past the block.
    var end: Int

    /// The block of `bytes`, or nil when there is none in block style or its step lines are not
    /// plain keys at one indentation.
    static func find(in bytes: [UInt8]) -> StepsBlock? {
        let newline = UInt8(ascii: "\n")
        let header = Array("steps:".utf8)
        // The `steps:` line: at column 0, followed only by blanks or a comment.
        var offset = 0
        var bodyStart: Int?
        while offset < bytes.count {
            let lineEnd = bytes[offset...].firstIndex(of: newline) ?? bytes.count
            if bytes[offset..<lineEnd].starts(with: header),
                isBlankOrComment(bytes[(offset + header.count)..<lineEnd])
            {
                bodyStart = lineEnd + 1
                break
            }
            offset = lineEnd + 1
        }
        guard let bodyStart, bodyStart < bytes.count else { return nil }
        var stepStarts: [Int] = []
        var indentation: Int?
        offset = bodyStart
        var end = bytes.count
        while offset < bytes.count {
            let lineEnd = bytes[offset...].firstIndex(of: newline) ?? bytes.count
            let line = bytes[offset..<lineEnd]
            let spaces = line.prefix { $0 == UInt8(ascii: " ") }.count
            let rest = line.dropFirst(spaces)
            if isBlankOrComment(rest) {
                offset = lineEnd + 1
                continue
            }
            if spaces == 0 {
                end = offset
                break
            }
            if indentation == nil { indentation = spaces }
            if spaces == indentation {
                // A merge key or a complex key changes the meaning of the whole mapping.
                guard let first = rest.first, first != UInt8(ascii: "?"), !rest.starts(with: Array("<<".utf8)) else {
                    return nil
                }
                stepStarts.append(offset)
            } else if spaces < indentation! {
                return nil
            }
            offset = lineEnd + 1
        }
        guard !stepStarts.isEmpty else { return nil }
        return StepsBlock(stepStarts: stepStarts, end: end)
    }

    /// Whether a line's remainder holds only blanks (spaces, tabs, a carriage return) or a comment.
    private static func isBlankOrComment(_ rest: ArraySlice<UInt8>) -> Bool {
        for byte in rest {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): continue
            case UInt8(ascii: "#"): return true
            default: return false
            }
        }
        return true
    }
}
