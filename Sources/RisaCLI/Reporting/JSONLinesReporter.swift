import Foundation
import RisaCore
import RisaEngine
import Synchronization

/// `--json`: one JSON object per line on stdout for every event; the last line is the run summary.
final class JSONLinesReporter: RunReporter {
    private let lock = Mutex(())

    func report(_ event: EngineEvent) {
        let line = CanonicalJSON.string(event.json) + "\n"
        lock.withLock { _ in FileHandle.standardOutput.write(Data(line.utf8)) }
    }
}
