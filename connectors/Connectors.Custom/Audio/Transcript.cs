using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>What a transcription server answered, in any of its forms.</summary>
/// <param name="Text">The transcript.</param>
/// <param name="Language">The language the server detected or was told, if it said.</param>
/// <param name="Duration">The audio's duration, if the server said (verbose answers, or usage in seconds).</param>
/// <param name="Segments">Timed segments (verbose answers), else empty.</param>
/// <param name="Words">Timed words (verbose answers asked for them), else empty.</param>
/// <param name="Usage">Token usage, from servers that bill transcription by tokens.</param>
internal sealed record Transcript(string Text, string? Language, TimeSpan? Duration, IReadOnlyList<CustomTranscriptSegment> Segments, IReadOnlyList<CustomTranscriptWord> Words, UsageDetails? Usage);
