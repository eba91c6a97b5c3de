using CsCheck;

namespace Connectors.Custom.Fuzz.Tests;

/// <summary>
/// A short, seeded pass of every fuzz target, so CI replays the same inputs on every run: a parser change that lets an
/// untyped exception, a slow path or an unbounded allocation through fails here. The long pass (at least 1,000,000
/// inputs per parser) is the fuzz command of tests/Connectors.Custom.Fuzz; see docs/security.md.
/// </summary>
public sealed class SeededFuzzTests
{
    // Any CsCheck seed string selects a fixed input sequence; this one is kept so CI runs are comparable.
    private const string Seed = "4DvJkD29QQt1";
    private const int InputsPerTarget = 3_000;

    public static TheoryData<string> Targets => [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task EveryInput_EndsInAResultOrATypedError(string name)
    {
        var target = FuzzTargets.Named(name);

        // Off the test thread, so a parser that hangs fails the test instead of stalling the run.
        var pass = Task.Run(() => target.Inputs.Sample(input => FuzzCheck.Check(target, input), seed: Seed, iter: InputsPerTarget, threads: 1, print: input => input.ToString()));

        await pass.WaitAsync(TimeSpan.FromMinutes(2));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task LargeInputs_EndWithinTheAllocationBound(string name)
    {
        var target = FuzzTargets.Named(name);

        var pass = Task.Run(() =>
        {
            foreach (var input in FuzzInputs.Repeated(target.Seeds, 256 * 1024))
            {
                FuzzCheck.Check(target, input);
            }
        });

        await pass.WaitAsync(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void TheInvariant_CatchesAnUntypedException()
    {
        // The check is only worth something if it can fail: a target that throws anything untyped must escape it.
        var broken = new FuzzTarget("broken", [[1]], _ => throw new InvalidOperationException("parser bug"));

        Assert.Throws<InvalidOperationException>(() => FuzzCheck.Check(broken, new FuzzCase([1], 0)));
        FuzzCheck.Check(new FuzzTarget("typed", [[1]], _ => throw new CustomProtocolException(CustomProtocolErrorKind.MalformedJson, "bad")), new FuzzCase([1], 0));
    }

    [Fact]
    public void TheInvariant_CatchesUnboundedAllocation()
    {
        var greedy = new FuzzTarget("greedy", [[1]], _ => GC.KeepAlive(new byte[8 * 1024 * 1024]));

        Assert.Throws<FuzzInvariantException>(() => FuzzCheck.Check(greedy, new FuzzCase([1], 0)));
    }

    [Fact]
    public void TheInvariant_CatchesASlowInput_OnlyWhenGivenATimeBound()
    {
        // A sleep always outlasts a 1 ms bound, however loaded the machine: the failure cannot be missed.
        var slow = new FuzzTarget("slow", [[1]], _ => Thread.Sleep(20));

        Assert.Throws<FuzzInvariantException>(() => FuzzCheck.Check(slow, new FuzzCase([1], 0), TimeSpan.FromMilliseconds(1)));
        FuzzCheck.Check(slow, new FuzzCase([1], 0));
    }
}
