import RisaGraph

/// Decides which steps start, in what order, and how the run ends; pure and synchronous.
///
/// The executor feeds it events (`start`, `finished`, `cancel`) and carries out the actions it
/// returns. It never starts a step before all its dependencies finished, nor without the resource
/// tokens the step asks for, and it applies each step's failure policy.
public struct SchedulerStateMachine: Sendable {
    /// What the executor must do next.
    public enum Action: Hashable, Sendable {
        /// Start executing the node.
        case start(String)
        /// Every node is settled: the run ends with this status.
        case finishRun(RunOutcome)
    }

    /// How a run ended.
    public enum RunOutcome: String, Hashable, Sendable {
        case succeeded, failed, cancelled
    }

    /// How a node ended, as the executor reports it.
    public enum Completion: Hashable, Sendable {
        /// It produced its outputs (ran or came from the cache).
        case succeeded
        /// Its condition was false: it did not run and has no outputs.
        case conditionFalse
        /// It failed; its `on_error` policy decides what that means for the run.
        case failed
        /// It stopped because the run was cancelled.
        case cancelled
    }

    /// Where a node stands.
    public enum NodeState: Hashable, Sendable {
        case waiting
        case running
        case succeeded
        /// Did not run, with the reason.
        case skipped(String)
        /// Failed; `tolerated` when its policy is `continue`.
        case failed(tolerated: Bool)
        case cancelled

        /// Whether the node has settled.
        public var isSettled: Bool {
            switch self {
            case .waiting, .running: return false
            default: return true
            }
        }
    }

    /// A node as the scheduler sees it.
    public struct Node: Sendable {
        /// Flat id.
        public var id: String
        /// Every node that must settle first.
        public var dependencies: [String]
        /// The dependencies whose outputs it reads (a skipped or failed one skips it).
        public var dataDependencies: Set<String>
        /// Tokens it needs.
        public var resources: Resources
        /// Whether a failure is tolerated (`on_error: continue`).
        public var toleratesFailure: Bool

        /// Creates a node.
        public init(
            id: String, dependencies: [String], dataDependencies: Set<String>, resources: Resources,
            toleratesFailure: Bool = false
        ) {
            self.id = id
            self.dependencies = dependencies
            self.dataDependencies = dataDependencies
            self.resources = resources
            self.toleratesFailure = toleratesFailure
        }
    }

    /// Resource tokens: job slots (`cpu`), GPUs and memory bytes.
    public struct Resources: Hashable, Sendable {
        /// Job slots (a step's `cpu`, at least 1).
        public var cpu: Int
        /// GPUs.
        public var gpu: Int
        /// Memory in bytes.
        public var memory: Int64

        /// Creates a token count.
        public init(cpu: Int, gpu: Int = 0, memory: Int64 = 0) {
            self.cpu = cpu
            self.gpu = gpu
            self.memory = memory
        }

        func fits(in available: Resources) -> Bool {
            cpu <= available.cpu && gpu <= available.gpu && memory <= available.memory
        }
    }

    private let nodes: [Node]
    private let index: [String: Int]
    private let capacity: Resources
    private let keepGoing: Bool
    private var available: Resources
    private var states: [NodeState]
    private var remainingDependencies: [Int]
    private var dependents: [[Int]]
    private var ready = PositionHeap()
    /// Nodes that ask for more GPUs or memory than exist and have not failed yet: while there may
    /// be any, every ready node is looked at when scheduling, so that they fail as soon as they are
    /// ready.
    private var unsatisfiableWaiting = 0
    private var runningCount = 0
    private var stopping: RunOutcome?
    private var failedHard = false
    private var finished = false

    /// Creates a machine for `nodes` (in execution order) with `capacity` tokens in total.
    /// A node that asks for more `cpu` than the capacity is given all of it; one that asks for more
    /// GPUs or memory than exist fails when it would start (it could never run).
    public init(nodes: [Node], capacity: Resources, keepGoing: Bool) {
        self.nodes = nodes
        self.capacity = capacity
        self.keepGoing = keepGoing
        self.available = capacity
        var index: [String: Int] = [:]
        for (position, node) in nodes.enumerated() { index[node.id] = position }
        self.index = index
        states = Array(repeating: .waiting, count: nodes.count)
        remainingDependencies = Array(repeating: 0, count: nodes.count)
        dependents = Array(repeating: [], count: nodes.count)
        for (position, node) in nodes.enumerated() {
            for dependency in node.dependencies {
                guard let from = index[dependency] else { continue }
                remainingDependencies[position] += 1
                dependents[from].append(position)
            }
            if remainingDependencies[position] == 0 { ready.insert(position) }
        }
        unsatisfiableWaiting = nodes.indices.filter { Self.isUnsatisfiable(nodes[$0], capacity) }.count
    }

    /// The state of node `id`.
    public func state(of id: String) -> NodeState? { index[id].map { states[$0] } }

    /// Every node's state, in execution order.
    public var allStates: [(id: String, state: NodeState)] { nodes.indices.map { (nodes[$0].id, states[$0]) } }

    /// The first actions: start what can start.
    public mutating func start() -> [Action] { schedule() }

