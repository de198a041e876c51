internal import CAV
import Synchronization

/// Where libav* log lines go. By default they are dropped, so tests and the CLI are not spammed.
///
/// ```swift
/// VideoLogging.route(level: .warning) { level, line in print("libav:", line, terminator: "") }
/// VideoLogging.silence()
/// ```
public enum VideoLogging {
    /// The severity of a libav* log line, most severe first.
    public enum Level: Sendable, Hashable, Comparable {
        /// Errors only.
        case error
        /// Errors and warnings.
        case warning
        /// Also informational lines.
        case info
        /// Everything, including debug output.
        case debug

        var avLevel: Int32 {
            switch self {
            case .error: risa_av_log_error()
            case .warning: risa_av_log_warning()
            case .info: risa_av_log_info()
            case .debug: risa_av_log_debug()
            }
        }
    }

    /// Receives one formatted log line (with its trailing newline, if libav* wrote one).
    public typealias Handler = @Sendable (Level, String) -> Void

    private static let handler = Mutex<Handler?>(nil)

    /// Installs the log callback once per process; every libav* entry point of the video layer calls this.
    static let installed: Void = {
        av_log_set_level(risa_av_log_quiet())
        risa_install_log_sink { level, line in
            guard let line else { return }
            let current = VideoLogging.handler.withLock { $0 }
            guard let current else { return }
            let mapped: Level =
                level <= risa_av_log_error()
                ? .error
                : level <= risa_av_log_warning() ? .warning : level <= risa_av_log_info() ? .info : .debug
            current(mapped, String(cString: line))
        }
    }()

    /// Sends libav* log lines at `level` or more severe to `handler`, from whatever thread logs them.
    /// - Parameters:
    ///   - level: the least severe level delivered.
    ///   - handler: called for each line; must be thread-safe.
    public static func route(level: Level, to handler: @escaping Handler) {
        _ = installed
        self.handler.withLock { $0 = handler }
        av_log_set_level(level.avLevel)
    }

    /// Drops all libav* log lines (the default).
    public static func silence() {
        _ = installed
        handler.withLock { $0 = nil }
        av_log_set_level(risa_av_log_quiet())
    }
}
