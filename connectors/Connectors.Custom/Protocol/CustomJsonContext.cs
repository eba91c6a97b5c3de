using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Custom;

/// <summary>
/// The connector's only serializer context: source-generated metadata for the few types that go through
/// <see cref="JsonSerializer"/> (tool-call arguments and pass-through parameter values), so no reflection is needed.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class CustomJsonContext : JsonSerializerContext;