    /// Records that `id` ended and returns what to do next.
    public mutating func finished(_ id: String, _ completion: Completion) -> [Action] {
        guard let position = index[id], states[position] == .running else { return [] }
        runningCount -= 1
        release(nodes[position].resources)
        switch completion {
        case .succeeded:
            states[position] = .succeeded
        case .conditionFalse:
            states[position] = .skipped("condition is false")
        case .cancelled:
            states[position] = .cancelled
            stopping = .cancelled
        case .failed:
            let tolerated = nodes[position].toleratesFailure
            states[position] = .failed(tolerated: tolerated)
            if !tolerated {
                failedHard = true
                if !keepGoing, stopping == nil { stopping = .failed }
            }
        }
        settle(position)
        return schedule()
    }

    /// Stops starting nodes; once the running ones end, the run finishes as cancelled.
    public mutating func cancel() -> [Action] {
        stopping = .cancelled
        return schedule()
    }

    /// Marks `position` settled and releases its dependents (skipping those that needed its data).
    private mutating func settle(_ position: Int) {
        var queue = [position]
        while let current = queue.popLast() {
            let producedOutputs = states[current] == .succeeded
            for dependent in dependents[current] where !states[dependent].isSettled {
                if !producedOutputs, nodes[dependent].dataDependencies.contains(nodes[current].id) {
                    states[dependent] = .skipped(Self.skipReason(nodes[current].id, states[current]))
                    queue.append(dependent)
                    continue
                }
                remainingDependencies[dependent] -= 1
                if remainingDependencies[dependent] == 0 { ready.insert(dependent) }
            }
        }
    }

    private static func skipReason(_ upstream: String, _ state: NodeState) -> String {
        switch state {
        case .skipped(let reason) where reason.hasPrefix("upstream step"): return reason
        case .failed: return "upstream step '\(upstream)' failed"
        case .cancelled: return "upstream step '\(upstream)' was cancelled"
        default: return "upstream step '\(upstream)' produced no outputs"
        }
    }

    private static func isUnsatisfiable(_ node: Node, _ capacity: Resources) -> Bool {
        node.resources.gpu > capacity.gpu || node.resources.memory > capacity.memory
    }

    private func demand(_ node: Node) -> Resources {
        Resources(
            cpu: max(1, min(node.resources.cpu, capacity.cpu)), gpu: node.resources.gpu, memory: node.resources.memory)
    }

    private mutating func release(_ resources: Resources) {
        let taken = Resources(
            cpu: max(1, min(resources.cpu, capacity.cpu)), gpu: resources.gpu, memory: resources.memory)
        available.cpu += taken.cpu
        available.gpu += taken.gpu
        available.memory += taken.memory
    }

    private mutating func schedule() -> [Action] {
        guard !finished else { return [] }
        var actions: [Action] = []
        if let stopping {
            for position in ready.removeAll() where !states[position].isSettled {
                states[position] = stopping == .cancelled ? .cancelled : .skipped("the run stopped after a failure")
                settle(position)
            }
            // Nodes that settling made ready never start; they end as "not reached" below.
            _ = ready.removeAll()
        } else {
            var deferred: [Int] = []
            while let position = ready.popMin() {
                if states[position].isSettled { continue }
                let need = demand(nodes[position])
                if need.gpu > capacity.gpu || need.memory > capacity.memory {
                    unsatisfiableWaiting -= 1
                    states[position] = .failed(tolerated: nodes[position].toleratesFailure)
                    if !nodes[position].toleratesFailure {
                        failedHard = true
                        if !keepGoing, stopping == nil { stopping = .failed }
                    }
                    settle(position)
                    continue
                }
                guard need.fits(in: available) else {
                    deferred.append(position)
                    // Every node needs a CPU token: with none left nothing else can start now.
                    if available.cpu == 0, unsatisfiableWaiting == 0 { break }
                    continue
                }
                available.cpu -= need.cpu
                available.gpu -= need.gpu
                available.memory -= need.memory
                states[position] = .running
                runningCount += 1
                actions.append(.start(nodes[position].id))
            }
            for position in deferred { ready.insert(position) }
            if stopping != nil { return actions + schedule() }
        }
        if runningCount == 0 && ready.isEmpty {
            // Nodes still waiting can only be behind a node that never settled: none, when the graph
            // is acyclic. Settle them defensively as skipped.
            for position in states.indices where !states[position].isSettled {
                states[position] = .skipped("not reached")
            }
            finished = true
            let outcome: RunOutcome = stopping == .cancelled ? .cancelled : (failedHard ? .failed : .succeeded)
            actions.append(.finishRun(outcome))
        }
        return actions
    }

    /// Why a node could never start, when it asked for more than exists.
    public func unsatisfiable(_ id: String) -> String? {
        guard let position = index[id] else { return nil }
        let need = demand(nodes[position])
        if need.gpu > capacity.gpu {
            return "needs \(need.gpu) GPU(s); this machine offers \(capacity.gpu) (set RISA_GPUS)"
        }
        if need.memory > capacity.memory {
            return "needs \(need.memory) bytes of memory; \(capacity.memory) are available"
        }
        return nil
    }
}
