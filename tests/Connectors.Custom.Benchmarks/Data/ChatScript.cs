using System.Text;

namespace Connectors.Custom.Benchmarks.Data;

/// <summary>
/// What the chat benchmarks' server says and what every client must hand back: the answer of the non-streaming
/// call, the 200 content deltas of a stream, and the ~120 argument fragments of a streamed tool call. Built from a
/// fixed seed in both processes (server and harness), so the harness can check each client against the server's
/// words without asking the server.
/// </summary>
internal static class ChatScript
{
    /// <summary>Content deltas in a streamed answer.</summary>
    public const int StreamDeltas = 200;

    /// <summary>Argument fragments in a streamed tool call (after the delta that names the call).</summary>
    public const int ToolArgumentFragments = 120;

    /// <summary>The tool the model calls, named as Semantic Kernel names a plugin function on the wire
    /// (<c>Plugin-Function</c>), so SK-facing clients can declare it as a kernel function.</summary>
    public const string ToolPlugin = "Weather";

    public const string ToolFunction = "GetForecast";

    public const string ToolName = ToolPlugin + "-" + ToolFunction;

    public const string ToolCallId = "call_Xk4bR9tQ2mVz7LpN1sWc8dHe";

    public const string SystemPrompt = "You are a concise assistant for a customer support team. Answer in plain English.";

    public const string UserPrompt = "Summarise what went wrong with the billing service last week and what we should check first.";

    public const string ToolUserPrompt = "What will the weather be like in Lisbon over the next five days? I need humidity and wind too.";

    /// <summary>The JSON schema of the tool's parameters, as the client declares it.</summary>
    public const string ToolParametersSchema =
        """{"type":"object","properties":{"location":{"type":"string","description":"City and country"},"unit":{"type":"string","enum":["celsius","fahrenheit"]},"days":{"type":"integer"},"include":{"type":"array","items":{"type":"string"}},"notes":{"type":"string"}},"required":["location"]}""";

    public const string ToolDescription = "Gets the weather forecast for a location.";

    private const int Seed = 200_120;

    private static readonly Lazy<string[]> s_deltas = new(CreateDeltas);
    private static readonly Lazy<string> s_answer = new(CreateAnswer);
    private static readonly Lazy<string> s_toolArguments = new(CreateToolArguments);

    /// <summary>Gets the content deltas of a streamed answer, in order (tokens such as <c>" billing"</c>, <c>","</c>
    /// or <c>"\n\n"</c>, a few with characters JSON escapes or that take more than one UTF-8 byte).</summary>
    public static IReadOnlyList<string> Deltas => s_deltas.Value;

    /// <summary>Gets the deltas joined: the whole streamed answer.</summary>
    public static string StreamedText { get; } = string.Concat(s_deltas.Value);

    /// <summary>Gets the answer of the non-streaming call (about 700 characters, so its body is about 1.3 KB).</summary>
    public static string Answer => s_answer.Value;

    /// <summary>Gets the whole arguments of the streamed tool call, a JSON object.</summary>
    public static string ToolArguments => s_toolArguments.Value;

    /// <summary>Gets the arguments cut into <see cref="ToolArgumentFragments"/> pieces, as OpenAI streams them.</summary>
    public static IReadOnlyList<string> ToolArgumentPieces { get; } = Split(s_toolArguments.Value, ToolArgumentFragments);

    private static string[] CreateDeltas()
    {
        var random = new Random(Seed);
        var words = BenchmarkTexts.Create(64, Seed).SelectMany(text => text.TrimEnd('.').Split(' ')).ToArray();
        var deltas = new string[StreamDeltas];
        var sentence = 0;
        for (var i = 0; i < deltas.Length; i++)
        {
            // Mostly " word" tokens; sentence ends, paragraph breaks and the odd quoted or accented word now and then.
            deltas[i] = (i % 23, sentence) switch
            {
                (22, _) => ".\n\n",
                (11, _) => ",",
                (17, _) => " \"" + words[random.Next(words.Length)] + "\"",
                (5, _) => " café",
                _ => (sentence++ == 0 ? string.Empty : " ") + words[random.Next(words.Length)],
            };
        }

        return deltas;
    }

    private static string CreateAnswer()
    {
        var random = new Random(Seed + 1);
        var sentences = BenchmarkTexts.Create(16, Seed + 1);
        var answer = new StringBuilder("Here is what happened last week:\n\n");
        var item = 1;
        while (answer.Length < 640)
        {
            answer.Append(item++).Append(". ").Append(sentences[random.Next(sentences.Length)]).Append('\n');
        }

        return answer.Append("\nCheck the \"retry\" settings first.").ToString();
    }

    private static string CreateToolArguments() =>
        """{"location":"Lisbon, Portugal","unit":"celsius","days":5,"include":["humidity","wind","precipitation","uv_index"],"notes":"The user is planning outdoor work on the billing team offsite and wants the hours with the least wind and rain; include sunrise and sunset if known, and mention any weather warnings for the coast near Cascais or Sintra during the week."}""";

    private static string[] Split(string text, int pieces)
    {
        var result = new string[pieces];
        for (var i = 0; i < pieces; i++)
        {
            var start = i * text.Length / pieces;
            var end = (i + 1) * text.Length / pieces;
            result[i] = text[start..end];
        }

        return result;
    }
}
