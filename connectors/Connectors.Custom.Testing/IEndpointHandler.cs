namespace Connectors.Custom.Testing;

/// <summary>One endpoint of <see cref="LocalOpenAIServer"/>: the requests it serves and how it reads them. The
/// request pipeline (<see cref="RequestPipeline"/>) does everything else (capture, routing, recording, statistics,
/// faults), so a new endpoint is one new implementation added to the server's list.</summary>
/// <remarks>
/// <para>Implementations are stateless apart from the server's settings and are called concurrently.</para>
/// <para>Adding an endpoint (the Responses API, audio, images, rerank): one implementation in its own file, listed in
/// <see cref="LocalOpenAIServer"/>'s handlers; a <see cref="ServedAs"/> member if it needs its own statistic (the
/// statistics switch does not compile until it is counted). The request arrives as bytes (multipart and audio read
/// <see cref="RecordedRequest.Content"/>); the answer goes out through <see cref="AnswerContext"/> as JSON, any other
/// body, or server-sent events with optional <c>event:</c> names, and every fault applies to each of them.</para>
/// </remarks>
internal interface IEndpointHandler
{
    /// <summary>Gets the HTTP method served, for example <c>POST</c>.</summary>
    string Method { get; }

    /// <summary>Gets the path served, for example <c>/v1/chat/completions</c> (matched ignoring case and a trailing slash).</summary>
    string Path { get; }

    /// <summary>Reads a captured request: the call to answer, or why the request is invalid (answered with 400 in the
    /// wire profile's error shape, never faulted). Must not write to the response.</summary>
    /// <param name="request">The request as it arrived (<see cref="RecordedRequest.Content"/> for raw bytes,
    /// <see cref="RecordedRequest.Body"/> for text).</param>
    /// <returns>The outcome.</returns>
    EndpointRead Read(RecordedRequest request);
}
