namespace Connectors.Custom.Redis.Tests;

/// <summary>Rate limits, token corrections and concurrency leases shared by separate instances through a real Redis.</summary>
public sealed class SharedLimitsTests : IDisposable
{
    private readonly RedisServer _server = RedisServer.Start();
    private readonly List<FleetInstance> _instances = [];

    [RedisFact]
    public async Task Requests_per_window_are_admitted_once_across_instances()
    {
        var (a, b) = TwoInstances(new CustomRateLimitOptions { RequestsPerMinute = 5, OverLimit = OverLimitBehavior.Reject });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => TryAcquireAsync(i % 2 == 0 ? a : b, 1)));

        Assert.Equal(5, outcomes.Count(admitted => admitted));
    }

    [RedisFact]
    public async Task Token_estimates_are_corrected_with_the_usage_reported()
    {
        var (limiter, otherLimiter) = TwoInstances(new CustomRateLimitOptions { TokensPerMinute = 100, OverLimit = OverLimitBehavior.Reject });

        using (var lease = await limiter.AcquireAsync(80, CancellationToken.None))
        {
            lease.RecordUsage(10);
        }

        await _instances[0].FlushAsync();

        // 10 used + 80 estimated fits 100 only because the first estimate of 80 was corrected to the 10 used.
        using var second = await otherLimiter.AcquireAsync(80, CancellationToken.None);
        var over = await Assert.ThrowsAsync<CustomRateLimitException>(() => otherLimiter.AcquireAsync(20, CancellationToken.None));
        Assert.Contains("tokens", over.Message, StringComparison.Ordinal);
        Assert.True(over.IsClientSide);
    }

    [RedisFact]
    public async Task A_released_concurrency_slot_is_free_for_another_instance()
    {
        var (a, b) = TwoInstances(new CustomRateLimitOptions { MaxConcurrentRequests = 1, OverLimit = OverLimitBehavior.Reject });

        var held = await a.AcquireAsync(1, CancellationToken.None);
        var busy = await Assert.ThrowsAsync<CustomRateLimitException>(() => b.AcquireAsync(1, CancellationToken.None));
        Assert.Contains("concurrency", busy.Message, StringComparison.Ordinal);

        held.Dispose();
        await _instances[0].FlushAsync();
        using var next = await b.AcquireAsync(1, CancellationToken.None);
    }

    [RedisFact]
    public async Task The_slots_of_a_crashed_instance_come_back_when_their_lease_expires()
    {
        var limits = new CustomRateLimitOptions { MaxConcurrentRequests = 2, OverLimit = OverLimitBehavior.Wait, MaxQueueTime = TimeSpan.FromSeconds(30) };
        var crashed = FleetInstance.Connect(_server, o => o.ConcurrencyLeaseTime = TimeSpan.FromMilliseconds(300));
        var limiter = crashed.Limiter(limits);
        await limiter.AcquireAsync(1, CancellationToken.None);
        await limiter.AcquireAsync(1, CancellationToken.None);

        // The instance dies holding both slots: its leases are never released.
        crashed.Connection.Dispose();

        using var survivor = FleetInstance.Connect(_server);
        using var survivorLimiter = survivor.Limiter(limits);
        using var first = await survivorLimiter.AcquireAsync(1, CancellationToken.None);
        using var second = await survivorLimiter.AcquireAsync(1, CancellationToken.None);
        var full = await Assert.ThrowsAsync<CustomRateLimitException>(() => survivor.Limiter(new CustomRateLimitOptions { MaxConcurrentRequests = 2, OverLimit = OverLimitBehavior.Reject }).AcquireAsync(1, CancellationToken.None));
        Assert.Contains("concurrency", full.Message, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task A_timed_out_admission_is_withdrawn_so_it_does_not_count()
    {
        using var instance = FleetInstance.Connect(_server);
        var limits = new CustomRateLimitOptions { RequestsPerMinute = 1, OverLimit = OverLimitBehavior.Reject };
        using var limiter = instance.Limiter(limits);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.AcquireAsync(1, cancelled.Token));
        await instance.FlushAsync();

        using var admitted = await limiter.AcquireAsync(1, CancellationToken.None);
    }

    [RedisFact]
    public async Task An_admission_at_once_waited_nothing_and_one_the_window_held_back_reports_its_wait()
    {
        // The round trip to Redis is not a wait: only a request the fleet's window held back reports one (and is
        // recorded as a rate-limit wait).
        var instance = FleetInstance.Connect(_server, o => o.Window = TimeSpan.FromMilliseconds(200));
        _instances.Add(instance);
        var limiter = instance.Limiter(new CustomRateLimitOptions { RequestsPerMinute = 300, OverLimit = OverLimitBehavior.Wait, MaxQueueTime = TimeSpan.FromSeconds(30) });

        using var first = await limiter.AcquireAsync(1, CancellationToken.None);
        using var second = await limiter.AcquireAsync(1, CancellationToken.None);

        Assert.Equal(TimeSpan.Zero, first.Waited);
        Assert.True(second.Waited > TimeSpan.Zero);
    }

    public void Dispose()
    {
        foreach (var instance in _instances)
        {
            instance.Dispose();
        }

        _server.Dispose();
    }

    /// <summary>Two instances of one application, each with its own connection, limiting the same endpoint.</summary>
    private (IEndpointLimiter First, IEndpointLimiter Second) TwoInstances(CustomRateLimitOptions limits)
    {
        _instances.Add(FleetInstance.Connect(_server));
        _instances.Add(FleetInstance.Connect(_server));
        return (_instances[0].Limiter(limits), _instances[1].Limiter(limits));
    }

    private static async Task<bool> TryAcquireAsync(IEndpointLimiter limiter, int tokens)
    {
        try
        {
            (await limiter.AcquireAsync(tokens, CancellationToken.None)).Dispose();
            return true;
        }
        catch (CustomRateLimitException exception) when (exception.IsClientSide)
        {
            return false;
        }
    }
}
