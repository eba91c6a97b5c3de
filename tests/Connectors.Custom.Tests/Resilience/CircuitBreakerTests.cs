using Microsoft.Extensions.Time.Testing;

namespace Connectors.Custom.Tests.Resilience;

public sealed class CircuitBreakerTests
{
    private const string Endpoint = "http://model.test/v1";
    private readonly FakeTimeProvider _clock = new();
    private readonly List<CircuitState> _transitions = [];

    private CircuitBreaker Create(int minimumThroughput = 4, double ratio = 0.5) => new(
        new CustomCircuitBreakerOptions { MinimumThroughput = minimumThroughput, FailureRatio = ratio, SamplingDuration = TimeSpan.FromSeconds(30), BreakDuration = TimeSpan.FromSeconds(10) },
        _clock,
        (state, _) => _transitions.Add(state));

    private static void Attempt(CircuitBreaker circuit, bool fails)
    {
        circuit.Enter(Endpoint);
        if (fails)
        {
            circuit.RecordFailure();
        }
        else
        {
            circuit.RecordSuccess();
        }
    }

    [Fact]
    public void FailureRatio_OpensOnlyOnceTheMinimumThroughputIsReached()
    {
        var circuit = Create();
        Attempt(circuit, fails: true);
        Attempt(circuit, fails: false);
        Attempt(circuit, fails: true);
        Assert.Empty(_transitions);

        Attempt(circuit, fails: true);

        Assert.Equal([CircuitState.Open], _transitions);
        var refused = Assert.Throws<CustomCircuitOpenException>(() => circuit.Enter(Endpoint));
        Assert.Equal(TimeSpan.FromSeconds(10), refused.RetryAfter);
        Assert.True(circuit.IsOpen);
    }

    [Fact]
    public void FailuresInAnEarlierWindow_DoNotCount()
    {
        var circuit = Create();
        Attempt(circuit, fails: true);
        Attempt(circuit, fails: true);
        Attempt(circuit, fails: true);
        _clock.Advance(TimeSpan.FromSeconds(31));

        Attempt(circuit, fails: true);

        Assert.Empty(_transitions);
    }

    [Fact]
    public void AfterTheBreak_OneProbeGoesThrough_AndItsSuccessCloses()
    {
        var circuit = Create(minimumThroughput: 2, ratio: 1);
        Attempt(circuit, fails: true);
        Attempt(circuit, fails: true);
        _clock.Advance(TimeSpan.FromSeconds(10));

        circuit.Enter(Endpoint);
        Assert.Throws<CustomCircuitOpenException>(() => circuit.Enter(Endpoint));
        circuit.RecordSuccess();

        Assert.Equal([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Closed], _transitions);
        circuit.Enter(Endpoint);
    }

    [Fact]
    public void FailedProbe_ReopensForAWholeBreak()
    {
        var circuit = Create(minimumThroughput: 2, ratio: 1);
        Attempt(circuit, fails: true);
        Attempt(circuit, fails: true);
        _clock.Advance(TimeSpan.FromSeconds(10));

        Attempt(circuit, fails: true);
        _clock.Advance(TimeSpan.FromSeconds(9));

        Assert.Equal([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Open], _transitions);
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Throws<CustomCircuitOpenException>(() => circuit.Enter(Endpoint)).RetryAfter);
    }

    [Fact]
    public void AbandonedProbe_IsHandedBack_SoTheCircuitDoesNotStayHalfOpen()
    {
        var circuit = Create(minimumThroughput: 2, ratio: 1);
        Attempt(circuit, fails: true);
        Attempt(circuit, fails: true);
        _clock.Advance(TimeSpan.FromSeconds(10));
        circuit.Enter(Endpoint);

        circuit.Abandon();

        circuit.Enter(Endpoint);
        circuit.RecordSuccess();
        Assert.Equal(CircuitState.Closed, _transitions[^1]);
    }
}
