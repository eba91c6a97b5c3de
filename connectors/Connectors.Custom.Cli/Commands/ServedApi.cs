namespace Connectors.Custom.Cli.Commands;

/// <summary>Which chat API <c>serve --api</c> is for. The server answers both paths either way; the choice says which
/// one the printed usage shows and requires a wire profile that serves it.</summary>
internal enum ServedApi
{
    /// <summary><c>/v1/chat/completions</c> (the default).</summary>
    Chat = 0,

    /// <summary><c>/v1/responses</c>, the Responses API, in the profile's state behaviour.</summary>
    Responses = 1,
}
