import ArgumentParser
import Foundation
import RisaCore
import RisaModel
import RisaState
import RisaStore

/// `risa cache stats|gc|verify`: the content store's size, clean-up and integrity.
struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "Inspect, clean and verify the content store.",
        subcommands: [Stats.self, GC.self, Verify.self])

    static func project() throws -> ProjectState {
        try ProjectState.open(
            root: ProjectRoot.find(startingAt: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)))
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats", abstract: "Blobs, trees, actions and bytes in the store.")

        func run() async throws {
            let stats = try CacheCommand.project().store.stats()
            print(
                """
                blobs: \(stats.blobCount) (\(ByteSize.format(stats.blobBytes)))
                trees: \(stats.treeCount)
                item sets: \(stats.itemSetCount)
                actions: \(stats.actionCount)
                temporary entries: \(stats.temporaryEntries)
                """)
        }
    }

    struct GC: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gc",
            abstract: "Delete what no kept run references (outputs of the last runs are kept).")

        @Option(help: "Keep everything the last N runs reference.")
        var keepRuns = 10

        @Option(help: "Then delete the oldest unreferenced entries until the store is at most this size (e.g. 20G).")
        var maxSize: String?

        func run() async throws {
            let project = try CacheCommand.project()
            var limit: Int64?
            if let maxSize {
                guard let bytes = ByteSize.parse(maxSize) else {
                    throw CommandFailure.invalid("--max-size: expected a size such as 20G, got '\(maxSize)'")
                }
                limit = bytes
            }
            let referenced = try await project.records.referencedDigests(lastRuns: keepRuns)
            let report = try project.store.gc(
                roots: referenced.outputs.union(referenced.actionKeys).union(referenced.itemInputs), maxSize: limit)
            print(
                """
                deleted blobs: \(report.deletedBlobs) (\(ByteSize.format(report.freedBytes)) freed)
                kept blobs: \(report.keptBlobs) (\(ByteSize.format(report.keptBytes)))
                evicted actions: \(report.evictedActions)
                removed temporary entries: \(report.removedTemporaryEntries)
                """)
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Re-hash every blob; corrupt ones are moved to quarantine and listed.")

        func run() async throws {
            let corrupt = try CacheCommand.project().store.verify()
            if corrupt.isEmpty {
                print("store verified: no corrupt blobs")
                return
            }
            for blob in corrupt {
                print(
                    "corrupt: \(blob.expected?.description ?? "unnamed blob") holds \(blob.actual); moved to \(blob.quarantinedAt.path)"
                )
            }
            throw ExitCode(ExitStatus.failed)
        }
    }
}
