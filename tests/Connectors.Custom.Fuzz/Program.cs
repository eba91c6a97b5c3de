using System.Diagnostics;
using Connectors.Custom.Fuzz;
using CsCheck;

// fuzz [target ...] [--inputs N] [--seed S]: runs N inputs (default 1,000,000) through each named target (default:
// all), one target at a time on one thread, and prints inputs, time and the first failing input of each target.
// scale [target ...] [--kib K]: feeds each target its valid inputs repeated to K KiB (default 256), to show work that
// grows faster than the input.
// replay <target> <variant> <base64>: runs one printed input again.
if (args is ["replay", var replayTarget, var replayVariant, var replayData])
{
    // Replays one input as the fuzz command printed it, timed: for reproducing a failure.
    var replayed = new FuzzCase(Convert.FromBase64String(replayData), int.Parse(replayVariant, System.Globalization.CultureInfo.InvariantCulture));
    var replayStarted = Stopwatch.GetTimestamp();
    FuzzCheck.Check(FuzzTargets.Named(replayTarget), replayed, FuzzCheck.MaxTimePerInput);
    Console.WriteLine($"{replayTarget}: passed in {Stopwatch.GetElapsedTime(replayStarted).TotalMilliseconds:F1} ms");
    return 0;
}

var names = new List<string>();
long inputs = 1_000_000;
string? seed = null;
var scaleKib = 256;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "fuzz" or "scale":
            break;
        case "--inputs":
            inputs = long.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--seed":
            seed = args[++i];
            break;
        case "--kib":
            scaleKib = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        default:
            names.Add(args[i]);
            break;
    }
}

var targets = names.Count == 0 ? FuzzTargets.All : names.Select(FuzzTargets.Named).ToList();
var failures = 0;
if (args.Contains("scale"))
{
    // Large inputs made by repeating each valid input: a parser that is quadratic shows here, not in small cases.
    foreach (var target in targets)
    {
        var started = Stopwatch.GetTimestamp();
        var slowest = TimeSpan.Zero;
        foreach (var input in FuzzInputs.Repeated(target.Seeds, scaleKib * 1024))
        {
            var one = Stopwatch.GetTimestamp();
            FuzzCheck.Check(target, input, FuzzCheck.MaxTimePerInput);
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, Stopwatch.GetElapsedTime(one).Ticks));
        }

        Console.WriteLine($"{target.Name,-11} repeated inputs of {scaleKib} KiB: {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s, slowest {slowest.TotalMilliseconds:F0} ms");
    }

    return 0;
}
foreach (var target in targets)
{
    using var watchdog = new Watchdog(target.Name);
    var started = Stopwatch.GetTimestamp();
    string? failure = null;
    try
    {
        target.Inputs.Sample(
            input =>
            {
                watchdog.Begin(input);
                FuzzCheck.Check(target, input, FuzzCheck.MaxTimePerInput);
            },
            seed: seed,
            iter: inputs,
            threads: 1,
            print: input => input.ToString());
    }
    catch (Exception ex)
    {
        // CsCheck's own exception carries the seed and the smallest failing input; the inner one says what failed.
        failure = ex.InnerException is { } cause ? $"{ex.Message}\n{cause}" : ex.ToString();
        failures++;
    }

    var elapsed = Stopwatch.GetElapsedTime(started);
    Console.WriteLine($"{target.Name,-11} inputs {watchdog.Count,10:N0}  time {elapsed.TotalSeconds,7:F1} s  {watchdog.Count / elapsed.TotalSeconds,9:N0}/s  {(failure is null ? "no failure" : "FAILED")}");
    if (failure is not null)
    {
        Console.WriteLine(failure);
    }
}

return failures == 0 ? 0 : 1;
