using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Connectors.Custom.Tests.Memory.Stores;

#pragma warning disable MEVD9001 // ProviderServices is how MEVD providers resolve embedding generators; this test store is a provider.

/// <summary>Builds the record model for <see cref="InMemoryVectorCollection{TKey, TRecord}"/>: MEVD's shared builder
/// reads attributes and definitions and resolves each vector property's embedding generator (property, then
/// definition, then store), exactly as real providers do.</summary>
public sealed class InMemoryModelBuilder() : CollectionModelBuilder(new CollectionModelBuildingOptions
{
    SupportsMultipleVectors = false,
    RequiresAtLeastOneVector = true,
})
{
    protected override bool IsDataPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        // Records stay .NET objects in memory, so any data type can be held.
        supportedTypes = null;
        return true;
    }

    protected override bool IsVectorPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = "ReadOnlyMemory<float>, float[], Embedding<float>";
        return type == typeof(ReadOnlyMemory<float>) || type == typeof(ReadOnlyMemory<float>?) || type == typeof(float[]) || type == typeof(Embedding<float>);
    }

    // Keys always come from the caller; claiming auto-generation would promise something the store does not do.
    protected override bool SupportsKeyAutoGeneration(Type keyPropertyType) => false;
}
