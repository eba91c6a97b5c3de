using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>The functions and schema the probe offers. Declarations only: the probe never runs them, it only looks at
/// whether the model asks for them. Schemas are literal JSON, so nothing here needs reflection.</summary>
internal static class ProbeTools
{
    public const string WeatherName = "get_weather";
    public const string TimeName = "get_time";

    public static AIFunctionDeclaration Weather { get; } = AIFunctionFactory.CreateDeclaration(
        WeatherName,
        "Gets the current weather in a city.",
        Parse("""{"type":"object","properties":{"city":{"type":"string","description":"The city name"}},"required":["city"]}"""));

    public static AIFunctionDeclaration Time { get; } = AIFunctionFactory.CreateDeclaration(
        TimeName,
        "Gets the current local time in a city.",
        Parse("""{"type":"object","properties":{"city":{"type":"string","description":"The city name"}},"required":["city"]}"""));

    /// <summary>The structured-output schema: a city and its population, nothing else.</summary>
    public static JsonElement CitySchema { get; } = Parse(
        """{"type":"object","properties":{"city":{"type":"string"},"population":{"type":"integer"}},"required":["city","population"],"additionalProperties":false}""");

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
