namespace Connectors.Custom.Redis.Tests;

/// <summary>A circuit opened by one instance is open for all; after the break, one probe across the fleet decides.</summary>
public sealed class SharedCircuitTests : IDisposable
{
    private static readonly CustomCircuitBreakerOptions Circuit = new() { BreakDuration = TimeSpan.FromMilliseconds(300) };

    private readonly RedisServer _server = RedisServer.Start();
    private readonly FleetInstance _first;
    private readonly FleetInstance _second;

    public SharedCircuitTests()
    {
        _first = FleetInstance.Connect(_server);
        _second = FleetInstance.Connect(_server);
    }

    [RedisFact]
    public async Task A_circuit_opened_by_one_instance_refuses_calls_on_another()
    {
        using var opener = _first.Limiter(new CustomRateLimitOptions(), Circuit);
        using var other = _second.Limiter(new CustomRateLimitOptions(), Circuit);

        opener.ShareCircuitOpen(TimeSpan.FromMinutes(1));
        await _first.FlushAsync();

        var refused = await Assert.ThrowsAsync<CustomCircuitOpenException>(() => other.AcquireAsync(1, CancellationToken.None));
        Assert.True(refused.RetryAfter > TimeSpan.FromSeconds(50), $"open for {refused.RetryAfter}");
    }

    [RedisFact]
    public async Task Reopening_keeps_the_later_deadline()
    {
        using var a = _first.Limiter(new CustomRateLimitOptions(), Circuit);
        using var b = _second.Limiter(new CustomRateLimitOptions(), Circuit);

        a.ShareCircuitOpen(TimeSpan.FromMinutes(1));
        await _first.FlushAsync();
        b.ShareCircuitOpen(TimeSpan.FromMilliseconds(1));
        await _second.FlushAsync();

        var refused = await Assert.ThrowsAsync<CustomCircuitOpenException>(() => b.AcquireAsync(1, CancellationToken.None));
        Assert.True(refused.RetryAfter > TimeSpan.FromSeconds(50), $"open for {refused.RetryAfter}");
    }

    [RedisFact]
    public async Task After_the_break_one_probe_goes_through_across_the_fleet_and_its_success_closes_the_circuit()
    {
        using var a = _first.Limiter(new CustomRateLimitOptions(), Circuit);
        using var b = _second.Limiter(new CustomRateLimitOptions(), Circuit);
        a.ShareCircuitOpen(Circuit.BreakDuration);
        await _first.FlushAsync();
        var probe = await WaitUntilAdmittedAsync(a);

        // The probe is out: every other caller, in any instance, is refused until its verdict.
        await Assert.ThrowsAsync<CustomCircuitOpenException>(() => b.AcquireAsync(1, CancellationToken.None));
        await Assert.ThrowsAsync<CustomCircuitOpenException>(() => a.AcquireAsync(1, CancellationToken.None));

        probe.RecordVerdict(failed: false);
        probe.Dispose();
        await _first.FlushAsync();
        (await b.AcquireAsync(1, CancellationToken.None)).Dispose();
        (await b.AcquireAsync(1, CancellationToken.None)).Dispose();
    }

    [RedisFact]
    public async Task A_failed_probe_reopens_the_circuit_for_everyone()
    {
        using var a = _first.Limiter(new CustomRateLimitOptions(), Circuit);
        using var b = _second.Limiter(new CustomRateLimitOptions(), Circuit);
        a.ShareCircuitOpen(Circuit.BreakDuration);
        await _first.FlushAsync();
        var probe = await WaitUntilAdmittedAsync(a);

        probe.RecordVerdict(failed: true);
        await _first.FlushAsync();

        var refused = await Assert.ThrowsAsync<CustomCircuitOpenException>(() => b.AcquireAsync(1, CancellationToken.None));
        Assert.True(refused.RetryAfter > TimeSpan.FromMilliseconds(150), $"open for {refused.RetryAfter}");
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _server.Dispose();
    }

    /// <summary>Polls (the break runs on Redis's clock) until the limiter admits a call, which is then the probe.</summary>
    private static async Task<ILimiterLease> WaitUntilAdmittedAsync(IEndpointLimiter limiter)
    {
        for (var tries = 0; tries < 200; tries++)
        {
            try
            {
                return await limiter.AcquireAsync(1, CancellationToken.None);
            }
            catch (CustomCircuitOpenException)
            {
                await Task.Delay(25);
            }
        }

        throw new InvalidOperationException("The circuit never half-opened.");
    }
}
