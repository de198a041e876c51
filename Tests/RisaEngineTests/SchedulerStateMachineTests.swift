import RisaEngine
import Testing

@Suite struct SchedulerStateMachineTests {
    typealias Machine = SchedulerStateMachine

    private func node(
        _ id: String, _ dependencies: [String] = [], data: [String]? = nil, cpu: Int = 1, gpu: Int = 0,
        tolerates: Bool = false
    ) -> Machine.Node {
        Machine.Node(
            id: id, dependencies: dependencies, dataDependencies: Set(data ?? dependencies),
            resources: .init(cpu: cpu, gpu: gpu), toleratesFailure: tolerates)
    }

    private func started(_ actions: [Machine.Action]) -> [String] {
        actions.compactMap { if case .start(let id) = $0 { return id } else { return nil } }
    }

    @Test func startsIndependentStepsUpToTheJobLimit() {
        var machine = Machine(
            nodes: [node("a"), node("b"), node("c"), node("d", ["a"])], capacity: .init(cpu: 2), keepGoing: false)
        #expect(started(machine.start()) == ["a", "b"])
        #expect(started(machine.finished("b", .succeeded)) == ["c"])
        #expect(started(machine.finished("a", .succeeded)) == ["d"])
        #expect(machine.finished("c", .succeeded).isEmpty)
        #expect(machine.finished("d", .succeeded) == [.finishRun(.succeeded)])
    }

    @Test func neverStartsWithoutTokens() {
        var machine = Machine(
            nodes: [node("big", cpu: 2), node("small"), node("gpu1", gpu: 1), node("gpu2", gpu: 1)],
            capacity: .init(cpu: 2, gpu: 1), keepGoing: false)
        #expect(started(machine.start()) == ["big"])
        #expect(started(machine.finished("big", .succeeded)) == ["small", "gpu1"])
        #expect(started(machine.finished("small", .succeeded)).isEmpty)
        #expect(started(machine.finished("gpu1", .succeeded)) == ["gpu2"])
    }

    @Test func clampsCpuRequestsToTheCapacity() {
        var machine = Machine(nodes: [node("huge", cpu: 64)], capacity: .init(cpu: 2), keepGoing: false)
        #expect(started(machine.start()) == ["huge"])
    }

    @Test func failsStepsThatCanNeverGetTheirTokens() {
        var machine = Machine(
            nodes: [node("train", gpu: 1), node("other")], capacity: .init(cpu: 2, gpu: 0), keepGoing: true)
        #expect(started(machine.start()) == ["other"])
        #expect(machine.state(of: "train") == .failed(tolerated: false))
        #expect(machine.unsatisfiable("train")?.contains("GPU") == true)
        #expect(machine.finished("other", .succeeded) == [.finishRun(.failed)])
    }

    @Test func aFailureStopsNewStartsUnlessKeepGoing() {
        var machine = Machine(
            nodes: [node("a"), node("b"), node("c"), node("d", ["b"])], capacity: .init(cpu: 2), keepGoing: false)
        #expect(started(machine.start()) == ["a", "b"])
        #expect(started(machine.finished("a", .failed)).isEmpty)
        #expect(machine.finished("b", .succeeded) == [.finishRun(.failed)])
        #expect(machine.state(of: "c") == .skipped("the run stopped after a failure"))
        #expect(machine.state(of: "d") == .skipped("the run stopped after a failure"))
    }

    @Test func keepGoingRunsWhatDoesNotDependOnTheFailure() {
        var machine = Machine(
            nodes: [node("a"), node("b", ["a"]), node("c", ["b"]), node("d")], capacity: .init(cpu: 1), keepGoing: true)
        #expect(started(machine.start()) == ["a"])
        #expect(started(machine.finished("a", .failed)) == ["d"])
        #expect(machine.state(of: "b") == .skipped("upstream step 'a' failed"))
        #expect(machine.state(of: "c") == .skipped("upstream step 'a' failed"))
        #expect(machine.finished("d", .succeeded) == [.finishRun(.failed)])
    }

