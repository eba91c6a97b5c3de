using CsCheck;

namespace Connectors.Custom.Fuzz;

/// <summary>One parser under fuzzing: its name on the command line, the valid inputs its generator mutates, and how
/// one input is fed to it.</summary>
/// <param name="Name">The name used by <c>fuzz &lt;name&gt;</c> and in the report.</param>
/// <param name="Seeds">Valid inputs in the shapes real servers send.</param>
/// <param name="Run">Feeds one input to the parser; returns normally or throws whatever the parser throws.</param>
public sealed record FuzzTarget(string Name, byte[][] Seeds, Action<FuzzCase> Run)
{
    /// <summary>Gets the generator of inputs: random bytes, the seeds, and mutated seeds.</summary>
    public Gen<FuzzCase> Inputs { get; } = FuzzInputs.From(Seeds);
}
