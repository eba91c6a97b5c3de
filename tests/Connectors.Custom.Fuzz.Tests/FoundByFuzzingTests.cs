namespace Connectors.Custom.Fuzz.Tests;

/// <summary>The exact inputs with which the fuzz command first broke a parser, replayed through the same invariant.
/// Each one threw an untyped exception before its fix; readable tests of each bug sit with the parser's own tests.</summary>
public sealed class FoundByFuzzingTests
{
    public static TheoryData<string, int, string> Crashes => new()
    {
        // InvalidOperationException: invalid UTF-8 inside a string (bytes FE FF, F4 90 80 80) of a chat completion.
        { "chat", 107681537, "eyJpZCI6ImMzIiwibW9kZWwiOiJkZWVwc2Vlay1yZWFzb/7/bmVyIiwiY2hvaWNlcyI6W3siaW5kZXgiOjAsIm1lc3NhZ2UiOnsicm9sZSI6ImH0kICAc2RzaXN0YW50IiwiY29udGVudCI6IjQyIiwicmVhc29uaW5nX2NvbnRlbnQiOiJUaGluayBcdTAwZTkgXHVkODNkXHVkZTAwIn0sImZpbmlzaF9yZWFzb24iOiJzdG9wIn1dLCJ1c2FnZSI6eyJwcm9tcHRfdG9rZW5zIjoiMTIiLCJjb21wbGV0aW9uX3Rva2VucyI6My4wfX0=" },
        // InvalidOperationException: an embedding index given as the escaped lone surrogate "\ud800".
        { "embeddings", 1242044918, "eyJkYXRhIjpbeyJlbWJlZGRpbmciOiJBQUNBUFwvQUFBRUE9IiwiaW5kZXgiOiJcdWQ4MDAifV19" },
        // InvalidOperationException: invalid UTF-8 in a FastAPI error body's property name.
        { "errors", 1326849933, "eyJkZXRhaWwiOlt7ImxvYyI6WyJib2R5IiwwLCJ4Il0sIv7/9JCAgG1zZyI6ImZpZWxkIHJlcXVpcmVkIiwidHlwZSI6InZhZGx1ZV9lcnJvciJ9XX0=" },
        // InvalidOperationException: a Hermes tool call whose name is the escaped lone surrogate "\udc00x".
        { "texttools", 1190030245, "U3VyZS4gPHRvb2xfY2FsbD57Im5hbWUiOiJcdWRjMDB4IiwiYXJndW1lbnRzIjp7ImEiOjEsImIiOjJ9fTwvdG9vbF9jYWxsPiBhbmQgPHRvb2xfY2FsbD57Im5hbWUiOiJzZWFyY2giLCJwYXJhbWV0ZXJzIjp7InEiOiJ4In19PC90b29sX2NhbGw+" },
        // OverflowException: "01e999" as a rate-limit reset (seconds beyond what a TimeSpan holds).
        { "retryafter", 86501506, "MDFlOTk5" },
    };

    [Theory]
    [MemberData(nameof(Crashes))]
    public void CrashingInput_NowEndsInAResultOrATypedError(string target, int variant, string base64)
    {
        FuzzCheck.Check(FuzzTargets.Named(target), new FuzzCase(Convert.FromBase64String(base64), variant));
    }
}
