import RisaMedia

/// Groups near-duplicate hashes: pairs within a Hamming threshold are joined (union-find), so a
/// group is a connected component. Pure and deterministic: groups and their members come in input
/// order.
///
/// Every pair is compared (n(n-1)/2 popcounts: about 50 million for 10,000 images, well under a
/// second); beyond some tens of thousands of images a BK-tree would be the next step.
struct DuplicateGrouping {
    /// One group of two or more near-duplicates: the member chosen to keep and the others with
    /// their distance to it.
    struct Group: Equatable {
        var kept: Int
        var dropped: [(index: Int, distance: Int)]

        static func == (a: Group, b: Group) -> Bool {
            a.kept == b.kept && a.dropped.map(\.index) == b.dropped.map(\.index)
                && a.dropped.map(\.distance) == b.dropped.map(\.distance)
        }
    }

    /// The groups, ordered by their first member.
    let groups: [Group]

    /// Groups `hashes`; of each group the member with the highest `rank` is kept (the first one on
    /// a tie).
    init(hashes: [UInt64], threshold: Int, rank: (Int) -> Double) {
        var parent = Array(hashes.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        for i in hashes.indices {
            for j in (i + 1)..<hashes.count where PerceptualHash.distance(hashes[i], hashes[j]) <= threshold {
                let (a, b) = (root(i), root(j))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var members: [Int: [Int]] = [:]
        var order: [Int] = []
        for i in hashes.indices {
            let r = root(i)
            if members[r] == nil { order.append(r) }
            members[r, default: []].append(i)
        }
        groups = order.compactMap { r -> Group? in
            let group = members[r]!
            guard group.count > 1 else { return nil }
            var kept = group[0]
            for candidate in group.dropFirst() where rank(candidate) > rank(kept) { kept = candidate }
            let dropped = group.filter { $0 != kept }.map { ($0, PerceptualHash.distance(hashes[$0], hashes[kept])) }
            return Group(kept: kept, dropped: dropped)
        }
    }
}
