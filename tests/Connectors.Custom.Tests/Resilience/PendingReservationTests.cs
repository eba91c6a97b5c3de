using System.Collections.Concurrent;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Resilience;

/// <summary>A shared budget's reservation that has not answered yet: the first attempt is admitted by its limiter
/// meanwhile (so the two round trips overlap), nothing is sent until the reservation lets the call through, and a
/// refusal gives the admission back, sends nothing and is not retried.</summary>
public sealed class PendingReservationTests : LoopbackTest
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheAttemptIsAdmittedWhileTheReservationIsOnItsWay_AndSendsOnceItLetsTheCallThrough()
    {
        Server.EnqueueBody(ChatBody);
        var fleet = new PendingFleet();
        using var client = Client(fleet);

        var call = client.GetResponseAsync("hi");
        await fleet.Admitted.Task.WaitAsync(Bound);
        Assert.Empty(Server.Requests);
        fleet.Reservation.SetResult(fleet.Hold);
        var response = await call;

        Assert.Equal("ok", response.Text);
        Assert.Single(Server.Requests);
        Assert.Equal(["reserve", "admit", "release", "end hold"], fleet.Events);
    }

    [Fact]
    public async Task ARefusedReservation_GivesTheAdmissionBack_SendsNothing_AndIsNotRetried()
    {
        var fleet = new PendingFleet();
        using var client = Client(fleet);

        var call = client.GetResponseAsync("hi");
        await fleet.Admitted.Task.WaitAsync(Bound);
        fleet.Reservation.SetException(new CustomBudgetExceededException("shared", 1m, 1m));

        var refused = await Assert.ThrowsAsync<CustomBudgetExceededException>(() => call);
        Assert.Equal("shared", refused.Scope);
        Assert.Empty(Server.Requests);
        Assert.Equal(["reserve", "admit", "withdraw"], fleet.Events);
    }

    [Fact]
    public void AHoldEndedBeforeItsReservationAnswered_IsEndedWhenItDoes()
    {
        var fleet = new PendingFleet();
        var reservation = new TaskCompletionSource<IBudgetHold>();
        var pending = new PendingBudgetHold(reservation.Task);

        pending.Dispose();
        pending.Dispose();
        Assert.Empty(fleet.Events);
        reservation.SetResult(fleet.Hold);

        Assert.Equal(["end hold"], fleet.Events);
    }

    private const string ChatBody = """{"id":"c1","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";

    private CustomChatClient Client(PendingFleet fleet)
    {
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = "m", EnableTelemetry = false, Price = new ModelPrice { InputPerMillion = 1m, OutputPerMillion = 1m } };
        options.Budget.ServiceLimit = 10m;
        options.Resilience.Retry.MaxRetries = 3;
        return new CustomChatClient(options, httpClient: null, timeProvider: null, loggerFactory: null, new CustomUsageTracker(), serviceId: null, fleet);
    }

    /// <summary>A fleet whose budget reservation answers when the test says so, and whose limiter records what happens
    /// to its admissions.</summary>
    private sealed class PendingFleet : IFleetCoordinator, IBudgetGate, IEndpointLimiter
    {
        private readonly ConcurrentQueue<string> _events = new();

        public PendingFleet() => Hold = new RecordingHold(this);

        public TaskCompletionSource<IBudgetHold> Reservation { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Admitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IBudgetHold Hold { get; }

        public string[] Events => [.. _events];

        public IEndpointLimiter CreateLimiter(FleetEndpoint endpoint, CustomResilienceOptions options, EndpointLimiter? local, TimeProvider timeProvider) => this;

        public IBudgetGate CreateBudgetGate(FleetBudget budget, LocalBudgetGate local) => this;

        public ILearnedQuirks CreateLearnedQuirks(string address, string modelId, CustomQuirkProfile configured, TimeProvider timeProvider) => new LocalLearnedQuirks(configured);

        public IEmbeddingGenerator<string, Embedding<float>> CacheEmbeddings(IEmbeddingGenerator<string, Embedding<float>> generator, string modelId, int? dimensions) => generator;

        public ValueTask<IBudgetHold> HoldAsync(int estimatedTokens, CancellationToken cancellationToken)
        {
            _events.Enqueue("reserve");
            return new(Reservation.Task);
        }

        public Task<ILimiterLease> AcquireAsync(int estimatedTokens, CancellationToken cancellationToken)
        {
            _events.Enqueue("admit");
            Admitted.TrySetResult();
            return Task.FromResult<ILimiterLease>(new Lease(this));
        }

        public void ShareCooldown(TimeSpan wait)
        {
        }

        public void Dispose()
        {
        }

        private sealed class Lease(PendingFleet owner) : ILimiterLease
        {
            private int _ended;

            public void RecordUsage(long? actualTokens)
            {
            }

            public void Withdraw()
            {
                if (Interlocked.Exchange(ref _ended, 1) == 0)
                {
                    owner._events.Enqueue("withdraw");
                }
            }

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _ended, 1) == 0)
                {
                    owner._events.Enqueue("release");
                }
            }
        }

        private sealed class RecordingHold(PendingFleet owner) : IBudgetHold
        {
            public void Charge(decimal cost)
            {
            }

            public void Dispose() => owner._events.Enqueue("end hold");
        }
    }
}
