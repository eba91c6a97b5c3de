using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Connectors.Custom.Testing;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Benchmarks.Soak;

/// <summary>
/// Runs the soak: two in-process <see cref="LocalOpenAIServer"/>s (a primary failing at the given rate, spread over
/// every fault kind, and a backup failing rarely), one <see cref="CustomChatClient"/> over both, and N calls at
/// concurrency C, alternating non-streaming and streaming, each checked against the answer it must get.
/// </summary>
internal static class SoakRunner
{
    public static async Task<SoakResult> RunAsync(SoakSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        var unobserved = 0;
        string? firstUnobserved = null;
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (Interlocked.Increment(ref unobserved) == 1)
            {
                firstUnobserved = e.Exception.ToString();
            }

            e.SetObserved();
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            var partial = await RunCallsAsync(settings, progress, cancellationToken);

            // Everything of the run is unreachable now (servers stopped, client disposed): finalizing its tasks is
            // what reports any exception nobody observed.
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            using var process = Process.GetCurrentProcess();
            return partial with
            {
                PeakWorkingSetBytes = process.PeakWorkingSet64,
                UnobservedTaskExceptions = Volatile.Read(ref unobserved),
                FirstUnobservedTaskException = firstUnobserved,
            };
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<SoakResult> RunCallsAsync(SoakSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        var calls = settings.Calls;
        await using var primary = await LocalOpenAIServer.StartAsync(ServerOptions(settings.FaultRate, settings.Seed), cancellationToken);
        await using var backup = await LocalOpenAIServer.StartAsync(ServerOptions(settings.BackupFaultRate, settings.Seed + 1), cancellationToken);
        LocalOpenAIServer[] servers = [primary, backup];
        using var client = CreateClient(primary, backup);

        var ledger = new CallLedger(calls, servers);
        var latencies = new double[calls];
        var outcomes = new CallOutcome[calls];
        var typed = new ConcurrentDictionary<string, int>();
        var invariantFailures = new ConcurrentDictionary<string, int>();
        var memory = new List<MemorySample>();
        var samplePoints = new Dictionary<int, string>
        {
            [Math.Max(1, (int)Math.Ceiling(calls * 0.1))] = "10%",
            [Math.Max(2, (int)Math.Ceiling(calls * 0.5))] = "50%",
        };
        var next = -1;
        var completed = 0;
        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();

        void Sample(string label, int done)
        {
            lock (memory)
            {
                // Counting the recorded requests as we go keeps the servers' records from growing over the run.
                for (var s = 0; s < servers.Length; s++)
                {
                    ledger.Absorb(s, servers[s].TakeRequests());
                }

                memory.Add(MemorySample.Take(label, done));
            }
        }

        async Task WorkerAsync()
        {
            while (true)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= calls)
                {
                    return;
                }

                var callWatch = Stopwatch.StartNew();
                var (outcome, detail) = await CallAsync(client, ledger, index, streaming: index % 2 == 1, cancellationToken);
                latencies[index] = callWatch.Elapsed.TotalMilliseconds;
                outcomes[index] = outcome;
                if (outcome != CallOutcome.Success)
                {
                    (outcome == CallOutcome.TypedFailure ? typed : invariantFailures).AddOrUpdate(detail!, 1, (_, n) => n + 1);
                }

                var done = Interlocked.Increment(ref completed);
                if (samplePoints.TryGetValue(done, out var label))
                {
                    Sample(label, done);
                }

                if (done % Math.Max(1, calls / 10) == 0)
                {
                    await progress.WriteLineAsync($"soak: {done:N0}/{calls:N0} calls after {watch.Elapsed.TotalSeconds:F1} s; faults so far: primary {primary.Statistics.FaultsInjected:N0}, backup {backup.Statistics.FaultsInjected:N0}");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(_ => Task.Run(WorkerAsync, cancellationToken)));
        var duration = watch.Elapsed;
        Sample("100%", calls);

        var endpoints = new List<EndpointFigures>();
        double[] rates = [settings.FaultRate, settings.BackupFaultRate];
        for (var s = 0; s < servers.Length; s++)
        {
            endpoints.Add(new EndpointFigures(CallLedger.Name(s), rates[s], servers[s].Statistics.ChatCompletions, ledger.Attributed(s), ledger.MostRequestsForOneCall(s), servers[s].Statistics.Faults));
        }

        var sorted = latencies.Order().ToArray();
        return new SoakResult
        {
            Settings = settings,
            Started = started,
            Duration = duration,
            StreamingCalls = calls / 2,
            Successes = outcomes.Count(o => o == CallOutcome.Success),
            TypedFailures = typed.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToDictionary(),
            InvariantFailures = invariantFailures.ToDictionary(),
            WrongAnswers = outcomes.Count(o => o == CallOutcome.WrongAnswer),
            UntypedFailures = outcomes.Count(o => o == CallOutcome.UntypedFailure),
            HungCalls = outcomes.Count(o => o == CallOutcome.Hung),
            P50Milliseconds = Percentile(sorted, 0.50),
            P99Milliseconds = Percentile(sorted, 0.99),
            MaxMilliseconds = sorted[^1],
            Endpoints = endpoints,
            CallsReachingBackup = ledger.CallsReaching(1),
            Attempts = ledger.CompareAttempts(),
            AnsweringEndpoints = ledger.CompareEndpoints(),
            RetriesAfterWait = ledger.RetriesAfterWait,
            WaitViolations = ledger.WaitViolations,
            FirstWaitViolation = ledger.FirstWaitViolation,
            ShortestWaitSlack = ledger.ShortestWaitSlack,
            Memory = memory,
            PeakWorkingSetBytes = 0,
            UnobservedTaskExceptions = 0,
        };
    }

    private static async Task<(CallOutcome Outcome, string? Detail)> CallAsync(CustomChatClient client, CallLedger ledger, int index, bool streaming, CancellationToken runToken)
    {
        var prompt = CallLedger.Prompt(index);
        var expected = "Echo: " + prompt;
        var mode = streaming ? "streaming" : "non-streaming";
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        watchdog.CancelAfter(SoakSettings.HangLimit);
        try
        {
            string text;
            if (streaming)
            {
                var builder = new StringBuilder();
                var first = true;
                await foreach (var update in client.GetStreamingResponseAsync(prompt, cancellationToken: watchdog.Token))
                {
                    if (first)
                    {
                        first = false;
                        Report(ledger, index, update.AdditionalProperties);
                    }

                    builder.Append(update.Text);
                }

                text = builder.ToString();
            }
            else
            {
                var response = await client.GetResponseAsync(prompt, cancellationToken: watchdog.Token);
                Report(ledger, index, response.AdditionalProperties);
                text = response.Text;
            }

            return text == expected
                ? (CallOutcome.Success, null)
                : (CallOutcome.WrongAnswer, $"wrong answer ({mode}), e.g. expected '{expected}', got '{text}'");
        }
        catch (OperationCanceledException) when (runToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (watchdog.IsCancellationRequested)
        {
            return (CallOutcome.Hung, $"hung: still running after {SoakSettings.HangLimit.TotalSeconds:F0} s ({mode})");
        }
        catch (CustomTimeoutException ex)
        {
            return (CallOutcome.TypedFailure, $"CustomTimeoutException ({ex.Kind}, {mode})");
        }
        catch (CustomProtocolException ex)
        {
            return (CallOutcome.TypedFailure, $"CustomProtocolException ({ex.Kind}, {mode})");
        }
        catch (CustomEndpointException ex)
        {
            if (ex.Attempts > 0)
            {
                ledger.Report(index, ex.Attempts, endpoint: null);
            }

            return (CallOutcome.TypedFailure, $"{DescribeEndpointFailure(ex)} ({mode})");
        }
        catch (Exception ex)
        {
            return (CallOutcome.UntypedFailure, $"untyped {ex.GetType().FullName} ({mode}): {ex.Message}");
        }
    }

    private static void Report(CallLedger ledger, int index, AdditionalPropertiesDictionary? properties) => ledger.Report(
        index,
        properties?.TryGetValue(CustomMetadataKeys.Attempts, out var attempts) == true && attempts is int count ? count : null,
        properties?.TryGetValue(CustomMetadataKeys.Endpoint, out var endpoint) == true ? endpoint as string : null);

    private static string DescribeEndpointFailure(CustomEndpointException ex) => ex switch
    {
        CustomRateLimitException rate => $"CustomRateLimitException, {(rate.IsClientSide ? "client-side" : "server")}",
        CustomCircuitOpenException => "CustomCircuitOpenException",
        { IsInBandError: true } => "CustomEndpointException, in-band error",
        { StatusCode: { } status } => $"CustomEndpointException, HTTP {(int)status}",
        _ => "CustomEndpointException, transport (no status)",
    };

    private static LocalServerOptions ServerOptions(double faultRate, int seed) => new()
    {
        Faults = new FaultOptions
        {
            Seed = seed,
            RetryAfter = SoakSettings.RetryAfter,
            RetryAfterMs = SoakSettings.RetryAfterMs,
            RateLimitReset = SoakSettings.RateLimitReset,
            SlowFirstByteDelay = SoakSettings.SlowFirstByteDelay,
            StallDuration = SoakSettings.StallDuration,
        }.SpreadEvenly(faultRate),
    };

    private static CustomChatClient CreateClient(LocalOpenAIServer primary, LocalOpenAIServer backup)
    {
        var options = new CustomChatCompletionOptions
        {
            Endpoint = primary.BaseAddress,
            ModelId = LocalServerOptions.DefaultChatModelId,
            Resilience = CreateResilience(),
        };
        options.Backups.Add(new CustomChatCompletionOptions
        {
            Endpoint = backup.BaseAddress,
            ModelId = LocalServerOptions.DefaultChatModelId,
            Resilience = CreateResilience(),
        });
        return new CustomChatClient(options);
    }

    private static CustomResilienceOptions CreateResilience() => new()
    {
        Retry =
        {
            MaxRetries = SoakSettings.MaxRetries,
            BaseDelay = SoakSettings.RetryBaseDelay,
            MaxDelay = SoakSettings.RetryMaxDelay,
            MaxRetryAfter = SoakSettings.MaxRetryAfter,
        },
        Timeouts =
        {
            AttemptTimeout = SoakSettings.AttemptTimeout,
            StreamIdleTimeout = SoakSettings.StreamIdleTimeout,
            TotalTimeout = SoakSettings.TotalTimeout,
        },
        CircuitBreaker =
        {
            Enabled = true,
            FailureRatio = SoakSettings.BreakerFailureRatio,
            MinimumThroughput = SoakSettings.BreakerMinimumThroughput,
            SamplingDuration = SoakSettings.BreakerSamplingDuration,
            BreakDuration = SoakSettings.BreakerBreakDuration,
        },
    };

    private static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
