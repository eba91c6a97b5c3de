using System;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace Connectors.Custom;

/// <summary>
/// Default prices of well-known hosted models, used to put a <c>Cost</c> on every result. Override one with
/// <see cref="CustomEndpointOptions.Price"/> (in code or configuration); models served from this machine cost nothing.
/// </summary>
/// <remarks>Prices are the providers' public list prices in US dollars per million tokens (per minute of audio for
/// transcription models, per million characters for speech models) as known when this catalogue
/// was written (November 2026); they change, and contracts differ. A model that is not listed has no cost
/// (<c>null</c>) rather than a guessed one.</remarks>
public static class CustomPricingCatalog
{
    private static readonly FrozenDictionary<string, ModelPrice> s_defaults = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
    {
        ["gpt-4o"] = Price(2.50m, 1.25m, 10.00m),
        ["gpt-4o-mini"] = Price(0.15m, 0.075m, 0.60m),
        ["gpt-4.1"] = Price(2.00m, 0.50m, 8.00m),
        ["gpt-4.1-mini"] = Price(0.40m, 0.10m, 1.60m),
        ["gpt-4.1-nano"] = Price(0.10m, 0.025m, 0.40m),
        ["text-embedding-3-small"] = Price(0.02m, null, 0m),
        ["text-embedding-3-large"] = Price(0.13m, null, 0m),
        ["deepseek-chat"] = Price(0.28m, 0.028m, 0.42m),
        ["deepseek-reasoner"] = Price(0.28m, 0.028m, 0.42m),
        ["llama-3.3-70b-versatile"] = Price(0.59m, null, 0.79m),
        ["llama-3.1-8b-instant"] = Price(0.05m, null, 0.08m),
        ["mistral-large-latest"] = Price(2.00m, null, 6.00m),
        ["mistral-small-latest"] = Price(0.10m, null, 0.30m),
        ["mistral-embed"] = Price(0.10m, null, 0m),
        ["grok-3"] = Price(3.00m, 0.75m, 15.00m),
        ["grok-3-mini"] = Price(0.30m, 0.075m, 0.50m),
        ["whisper-1"] = new() { AudioInputPerMinute = 0.006m },
        ["gpt-4o-transcribe"] = new() { AudioInputPerMinute = 0.006m },
        ["gpt-4o-mini-transcribe"] = new() { AudioInputPerMinute = 0.003m },
        ["whisper-large-v3"] = new() { AudioInputPerMinute = 0.00185m },
        ["whisper-large-v3-turbo"] = new() { AudioInputPerMinute = 0.000667m },
        ["tts-1"] = new() { TextInputPerMillionCharacters = 15.00m },
        ["tts-1-hd"] = new() { TextInputPerMillionCharacters = 30.00m },
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the default price of a model, if the catalogue lists it.</summary>
    /// <param name="modelId">The model id as sent to the provider.</param>
    /// <returns>The price, or null when the model is not listed.</returns>
    public static ModelPrice? GetDefaultPrice(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        return s_defaults.GetValueOrDefault(modelId);
    }

    /// <summary>The price that applies to an endpoint: its own override, zero on this machine, else the catalogue.</summary>
    internal static ModelPrice? Resolve(CustomEndpointOptions endpoint, string modelId) =>
        endpoint.Price
        ?? (endpoint.Endpoint is { IsLoopback: true } ? Free
        : GetDefaultPrice(modelId));

    private static readonly ModelPrice Free = Price(0m, null, 0m);

    private static ModelPrice Price(decimal input, decimal? cached, decimal output) =>
        new() { InputPerMillion = input, CachedInputPerMillion = cached, OutputPerMillion = output };
}
