/// Alias chains and implication closures of a mapping set, resolved once at compile time with
/// loops refused (and shown).
enum TagGraph {
    /// Each alias key's final target, following chains (`a -> b`, `b -> c` gives `a -> c`).
    /// - Parameter aliases: old name -> new name, in the mapping's key order.
    /// - Throws: `TagsError` (`loop`) showing the loop, e.g. `aliases.a: loop a -> b -> c -> a`.
    static func resolveAliases(_ aliases: [(String, String)], source: String) throws -> [String: String] {
        let direct = Dictionary(aliases, uniquingKeysWith: { _, last in last })
        var resolved: [String: String] = [:]
        for (start, _) in aliases where resolved[start] == nil {
            var chain = [start]
            var seen: Set<String> = [start]
            var current = start
            while let next = direct[current] {
                if let known = resolved[next] {
                    current = known
                    break
                }
                chain.append(next)
                guard seen.insert(next).inserted else {
                    let loopStart = chain.firstIndex(of: next)!
                    let loop = chain[loopStart...].joined(separator: " -> ")
                    throw TagsError(.loop, "\(source): aliases.\(start): loop \(loop)")
                }
                current = next
            }
            for name in chain where direct[name] != nil && resolved[name] == nil {
                resolved[name] = current
            }
        }
        return resolved
    }

    /// Each child's ancestors (parents, their parents, ...) in depth-first declaration order.
    /// - Parameter implications: child -> parents, already resolved through aliases.
    /// - Throws: `TagsError` (`loop`) showing the loop, e.g. `implications.a: loop a -> b -> a`.
    static func closeImplications(_ implications: [(String, [String])], source: String) throws -> [String: [String]] {
        var parents: [String: [String]] = [:]
        var order: [String] = []
        for (child, list) in implications {
            if parents[child] == nil { order.append(child) }
            parents[child, default: []] += list.filter { !(parents[child]?.contains($0) ?? false) }
        }
        var closure: [String: [String]] = [:]
        var visiting: [String] = []

        func ancestors(of name: String) throws -> [String] {
            if let done = closure[name] { return done }
            if let index = visiting.firstIndex(of: name) {
                let loop = (visiting[index...] + [name]).joined(separator: " -> ")
                throw TagsError(.loop, "\(source): implications.\(visiting[index]): loop \(loop)")
            }
            visiting.append(name)
            var result: [String] = []
            var seen = Set<String>()
            for parent in parents[name] ?? [] {
                for ancestor in [parent] + (try ancestors(of: parent)) where ancestor != name {
                    if seen.insert(ancestor).inserted { result.append(ancestor) }
                }
            }
            visiting.removeLast()
            closure[name] = result
            return result
        }

        for child in order { _ = try ancestors(of: child) }
        return closure.filter { !$0.value.isEmpty }
    }
}
