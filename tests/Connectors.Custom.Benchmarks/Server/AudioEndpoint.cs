using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Benchmarks.Server;

/// <summary>
/// The audio endpoints the <c>audio</c> command measures: transcription drains the upload (read and dropped, as a
/// real server would stream it to its decoder) and answers a short transcript; speech writes
/// <see cref="SpeechBytes"/> of audio in 64 KB chunks, each flushed, as a streaming TTS server does.
/// </summary>
internal static class AudioEndpoint
{
    /// <summary>The size of every speech answer: 10 MB.</summary>
    public const int SpeechBytes = 10 * 1024 * 1024;

    private const int ChunkBytes = 64 * 1024;
    private static readonly byte[] s_chunk = Enumerable.Range(0, ChunkBytes).Select(i => (byte)(i * 31)).ToArray();
    private static readonly byte[] s_transcript = """{"text":"benchmark transcript","usage":{"type":"duration","seconds":60}}"""u8.ToArray();

    public static async Task TranscribeAsync(HttpContext context)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = s_transcript.Length;
        await context.Response.Body.WriteAsync(s_transcript, context.RequestAborted);
    }

    public static async Task SpeakAsync(HttpContext context)
    {
        context.Response.ContentType = "audio/mpeg";
        context.Response.ContentLength = SpeechBytes;
        for (var sent = 0; sent < SpeechBytes; sent += ChunkBytes)
        {
            await context.Response.Body.WriteAsync(s_chunk, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }
}
