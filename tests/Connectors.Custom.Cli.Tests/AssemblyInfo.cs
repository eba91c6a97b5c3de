// The CLI points Spectre's static console at the test's output for the length of a run, and the tests clear the
// CUSTOM_* environment variables: both are process-wide, so runs must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
