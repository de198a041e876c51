import Testing

/// Every end-to-end suite, one test at a time.
///
/// Each test runs `risa` processes that keep both cores busy, and the kill test's moments must not
/// drift with the load of its neighbours; run in parallel they also slow down the timing-sensitive
/// unit tests of the other targets, which share this test process.
@Suite(.serialized) enum EndToEnd {}