    @Test func toleratedFailuresLetOrderingOnlyDependentsRun() {
        var machine = Machine(
            nodes: [node("a", tolerates: true), node("reads", ["a"]), node("after", ["a"], data: [])],
            capacity: .init(cpu: 2), keepGoing: false)
        #expect(started(machine.start()) == ["a"])
        #expect(started(machine.finished("a", .failed)) == ["after"])
        #expect(machine.state(of: "reads") == .skipped("upstream step 'a' failed"))
        #expect(machine.finished("after", .succeeded) == [.finishRun(.succeeded)])
    }

    @Test func falseConditionsSkipDataDependents() {
        var machine = Machine(
            nodes: [node("maybe"), node("reads", ["maybe"]), node("after", ["maybe"], data: [])],
            capacity: .init(cpu: 4), keepGoing: false)
        _ = machine.start()
        #expect(started(machine.finished("maybe", .conditionFalse)) == ["after"])
        #expect(machine.state(of: "reads") == .skipped("upstream step 'maybe' produced no outputs"))
    }

    @Test func cancelStopsStartingAndFinishesCancelledAfterRunningSteps() {
        var machine = Machine(
            nodes: [node("a"), node("b"), node("c", ["a"])], capacity: .init(cpu: 1), keepGoing: false)
        #expect(started(machine.start()) == ["a"])
        #expect(machine.cancel().isEmpty)
        #expect(machine.state(of: "b") == .cancelled)
        #expect(machine.finished("a", .succeeded) == [.finishRun(.cancelled)])
        #expect(machine.state(of: "c") == .cancelled)
    }

    @Test func emptyGraphsFinishAtOnce() {
        var machine = Machine(nodes: [], capacity: .init(cpu: 1), keepGoing: false)
        #expect(machine.start() == [.finishRun(.succeeded)])
    }

    @Test func manyReadyStepsStartInExecutionOrderAsTokensFree() {
        let ids = (0..<50).map { "s\($0)" }
        var machine = Machine(nodes: ids.map { node($0) }, capacity: .init(cpu: 2), keepGoing: false)
        var order = started(machine.start())
        var running = order
        while let id = running.first {
            running.removeFirst()
            let next = started(machine.finished(id, .succeeded))
            order += next
            running += next
        }
        #expect(order == ids)
    }

    @Test func aStepThatCanNeverRunFailsAsSoonAsItIsReadyEvenWithEveryTokenTaken() {
        var machine = Machine(
            nodes: [node("a"), node("b"), node("c"), node("train", ["a"], gpu: 1)], capacity: .init(cpu: 2, gpu: 0),
            keepGoing: true)
        #expect(started(machine.start()) == ["a", "b"])
        // "a" ends: "train" is ready but can never get a GPU; it fails at once, and "c" takes the slot.
        #expect(started(machine.finished("a", .succeeded)) == ["c"])
        #expect(machine.state(of: "train") == .failed(tolerated: false))
    }

    @Test func tenThousandNodesScheduleQuickly() {
        var nodes: [Machine.Node] = []
        for index in 0..<10_000 { nodes.append(node("n\(index)", index % 10 == 0 ? [] : ["n\(index - 1)"])) }
        var machine = Machine(nodes: nodes, capacity: .init(cpu: 2), keepGoing: false)
        var running = started(machine.start())
        var finished = 0
        var done = false
        while let id = running.first {
            running.removeFirst()
            finished += 1
            for action in machine.finished(id, .succeeded) {
                switch action {
                case .start(let next): running.append(next)
                case .finishRun(let outcome):
                    #expect(outcome == .succeeded)
                    done = true
                }
            }
        }
        #expect(finished == 10_000)
        #expect(done)
    }
}

@Suite struct SchedulerCancellationTests {
    @Test func aCancelledStepEndsTheRunAsCancelled() {
        var machine = SchedulerStateMachine(
            nodes: [
                .init(id: "a", dependencies: [], dataDependencies: [], resources: .init(cpu: 1)),
                .init(id: "b", dependencies: ["a"], dataDependencies: [], resources: .init(cpu: 1)),
            ],
            capacity: .init(cpu: 1), keepGoing: true)
        _ = machine.start()
        #expect(machine.finished("a", .cancelled) == [.finishRun(.cancelled)])
        #expect(machine.state(of: "b") == .cancelled)
    }
}
