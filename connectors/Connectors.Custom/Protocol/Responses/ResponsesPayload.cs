using System.Collections.Generic;

namespace Connectors.Custom;

/// <summary>One item of a response's <c>output</c> (or of a stream's <c>response.output_item.*</c> event), reduced to
/// what the connector uses.</summary>
internal sealed class ResponsesOutputItem
{
    /// <summary>Gets or sets <c>type</c>: <c>message</c>, <c>function_call</c>, <c>reasoning</c>, or another kind
    /// the connector ignores.</summary>
    public string? Type { get; set; }

    public string? Id { get; set; }

    public string? CallId { get; set; }

    public string? Name { get; set; }

    /// <summary>Gets or sets the argument text: the string's value, or the raw JSON when a server sent an object.</summary>
    public string? Arguments { get; set; }

    /// <summary>Gets or sets the <c>output_text</c> parts of a message, joined.</summary>
    public string? Text { get; set; }

    /// <summary>Gets or sets the <c>refusal</c> parts of a message, joined.</summary>
    public string? Refusal { get; set; }

    /// <summary>Gets or sets a reasoning item's summary and reasoning text, joined.</summary>
    public string? Reasoning { get; set; }

    /// <summary>Gets or sets a reasoning item's <c>encrypted_content</c>, kept for replay in a tool loop.</summary>
    public string? EncryptedContent { get; set; }

    public bool IsFunctionCall => Type == "function_call";

    public bool IsReasoning => Type == "reasoning";
}

/// <summary>A parsed Responses API <c>response</c> object.</summary>
internal sealed class ResponsesPayload
{
    public string? Id { get; set; }

    public string? Model { get; set; }

    public long? CreatedAt { get; set; }

    /// <summary>Gets whether the id, model and creation time are all known: all a stream reads of <c>response.created</c>.</summary>
    public bool IsIdentified => Id is not null && Model is not null && CreatedAt is not null;

    /// <summary>Gets or sets <c>status</c>: <c>completed</c>, <c>incomplete</c>, <c>failed</c>, <c>in_progress</c>, ….</summary>
    public string? Status { get; set; }

    /// <summary>Gets or sets whether the body carried a non-null <c>error</c>.</summary>
    public bool HasError { get; set; }

    /// <summary>Gets or sets whether the body had the marks of an error body rather than a response (a top-level
    /// <c>detail</c> or <c>message</c>, or <c>"object":"error"</c>) and no <c>output</c>.</summary>
    public bool HasErrorHints { get; set; }

    public bool HasOutput { get; set; }

    /// <summary>Gets or sets <c>incomplete_details.reason</c> (<c>max_output_tokens</c>, <c>content_filter</c>).</summary>
    public string? IncompleteReason { get; set; }

    public List<ResponsesOutputItem> Output { get; } = [];

    public UsagePayload? Usage { get; set; }

    /// <summary>Gets whether the body reports a failure rather than an answer.</summary>
    public bool IsError => HasError || Status == "failed" || (!HasOutput && HasErrorHints);

    /// <summary>Gets the chat finish reason the status stands for: an incomplete response stopped at its token limit
    /// (or a content filter), a completed one stopped.</summary>
    public string? FinishReason => Status switch
    {
        "completed" => FinishReasons.Stop,
        "incomplete" => IncompleteReason == "content_filter" ? FinishReasons.ContentFilter : FinishReasons.Length,
        _ => null,
    };
}
