using System.ClientModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using OpenAI;

namespace Connectors.Custom.Benchmarks.Clients;

/// <summary>The generators measured against the floor, each built the way an application would build it.</summary>
internal static class EmbeddingGenerators
{
    public const string Model = "bench-model";

    /// <summary>
    /// Semantic Kernel 1.82's <c>AddOpenAIEmbeddingGenerator(modelId, openAIClient)</c>, resolved from a service
    /// provider exactly as an application gets it. In 1.82 that registration is Microsoft.Extensions.AI.OpenAI's
    /// <c>EmbeddingClient.AsIEmbeddingGenerator()</c> wrapped in <c>UseOpenTelemetry()</c> (and <c>UseLogging()</c>
    /// when a logger factory is registered; none is here). The OpenAI SDK always asks for base64.
    /// </summary>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateSemanticKernel(Uri baseAddress)
    {
        var openAI = new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = baseAddress });
        return new ServiceCollection()
            .AddOpenAIEmbeddingGenerator(Model, openAI)
            .BuildServiceProvider()
            .GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
    }

    /// <summary>
    /// Options that make the OpenAI SDK ask for JSON floats. The SDK sets <c>encoding_format</c> to base64 through an
    /// internal property; the only public way around it is a JSON patch on the SDK's own options, which
    /// Microsoft.Extensions.AI passes through <see cref="EmbeddingGenerationOptions.RawRepresentationFactory"/>.
    /// </summary>
    public static EmbeddingGenerationOptions SemanticKernelFloatOptions { get; } = new()
    {
        RawRepresentationFactory = _ =>
        {
            var options = new OpenAI.Embeddings.EmbeddingGenerationOptions();
#pragma warning disable SCME0001 // JsonPatch is experimental; it is the SDK's only public way to choose the encoding.
            options.Patch.Set("$.encoding_format"u8, "float");
#pragma warning restore SCME0001
            return options;
        },
    };

    /// <summary>Connectors.Custom with its defaults (2048 inputs per request, up to 4 requests of one call in flight).</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateOurs(Uri baseAddress, EmbeddingEncodingFormat encoding) =>
        new CustomEmbeddingGenerator(new CustomEmbeddingOptions { Endpoint = baseAddress, ModelId = Model, EncodingFormat = encoding });
}
