namespace Connectors.Custom.Cli.Commands;

/// <summary>The demo's prompts, shared by the tour and by the scripted model that answers them offline.</summary>
internal static class DemoPrompts
{
    public const string Chat = "In one sentence: what is Semantic Kernel?";

    public const string Stream = "Count from 1 to 5.";

    public const string Tool = "Use the Add function to add 17 and 25, then state the result.";

    public const string WriterInstructions = "You are a concise technical writer. Write a two-sentence product blurb.";

    public const string WriterTask = "Write a blurb for Connectors.Custom, a Semantic Kernel connector for any OpenAI-compatible endpoint.";

    public const string ReviewerInstructions = "You are a strict reviewer. Name one strength and one improvement of the draft you are given, in two short sentences.";

    public const string ReviewerTaskPrefix = "Review this draft:\n";

    public const string AnswerInstructions = "Answer the question using only the context. If the context does not answer it, say so.";

    public const string ContextPrefix = "Context: ";

    public const string Question = "How does the connector cope with a provider that is rate limiting or down?";

    public static readonly string[] Documents =
    [
        "Ollama serves open models on your own machine at http://localhost:11434/v1.",
        "DeepSeek streams its chain of thought in a separate reasoning_content field.",
        "When a provider answers 429 or 503, calls are retried after the Retry-After delay, and a circuit breaker fails over to a backup endpoint.",
        "Embeddings are sent in batches of at most 2048 inputs and come back in input order.",
        "Every result carries its cost in US dollars when the model has a known price.",
    ];
}
