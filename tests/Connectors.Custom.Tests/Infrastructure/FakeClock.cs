using Microsoft.Extensions.Time.Testing;

namespace Connectors.Custom.Tests.Infrastructure;

/// <summary>Drives a <see cref="FakeTimeProvider"/> while real I/O happens on loopback.</summary>
public static class FakeClock
{
    /// <summary>Advances fake time in steps until <paramref name="task"/> completes. Between steps it yields briefly to
    /// let socket I/O run; no test waits on the real clock for a retry delay or a timeout.</summary>
    public static async Task<T> RunAsync<T>(this FakeTimeProvider clock, Task<T> task, TimeSpan? step = null, int maxSteps = 20_000)
    {
        for (var i = 0; !task.IsCompleted && i < maxSteps; i++)
        {
            await Task.Delay(2);
            if (!task.IsCompleted)
            {
                clock.Advance(step ?? TimeSpan.FromMilliseconds(100));
            }
        }

        return await task;
    }

    public static async Task RunAsync(this FakeTimeProvider clock, Task task, TimeSpan? step = null) =>
        await clock.RunAsync(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), step);
}
