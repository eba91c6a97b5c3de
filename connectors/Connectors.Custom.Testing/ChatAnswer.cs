using System.Collections.Generic;

namespace Connectors.Custom.Testing;

/// <summary>Everything needed to write one chat answer in a profile's style.</summary>
internal sealed record ChatAnswer(ResponseIdentity Identity, ChatReply Reply, IReadOnlyList<ResolvedToolCall> Calls, TokenUsage Usage, WireStyle Style, string RequestId);
