using System.Collections.Generic;

namespace Connectors.Custom.Testing;

/// <summary>The events of one streamed answer, how many of them a broken stream sends before it breaks, and whether
/// it ends with <c>[DONE]</c>.</summary>
internal sealed record ChatStream(IReadOnlyList<StreamEvent> Events, int SentBeforeBreak, bool EndsWithDone);
