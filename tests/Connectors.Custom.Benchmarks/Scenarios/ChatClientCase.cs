using Connectors.Custom.Benchmarks.Harness;

namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>One client bound to one scenario: a call that hands every delta (or the whole answer) to a sink.</summary>
internal sealed record ChatClientCase(string Client, Func<ChatSink, CancellationToken, Task> Call);
