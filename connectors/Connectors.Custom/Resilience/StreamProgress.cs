using System;

namespace Connectors.Custom;

/// <summary>How far a stream got before it failed: what a failure log line reports beside the error.</summary>
/// <param name="Updates">The updates handed to the caller.</param>
/// <param name="Elapsed">The time from the start of the call.</param>
internal readonly record struct StreamProgress(int Updates, TimeSpan Elapsed);
