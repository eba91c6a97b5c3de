namespace Connectors.Custom.Fuzz;

/// <summary>One fuzz input: the bytes a server sent, and a number each target uses for its own choices (where a stream
/// is split across reads, the expected vector size, which header carries the text).</summary>
public sealed record FuzzCase(byte[] Data, int Variant)
{
    /// <summary>Printed when a case fails, so it can be pasted into a regression test.</summary>
    public override string ToString() => $"Variant={Variant} Data(base64)={Convert.ToBase64String(Data)}";
}
