using System;

namespace Connectors.Custom;

/// <summary>One timed segment of a verbose transcription.</summary>
/// <param name="Id">The segment's number, from 0.</param>
/// <param name="Start">Where it starts in the audio.</param>
/// <param name="End">Where it ends in the audio.</param>
/// <param name="Text">What was said.</param>
public sealed record CustomTranscriptSegment(int Id, TimeSpan Start, TimeSpan End, string Text);

/// <summary>One timed word of a verbose transcription asked for word timestamps.</summary>
/// <param name="Word">The word.</param>
/// <param name="Start">Where it starts in the audio.</param>
/// <param name="End">Where it ends in the audio.</param>
public sealed record CustomTranscriptWord(string Word, TimeSpan Start, TimeSpan End);
