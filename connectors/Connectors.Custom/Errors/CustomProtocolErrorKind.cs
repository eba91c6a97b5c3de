namespace Connectors.Custom;

/// <summary>What was wrong with a response that could not be read as the OpenAI protocol.</summary>
public enum CustomProtocolErrorKind
{
    /// <summary>The body or a streamed event was not valid JSON, or was cut off in the middle.</summary>
    MalformedJson = 0,

    /// <summary>The body or a single streamed event was larger than the configured limit.</summary>
    ResponseTooLarge = 1,

    /// <summary>The stream ended before the server said the answer was complete (no finish reason and no <c>[DONE]</c>).</summary>
    StreamTruncated = 2,

    /// <summary>The JSON was valid but did not have the shape of a chat completion (for example no choices at all).</summary>
    UnexpectedShape = 3,

    /// <summary>A stream went on past its configured total size (<see cref="CustomEndpointOptions.MaxStreamBytes"/>),
    /// for example a server sending deltas forever.</summary>
    StreamTooLarge = 4,
}
