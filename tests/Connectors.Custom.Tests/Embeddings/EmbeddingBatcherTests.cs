namespace Connectors.Custom.Tests.Embeddings;

public sealed class EmbeddingBatcherTests
{
    [Fact]
    public void Split_ByInputCount()
    {
        var batches = EmbeddingBatcher.Split(Enumerable.Repeat("text", 5000).ToList(), maxInputs: 2048, maxTokens: null);

        Assert.Equal([new(0, 2048), new(2048, 2048), new(4096, 904)], batches);
    }

    [Fact]
    public void Split_ByEstimatedTokens()
    {
        // 40 characters is about 11 tokens by the estimate; 30 tokens fit two inputs per request.
        var inputs = Enumerable.Repeat(new string('a', 40), 5).ToList();

        var batches = EmbeddingBatcher.Split(inputs, maxInputs: 100, maxTokens: 30);

        Assert.Equal([new(0, 2), new(2, 2), new(4, 1)], batches);
    }

    [Fact]
    public void Split_AnInputOverTheTokenLimit_GoesAlone()
    {
        var batches = EmbeddingBatcher.Split(["short", new string('x', 1000), "short"], maxInputs: 100, maxTokens: 50);

        Assert.Equal([new(0, 1), new(1, 1), new(2, 1)], batches);
    }

    [Fact]
    public void ValidateInputs_NamesEveryEmptyOrNullPosition()
    {
        var error = Assert.Throws<ArgumentException>(() => EmbeddingBatcher.ValidateInputs(["ok", "", "ok", null!]));

        Assert.Contains("positions 1, 3", error.Message, StringComparison.Ordinal);
    }
}
