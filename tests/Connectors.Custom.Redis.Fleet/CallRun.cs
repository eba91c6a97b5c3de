namespace Connectors.Custom.Redis.Fleet;

/// <summary>How a driver's calls ended: answered, refused before sending (the refusal the run expects), or failed,
/// with the first failure for the report.</summary>
internal sealed class CallRun
{
    private int _ok;
    private int _refused;
    private int _failed;
    private string? _firstFailure;

    public int Ok => _ok;

    public int Refused => _refused;

    public int Failed => _failed;

    /// <summary>Gets " first=type: message" for the first failure, or nothing.</summary>
    public string FirstFailure => _firstFailure is null ? string.Empty : " first=" + _firstFailure.ReplaceLineEndings(" ");

    /// <summary>Makes <paramref name="calls"/> calls, <paramref name="concurrency"/> at a time.</summary>
    public static async Task<CallRun> RunAsync(int calls, int concurrency, Func<Task> call, Func<Exception, bool> isRefusal)
    {
        var run = new CallRun();
        using var slots = new SemaphoreSlim(concurrency);
        await Task.WhenAll(Enumerable.Range(0, calls).Select(async _ =>
        {
            await slots.WaitAsync();
            try
            {
                await call();
                Interlocked.Increment(ref run._ok);
            }
            catch (Exception ex) when (isRefusal(ex))
            {
                Interlocked.Increment(ref run._refused);
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref run._failed);
                Interlocked.CompareExchange(ref run._firstFailure, $"{ex.GetType().Name}: {ex.Message}", null);
            }
            finally
            {
                slots.Release();
            }
        }));
        return run;
    }
}
