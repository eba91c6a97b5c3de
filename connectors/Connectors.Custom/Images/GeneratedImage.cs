using System;

namespace Connectors.Custom;

/// <summary>One image as the server returned it: bytes or a link, and the prompt the model actually used if it said.</summary>
internal sealed record GeneratedImage(byte[]? Data, Uri? Url, string? RevisedPrompt);
