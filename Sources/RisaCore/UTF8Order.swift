#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The order of strings by their UTF-8 bytes: the order of canonical JSON keys, tree entries,
/// file listings and manifests, independent of locale and Unicode normalisation.
public enum UTF8Order {
    /// Whether `lhs` sorts before `rhs` byte by byte (a prefix sorts first). One `memcmp` for the
    /// contiguous strings Swift makes; the generic comparison of the two UTF-8 views, which is
    /// several times slower, only for strings without contiguous storage.
    @inlinable
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let fast = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right -> Bool in
                let common = min(left.count, right.count)
                if common > 0 {
                    let order = memcmp(left.baseAddress!, right.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return left.count < right.count
            }
        }
        if let fast, let answer = fast { return answer }
        return lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
