import RisaCore
import RisaSteps
import RisaStore

/// What one input item of a per-item step gave, as stored: its output items (none, one or many)
/// and, for a filter, why it was rejected. Kept in the node's batch table under the item's key.
struct ItemResult: Sendable {
    /// The stored output items.
    var items: [Item]
    /// The rejection reason, or nil.
    var rejection: String?

    /// The form kept in the batch table: `{"items": [...], "rejected": reason}`.
    var record: Value {
        var map: [String: Value] = [
            "items": .list(
                items.map {
                    .map([
                        "name": .string($0.name), "digest": .string($0.digest.description), "size": .int(Int($0.size)),
                        "metadata": .map($0.metadata),
                    ])
                })
        ]
        if let rejection { map["rejected"] = .string(rejection) }
        return .map(map)
    }

    init(items: [Item], rejection: String?) {
        self.items = items
        self.rejection = rejection
    }

    /// Reads the form kept in the batch table; nil when it does not parse.
    init?(record: Value) {
        guard case .list(let list) = record["items"] ?? .null else { return nil }
        var items: [Item] = []
        items.reserveCapacity(list.count)
        for entry in list {
            guard let name = entry["name"]?.stringValue, let digestText = entry["digest"]?.stringValue,
                let digest = Digest(digestText), let size = entry["size"]?.intValue
            else { return nil }
            items.append(
                Item(name: name, digest: digest, size: Int64(size), metadata: entry["metadata"]?.mapValue ?? [:]))
        }
        self.items = items
        self.rejection = record["rejected"]?.stringValue
    }

    /// Whether every output item's blob is still stored with its recorded size.
    func isStored(in store: any ContentStore) throws -> Bool {
        for item in items where try store.storedSize(ofBlob: item.digest) != item.size { return false }
        return true
    }

    /// The run record rows of the item: one, named after the input (a rejected item is `skipped`
    /// with its reason); or, when it gave several items, one per output item named
    /// `input => output`, so that each output can be traced to its input (`risa lineage`).
    func records(for input: InputItem, status: String) -> [BatchRunner.Counts.Record] {
        if let rejection { return [(input.name, "skipped", input.digest, nil, rejection)] }
        guard items.count > 1 else { return [(input.name, status, input.digest, items.first?.digest, nil)] }
        return items.map { ("\(input.name) => \($0.name)", status, input.digest, $0.digest, nil) }
    }
}
