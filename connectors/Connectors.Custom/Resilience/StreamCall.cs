using System;

namespace Connectors.Custom;

/// <summary>The call a committed stream belongs to: what its outcome is recorded against.</summary>
/// <param name="Call">The call's shared state (name, start, attempts, total timeout).</param>
/// <param name="Endpoint">The endpoint the stream committed to.</param>
/// <param name="ModelId">The model configured for that endpoint.</param>
/// <param name="Price">The price of that model, if known.</param>
/// <param name="IdleTimeout">How long the stream may stay silent.</param>
/// <param name="Diagnostics">Where the outcome is recorded.</param>
/// <param name="Clock">The call's clock.</param>
internal sealed record StreamCall(CallState Call, string Endpoint, string ModelId, ModelPrice? Price, TimeSpan? IdleTimeout, ConnectorDiagnostics Diagnostics, TimeProvider Clock);
