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

    /// <summary>Gets or sets which chat API requests go to: <c>/chat/completions</c> or <c>/responses</c>. Everything
    /// else (services, registration, resilience, telemetry, cost, budgets, metadata) is the same on both. Each backup
    /// endpoint speaks the API its own options name.</summary>
    /// <value>Default: <see cref="ChatApi.ChatCompletions"/>.</value>
    public ChatApi Api { get; set; }

    /// <summary>
    /// Gets or sets whether the Responses API keeps the conversation on the server: responses are stored
    /// (<c>store: true</c>) and a request continues the latest one this endpoint produced with
    /// <c>previous_response_id</c>, sending only the messages after it. When the server has lost that response
    /// (<c>previous_response_not_found</c> or its equivalent), the request is sent once more with the whole
    /// conversation and the endpoint is used without state from then on. Only for <see cref="ChatApi.Responses"/> on
    /// a server whose profile says it keeps state (<see cref="ResponsesSupport.Stateful"/>).
    /// </summary>
    /// <value>Default: false (every request carries the whole conversation, <c>store: false</c>).</value>
    public bool UseServerState { get; set; }

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

        ValidateApi();
    }

    private void ValidateApi()
    {
        if (!Enum.IsDefined(Api))
        {
            throw new ArgumentException($"{nameof(CustomChatCompletionOptions)}.{nameof(Api)} is {(int)Api}, which is not a {nameof(ChatApi)} value.", nameof(Api));
        }

        var support = Quirks.Responses;
        if (Api == ChatApi.Responses && support == ResponsesSupport.NotSupported)
        {
            throw new ArgumentException($"{nameof(CustomChatCompletionOptions)}.{nameof(Api)} is {nameof(ChatApi.Responses)}, but the provider preset '{Provider}' does not serve /responses. Use {nameof(ChatApi.ChatCompletions)}, or set Quirks.{nameof(CustomQuirkProfile.Responses)} if this server does.", nameof(Api));
        }

        if (UseServerState && (Api != ChatApi.Responses || support != ResponsesSupport.Stateful))
        {
            throw new ArgumentException($"{nameof(CustomChatCompletionOptions)}.{nameof(UseServerState)} needs {nameof(Api)} = {nameof(ChatApi.Responses)} on a server that keeps responses (Quirks.{nameof(CustomQuirkProfile.Responses)} = {nameof(ResponsesSupport.Stateful)}); this endpoint has {nameof(Api)} = {Api} and {support}.", nameof(UseServerState));
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
            Api = Api,
            UseServerState = UseServerState,
        };
        CopyEndpointSettingsTo(copy);
        foreach (var backup in Backups)
        {
            copy.Backups.Add(backup?.Clone()!); // a null entry is kept for Validate to name
        }

        return copy;
    }
}
