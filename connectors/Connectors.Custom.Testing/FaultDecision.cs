namespace Connectors.Custom.Testing;

/// <summary>The fault chosen for one request (none when <see cref="Kind"/> is null), with the HTTP status a
/// <see cref="FaultKind.ServerError"/> uses.</summary>
internal readonly record struct FaultDecision(FaultKind? Kind, int ServerErrorStatus)
{
    /// <summary>No fault: the request is not faultable, or no draw was made.</summary>
    public static FaultDecision None => new(null, 0);
}
