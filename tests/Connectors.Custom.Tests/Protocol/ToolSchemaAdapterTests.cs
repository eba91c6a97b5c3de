using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Connectors.Custom.Tests.Protocol;

public sealed class ToolSchemaAdapterTests
{
    /// <summary>What MCP servers typically declare: optional fields as anyOf-with-null, shared types in $defs, formats,
    /// patterns, enums, nested objects and arrays, and a free-form map.</summary>
    private const string McpStyleSchema = """
        {
          "type": "object",
          "properties": {
            "url": { "type": "string", "format": "uri", "description": "Page to fetch." },
            "limit": { "anyOf": [ { "type": "integer" }, { "type": "null" } ], "default": null },
            "mode": { "anyOf": [ { "$ref": "#/$defs/Mode" }, { "type": "null" } ] },
            "address": { "$ref": "#/$defs/Address", "description": "Where to deliver." },
            "tags": { "type": "array", "items": { "type": "string", "pattern": "^[a-z]+$" } },
            "extra": { "type": "object" }
          },
          "required": [ "url" ],
          "$defs": {
            "Mode": { "type": "string", "enum": [ "fast", "full" ] },
            "Address": { "type": "object", "properties": { "city": { "type": "string" }, "zip": { "type": "string", "pattern": "^[0-9]{5}$" } }, "required": [ "city" ] }
          }
        }
        """;

    [Fact]
    public void PlainSchemas_RewriteEveryUnsupportedConstruct()
    {
        var adapted = Adapt(McpStyleSchema, ToolSchemaFeatures.None);
        var properties = adapted.GetProperty("properties");

        var text = adapted.GetRawText();
        foreach (var construct in new[] { "anyOf", "oneOf", "$ref", "$defs", "\"format\"", "\"pattern\"" })
        {
            Assert.DoesNotContain(construct, text, StringComparison.Ordinal);
        }

        Assert.Equal("Page to fetch. (format: uri)", properties.GetProperty("url").GetProperty("description").GetString());
        Assert.Equal(["integer", "null"], properties.GetProperty("limit").GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(JsonValueKind.Null, properties.GetProperty("limit").GetProperty("default").ValueKind);
        Assert.Equal(["string", "null"], properties.GetProperty("mode").GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["fast", "full", null], properties.GetProperty("mode").GetProperty("enum").EnumerateArray().Select(t => t.GetString()));
        var address = properties.GetProperty("address");
        Assert.Equal("Where to deliver.", address.GetProperty("description").GetString());
        Assert.Equal("(pattern: ^[0-9]{5}$)", address.GetProperty("properties").GetProperty("zip").GetProperty("description").GetString());
        Assert.Equal("city", address.GetProperty("required")[0].GetString());
        Assert.Equal("(pattern: ^[a-z]+$)", properties.GetProperty("tags").GetProperty("items").GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Object, properties.GetProperty("extra").GetProperty("properties").ValueKind);
        Assert.Equal("url", adapted.GetProperty("required")[0].GetString());
    }

    [Fact]
    public void ServerThatAcceptsEverything_GetsTheSchemaUnchanged()
    {
        var written = Write(McpStyleSchema, ToolSchemaFeatures.Standard);

        Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(McpStyleSchema).RootElement), written);
    }

    [Fact]
    public void EachFeature_OnlyRewritesItsOwnConstruct()
    {
        var keepsReferences = Adapt(McpStyleSchema, ToolSchemaFeatures.References | ToolSchemaFeatures.FormatKeywords | ToolSchemaFeatures.PropertylessObjects);

        Assert.Equal("#/$defs/Address", keepsReferences.GetProperty("properties").GetProperty("address").GetProperty("$ref").GetString());
        Assert.Equal("uri", keepsReferences.GetProperty("properties").GetProperty("url").GetProperty("format").GetString());
        Assert.False(keepsReferences.GetProperty("properties").GetProperty("limit").TryGetProperty("anyOf", out _));
        Assert.False(keepsReferences.GetProperty("properties").GetProperty("extra").TryGetProperty("properties", out _));
    }

    [Fact]
    public void RecursiveReference_IsInlinedToABoundedDepth()
    {
        const string tree = """{"type":"object","properties":{"root":{"$ref":"#/$defs/Node"}},"$defs":{"Node":{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/$defs/Node"}}}}}}""";

        var adapted = Adapt(tree, ToolSchemaFeatures.None);

        var depth = 0;
        var node = adapted.GetProperty("properties").GetProperty("root");
        while (node.GetProperty("properties").TryGetProperty("children", out var children))
        {
            node = children.GetProperty("items");
            depth++;
        }

        Assert.Equal(ToolSchemaAdapter.MaxInlineDepth, depth);
        Assert.DoesNotContain("$ref", adapted.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void AllOf_PartsAreMerged()
    {
        const string schema = """{"type":"object","properties":{"p":{"allOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},{"properties":{"b":{"type":"integer"}},"required":["b"]}]}}}""";

        var p = Adapt(schema, ToolSchemaFeatures.None).GetProperty("properties").GetProperty("p");

        Assert.Equal(["a", "b"], p.GetProperty("properties").EnumerateObject().Select(x => x.Name));
        Assert.Equal(["a", "b"], p.GetProperty("required").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("object", p.GetProperty("type").GetString());
    }

    [Fact]
    public void Features_BindFromConfiguration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Quirks:ToolSchemaFeatures"] = "Composition, References" })
            .Build();

        var options = CustomOptionsReader.Bind(configuration, new CustomChatCompletionOptions());

        Assert.Equal(ToolSchemaFeatures.Composition | ToolSchemaFeatures.References, options.Quirks.ToolSchemaFeatures);
    }

    private static JsonElement Adapt(string schema, ToolSchemaFeatures features) => JsonDocument.Parse(Write(schema, features)).RootElement;

    private static string Write(string schema, ToolSchemaFeatures features)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ToolSchemaAdapter.Write(writer, JsonDocument.Parse(schema).RootElement, features);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
