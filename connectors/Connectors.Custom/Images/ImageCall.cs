namespace Connectors.Custom;

/// <summary>One validated image generation call, ready to write for any endpoint.</summary>
/// <param name="Prompt">The description of the image.</param>
/// <param name="ModelId">The model the call names, or null for each endpoint's own.</param>
/// <param name="Count">How many images (<c>n</c>), or null for the server's default of one.</param>
/// <param name="Shape">The <c>size</c> or <c>aspect_ratio</c> value, already checked against the provider's list.</param>
/// <param name="ResponseFormat">How the images come back, or null to let the server choose.</param>
internal sealed record ImageCall(string Prompt, string? ModelId, int? Count, string? Shape, ImageResponseFormat? ResponseFormat);
