using System;
using System.Collections.Generic;
namespace Connectors.Custom;

/// <summary>
/// Settings of a chat completion connector for one OpenAI-compatible endpoint.
/// </summary>
public sealed class CustomChatCompletionOptions : CustomEndpointOptions
{
    /// <summary>
    /// Gets or sets whether streaming requests ask for token usage with <c>stream_options.include_usage</c>.
    /// Turn it off for servers that reject <c>stream_options</c>.
    /// </summary>
    /// <value>Default: true.</value>
    public bool IncludeUsageInStream { get; set; } = true;

    /// <summary>Gets or sets which messages may carry the <c>name</c> field.</summary>
    /// <value>Default: <see cref="AuthorNamePolicy.UserMessagesOnly"/>.</value>
    public AuthorNamePolicy AuthorNames { get; set; } = AuthorNamePolicy.UserMessagesOnly;

    /// <summary>
    /// Gets or sets the most model round trips one Semantic Kernel call may make while it auto-invokes functions.
    /// </summary>
    /// <value>Default: 40.</value>
    public int MaximumAutoInvokeRounds { get; set; } = 40;

    /// <summary>
    /// Gets or sets whether function calls the model asks for in one turn may run concurrently.
    /// </summary>
    /// <value>Default: false (calls run one after another, in the order the model sent them).</value>
    public bool AllowConcurrentFunctionInvocation { get; set; }

    /// <summary>
    /// Gets or sets the most tools one request offers the model; null offers all. Small local models stop calling
    /// tools when offered dozens (a large MCP server), so the connector then chooses: the function the tool mode
    /// requires, functions already called since the last user message, functions the last user message names, then
    /// the rest in the order they were given (SK's function filter order).
    /// </summary>
    /// <value>Default: null (no cap).</value>
    public int? MaxToolsPerRequest { get; set; }

    /// <summary>
    /// Gets the backup endpoints, each with its own address, model, key, headers, limits and circuit breaker. A call
    /// moves to the next one when an endpoint fails in a way another might not (see <see cref="CustomResilienceOptions"/>);
    /// with a load-balancing strategy they share the traffic. Total timeout, load balancing and hedging are taken
    /// from this (the primary's) <see cref="CustomEndpointOptions.Resilience"/>; backups cannot have backups.
    /// </summary>
    public IList<CustomChatCompletionOptions> Backups { get; } = new List<CustomChatCompletionOptions>();

    /// <inheritdoc />
    internal override IEnumerable<CustomEndpointOptions> GetBackupEndpoints() => Backups;

    /// <summary>Returns the copy a service uses: the presets applied (see <see cref="CustomEndpointOptions.Provider"/>)
    /// and validated. Registration and the public constructors call this, never a property setter.</summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    internal CustomChatCompletionOptions Resolve() => Resolved(Clone());

    /// <inheritdoc />
    private protected override CustomEndpointOptions CopyOptions() => Clone();

    /// <inheritdoc />
    private protected override void ValidateSettings()
    {
        base.ValidateSettings();
        if (MaximumAutoInvokeRounds < 1)
        {
            throw new ArgumentException($"{nameof(CustomChatCompletionOptions)}.{nameof(MaximumAutoInvokeRounds)} must be at least 1; got {MaximumAutoInvokeRounds}.", nameof(MaximumAutoInvokeRounds));
        }

        if (MaxToolsPerRequest < 1)
        {
            throw new ArgumentException($"{nameof(CustomChatCompletionOptions)}.{nameof(MaxToolsPerRequest)} must be at least 1 when set; got {MaxToolsPerRequest}.", nameof(MaxToolsPerRequest));
        }
    }

    /// <summary>Creates a copy so that later changes to this instance do not affect a service built from it.</summary>
    /// <returns>A shallow copy with its own <see cref="CustomEndpointOptions.Headers"/> dictionary.</returns>
    public CustomChatCompletionOptions Clone()
    {
        var copy = new CustomChatCompletionOptions
        {
            IncludeUsageInStream = IncludeUsageInStream,
            AuthorNames = AuthorNames,
            MaximumAutoInvokeRounds = MaximumAutoInvokeRounds,
            AllowConcurrentFunctionInvocation = AllowConcurrentFunctionInvocation,
            MaxToolsPerRequest = MaxToolsPerRequest,
        };
        CopyEndpointSettingsTo(copy);
        foreach (var backup in Backups)
        {
            copy.Backups.Add(backup?.Clone()!); // a null entry is kept for Validate to name
        }

        return copy;
    }
}
