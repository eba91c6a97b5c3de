using System.Collections.Generic;

namespace Connectors.Custom.Testing;

/// <summary>The events of one streamed answer (chat chunks today; named Responses API events next), how many of them a
/// broken stream sends before it breaks, and whether it ends with <c>data: [DONE]</c>.</summary>
internal sealed record EventStream(IReadOnlyList<StreamEvent> Events, int SentBeforeBreak, bool EndsWithDone);
