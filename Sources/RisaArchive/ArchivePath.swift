/// The rules an entry path must follow: strict ones for what Risa writes, and the safety checks
/// for what it extracts (zip-slip).
enum ArchivePath {
    /// Checks a path given to the writer and returns its UTF-8 bytes.
    ///
    /// A valid path is relative, `/`-separated, at most 65,535 bytes, and has no empty, `.` or
    /// `..` component, no backslash, no NUL and no drive letter (`C:`): exactly the paths that
    /// `safeComponents` accepts back.
    static func validated(_ path: String) throws(ArchiveError) -> [UInt8] {
        let bytes = Array(path.utf8)
        func invalid(_ reason: String) -> ArchiveError {
            ArchiveError(.invalidPath, "archive path \"\(path)\" \(reason)", entry: path)
        }
        guard !bytes.isEmpty else { throw invalid("is empty") }
        guard bytes.count <= 0xFFFF else { throw invalid("is longer than 65,535 bytes") }
        guard bytes.first != UInt8(ascii: "/") else { throw invalid("is absolute: archive paths are relative") }
        guard !bytes.contains(UInt8(ascii: "\\")) else { throw invalid("contains a backslash: use / between folders") }
        guard !bytes.contains(0) else { throw invalid("contains a NUL character") }
        if bytes.count >= 2, bytes[1] == UInt8(ascii: ":"), (bytes[0] | 0x20) >= 0x61, (bytes[0] | 0x20) <= 0x7A {
            throw invalid("starts with a drive letter, which extractors refuse")
        }
        for component in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if component.isEmpty { throw invalid("has an empty component (// or a trailing /)") }
            if component.elementsEqual([UInt8(ascii: ".")]) { throw invalid("has a \".\" component") }
            if component.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                throw invalid("has a \"..\" component")
            }
        }
        return bytes
    }

    /// Checks that no two names are equal and that no name is also a folder of another
    /// (`a` and `a/b`), which no file system could hold; `names` must be sorted by bytes.
    static func checkUnique(sorted names: [[UInt8]]) throws(ArchiveError) {
        var folders = Set<ArraySlice<UInt8>>()
        for (index, name) in names.enumerated() {
            if index > 0 && names[index - 1] == name {
                let text = String(decoding: name, as: UTF8.self)
                throw ArchiveError(.duplicatePath, "archive path \"\(text)\" is given twice", entry: text)
            }
            var start = name.startIndex
            while let slash = name[start...].firstIndex(of: UInt8(ascii: "/")) {
                folders.insert(name[..<slash])
                start = slash + 1
            }
        }
        for name in names where folders.contains(name[...]) {
            let text = String(decoding: name, as: UTF8.self)
            throw ArchiveError(
                .duplicatePath, "archive path \"\(text)\" is both a file and a folder of other entries", entry: text)
        }
    }

    /// The components of an entry name read from an archive, or an error when extracting it could
    /// write outside the destination: absolute paths, drive letters, `..`, backslashes, NUL.
    /// A trailing `/` marks a folder entry and is dropped; `.` and empty components are refused too,
    /// so that each file has exactly one spelling and duplicates are caught.
    static func safeComponents(of name: String) throws(ArchiveError) -> [Substring] {
        func unsafe(_ reason: String) -> ArchiveError {
            ArchiveError(.unsafePath, "entry \"\(name)\" \(reason); refusing to extract the archive", entry: name)
        }
        guard !name.isEmpty else { throw unsafe("has an empty name") }
        guard !name.contains("\\") else { throw unsafe("contains a backslash (a Windows path separator)") }
        guard !name.unicodeScalars.contains("\0") else { throw unsafe("contains a NUL character") }
        guard !name.hasPrefix("/") else { throw unsafe("is an absolute path") }
        let scalars = Array(name.unicodeScalars.prefix(2))
        if scalars.count == 2, scalars[1] == ":", scalars[0].isASCII, scalars[0].properties.isAlphabetic {
            throw unsafe("starts with a drive letter")
        }
        var body = Substring(name)
        if body.hasSuffix("/") { body = body.dropLast() }
        let components = body.split(separator: "/", omittingEmptySubsequences: false)
        for component in components {
            if component.isEmpty { throw unsafe("has an empty path component") }
            if component == ".." { throw unsafe("has a \"..\" component (path traversal)") }
            if component == "." { throw unsafe("has a \".\" component") }
        }
        return components
    }
}
