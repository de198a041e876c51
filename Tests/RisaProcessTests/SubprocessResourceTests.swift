import Testing

@testable import RisaProcess

extension SubprocessSuite {
    @Suite("Descriptors and threads are released")
    struct ResourceTests {
        @Test("500 runs leave the open descriptor and thread counts where they were")
        func noLeaksOverManyRuns() async throws {
            // One run to let lazily created runtime resources (the cooperative pool's threads,
            // the dynamic loader's handles) exist before the baseline is taken.
            _ = try await shell("echo warm-up").run { _ in }
            let descriptorsBefore = try procSelfEntryCount("fd")
            let threadsBefore = try procSelfEntryCount("task")

            for index in 0..<500 {
                let result = try await shell("echo \(index); echo \(index) >&2").run { _ in }
                try #require(result.succeeded)
            }
            // Failures after the pipes were made (the spawn itself fails) must release them too.
            for _ in 0..<50 {
                await #expect(throws: SubprocessError.self) {
                    try await Subprocess(executable: "/nonexistent").run { _ in }
                }
            }

            // Other suites run in this process at the same time and open files of their own, so the
            // count may move a little; a leak of even one descriptor per run would add hundreds.
            #expect(try procSelfEntryCount("fd") <= descriptorsBefore + leeway)
            // The runner's threads end just after they resume the awaiting task: give them a moment.
            let deadline = ContinuousClock.now + .seconds(2)
            while try procSelfEntryCount("task") > threadsBefore + leeway, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try procSelfEntryCount("task") <= threadsBefore + leeway)
        }

        /// Descriptors and threads other tests of the same process may hold at a given moment.
        private let leeway = 40

        @Test("a spawn failure inside posix_spawn releases its pipes")
        func spawnFailureReleasesPipes() async throws {
            try await withTemporaryDirectory { directory in
                let script = try writeScript("#!/nonexistent/interpreter\n", named: "tool", in: directory)
                let before = try procSelfEntryCount("fd")
                for _ in 0..<50 {
                    await #expect(throws: SubprocessError.self) {
                        try await Subprocess(executable: script).run { _ in }
                    }
                }
                #expect(try procSelfEntryCount("fd") <= before + leeway)
            }
        }
    }
}
