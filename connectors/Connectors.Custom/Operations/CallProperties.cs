using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>What every non-chat result says about its call, under <see cref="CustomMetadataKeys"/>: the endpoint that
/// answered, the attempts made, and the cost when the model has a price.</summary>
internal static class CallProperties
{
    public static AdditionalPropertiesDictionary Create(string endpoint, int attempts, decimal? cost)
    {
        var properties = new AdditionalPropertiesDictionary
        {
            [CustomMetadataKeys.Endpoint] = endpoint,
            [CustomMetadataKeys.Attempts] = attempts,
        };
        if (cost is { } value)
        {
            properties[CustomMetadataKeys.Cost] = value;
        }

        return properties;
    }
}
