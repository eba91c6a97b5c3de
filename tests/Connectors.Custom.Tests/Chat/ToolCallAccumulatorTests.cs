using System.Text.Json;

namespace Connectors.Custom.Tests.Chat;

public sealed class ToolCallAccumulatorTests
{
    private static List<Microsoft.Extensions.AI.FunctionCallContent> Assemble(params ToolCallDelta[] deltas)
    {
        var accumulator = new ToolCallAccumulator();
        foreach (var delta in deltas)
        {
            accumulator.Add(delta);
        }

        return accumulator.Build();
    }

    private static int Arg(Microsoft.Extensions.AI.FunctionCallContent call, string name) => ((JsonElement)call.Arguments![name]!).GetInt32();

    [Fact]
    public void OpenAiStyleFragments_AreJoinedByIndex()
    {
        var calls = Assemble(
            new(0, "call_a", "add", ""),
            new(1, "call_b", "mul", ""),
            new(0, null, null, "{\"x\":"),
            new(1, null, null, "{\"x\":3}"),
            new(0, null, null, "1}"));

        Assert.Equal(["call_a", "call_b"], calls.Select(c => c.CallId));
        Assert.Equal(1, Arg(calls[0], "x"));
        Assert.Equal(3, Arg(calls[1], "x"));
    }

    [Fact]
    public void WholeCallsWithoutIndex_AreKeptApartById()
    {
        // Mistral: whole calls, no index, no type.
        var calls = Assemble(new(null, "aaaaaaaaa", "f", "{\"x\":1}"), new(null, "bbbbbbbbb", "g", "{\"x\":2}"));

        Assert.Equal(["f", "g"], calls.Select(c => c.Name));
    }

    [Fact]
    public void FragmentsWithoutIndexOrId_ContinueTheLastCall()
    {
        // Gemini sends no index; continuation fragments carry neither id nor name.
        var calls = Assemble(new(null, "c1", "f", "{\"x\""), new(null, null, null, ":5}"));

        Assert.Equal(5, Arg(Assert.Single(calls), "x"));
    }

    [Fact]
    public void IndexStartingAtOne_Works()
    {
        var calls = Assemble(new(1, "c1", "f", ""), new(1, null, null, "{\"x\":2}"));

        Assert.Equal(2, Arg(Assert.Single(calls), "x"));
    }

    [Fact]
    public void EmptyNameOnLaterFragment_DoesNotOverwriteKnownName()
    {
        var calls = Assemble(new(0, "c1", "weather", ""), new(0, null, "", "{\"x\":1}"));

        Assert.Equal("weather", Assert.Single(calls).Name);
    }

    [Fact]
    public void RepeatedIdAndTrailingEmptyArgumentsAfterFinish_DoNotDuplicateTheCall()
    {
        // vLLM: id repeated on later deltas, then an extra empty-arguments delta after finish_reason.
        var calls = Assemble(new(0, "c1", "f", "{\"x\":"), new(0, "c1", null, "4}"), new(0, null, null, ""));

        Assert.Equal(4, Arg(Assert.Single(calls), "x"));
    }

    [Fact]
    public void EmptyOrMissingIds_AreSynthesisedAndDistinct()
    {
        var calls = Assemble(new(0, "", "f", "{}"), new(1, null, "g", "{}"));

        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.StartsWith("call_", c.CallId, StringComparison.Ordinal));
        Assert.NotEqual(calls[0].CallId, calls[1].CallId);
    }

    [Fact]
    public void SameIndexWithDifferentIds_IsTwoCalls()
    {
        var calls = Assemble(new(0, "c1", "f", "{}"), new(0, "c2", "g", "{}"));

        Assert.Equal(["c1", "c2"], calls.Select(c => c.CallId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData(null)]
    [InlineData("null")]
    public void EmptyArguments_MeanNoArguments(string? arguments)
    {
        var call = Assert.Single(Assemble(new ToolCallDelta(0, "c1", "f", arguments)));

        Assert.NotNull(call.Arguments);
        Assert.Empty(call.Arguments);
        Assert.Null(call.Exception);
    }

    [Fact]
    public void Arguments_AreElementsOfTheirJson_AndANullValueIsNull()
    {
        var call = Assert.Single(Assemble(new ToolCallDelta(0, "c1", "f", "{\"city\":\"Lisbon\",\"days\":5,\"units\":null,\"include\":[\"wind\"],\"days\":6}")));

        Assert.Null(call.Exception);
        Assert.Equal(["city", "days", "units", "include"], call.Arguments!.Keys);
        Assert.Equal("Lisbon", ((System.Text.Json.JsonElement)call.Arguments["city"]!).GetString());
        Assert.Equal(6, ((System.Text.Json.JsonElement)call.Arguments["days"]!).GetInt32());
        Assert.Null(call.Arguments["units"]);
        Assert.Equal("wind", ((System.Text.Json.JsonElement)call.Arguments["include"]!)[0].GetString());
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"a\":")]
    public void ArgumentsThatAreNotAJsonObject_AreKeptAsAnException(string arguments)
    {
        var call = Assert.Single(Assemble(new ToolCallDelta(0, "c1", "f", arguments)));

        Assert.IsAssignableFrom<System.Text.Json.JsonException>(call.Exception?.InnerException);
    }

    [Fact]
    public void InvalidArgumentsJson_IsKeptAsAnExceptionForTheInvocationLayerToReport()
    {
        var call = Assert.Single(Assemble(new ToolCallDelta(0, "c1", "f", "invalid_arguments_format")));

        Assert.NotNull(call.Exception);
    }

    [Fact]
    public void ArgumentsWithoutName_ThrowTypedError()
    {
        var error = Assert.Throws<CustomProtocolException>(() => Assemble(new ToolCallDelta(0, "c1", null, "{\"x\":1}")));

        Assert.Equal(CustomProtocolErrorKind.UnexpectedShape, error.Kind);
    }

    [Fact]
    public void NamelessEmptyFragment_IsIgnored()
    {
        Assert.Empty(Assemble(new ToolCallDelta(3, null, null, "")));
    }
}
