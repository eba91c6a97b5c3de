namespace Connectors.Custom.Benchmarks.Data;

/// <summary>
/// Short, realistic sentences (60 to 120 characters, like chunks of product documentation or support tickets),
/// generated from a fixed seed so every run and every client embeds exactly the same inputs.
/// </summary>
internal static class BenchmarkTexts
{
    private const int MinLength = 60;
    private const int MaxLength = 120;

    private static readonly string[] s_subjects =
    [
        "The billing service", "Our mobile app", "The nightly export job", "A customer in Lisbon", "The support team",
        "The search index", "The new onboarding flow", "The payment gateway", "An enterprise tenant", "The data pipeline",
    ];

    private static readonly string[] s_verbs =
    [
        "failed to sync", "retried", "rejected", "quietly dropped", "duplicated", "validated", "archived", "re-sent",
        "could not parse", "rate-limited",
    ];

    private static readonly string[] s_objects =
    [
        "the invoice batch", "a refund request", "the March usage report", "two webhook events", "the SSO settings",
        "a large CSV upload", "the shipping labels", "the password reset email", "several audit records", "the API key",
    ];

    private static readonly string[] s_tails =
    [
        "after the last deployment", "during peak traffic on Monday", "because the token had expired",
        "when the region failed over", "until someone cleared the cache", "without logging an error",
        "for accounts created before 2021", "while the database was being migrated", "on the second attempt",
        "and nobody noticed for a week",
    ];

    public static string[] Create(int count, int seed)
    {
        var random = new Random(seed);
        var texts = new string[count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = CreateOne(random);
        }

        return texts;
    }

    private static string CreateOne(Random random)
    {
        while (true)
        {
            var text = $"{Pick(random, s_subjects)} {Pick(random, s_verbs)} {Pick(random, s_objects)} {Pick(random, s_tails)}.";
            if (random.Next(2) == 0)
            {
                text = $"{text[..^1]}, {Pick(random, s_tails)}.";
            }

            if (text.Length is >= MinLength and <= MaxLength)
            {
                return text;
            }
        }
    }

    private static string Pick(Random random, string[] words) => words[random.Next(words.Length)];
}
