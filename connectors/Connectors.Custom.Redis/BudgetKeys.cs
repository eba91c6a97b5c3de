using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Connectors.Custom.Redis;

/// <summary>
/// The keys of one service's budgets: <c>{prefix}:{budget}:service:{id}:{period}</c> (and <c>:holds</c>) for its
/// own limit, <c>{prefix}:{budget}:global:{period}</c> (and <c>:holds</c>) for the application-wide one. Every
/// budget key carries the hash tag <c>{budget}</c>, so the service's and the global budget fall in one Redis Cluster
/// slot and one script reserves against both atomically. The id is a hash of the service id (or, without one, of
/// the primary endpoint, model and key fingerprint); the period kind is part of the name, so services counting by
/// day and by month never share a counter.
/// </summary>
internal sealed class BudgetKeys
{
    public BudgetKeys(string prefix, FleetBudget budget)
    {
        var period = budget.Options.Period switch
        {
            BudgetPeriod.None => "none",
            BudgetPeriod.Day => "day",
            BudgetPeriod.Month => "month",
            _ => throw new ArgumentOutOfRangeException(nameof(budget), budget.Options.Period, null),
        };
        var root = $"{prefix}:{{budget}}:";
        var keys = new List<RedisKey>(4);
        var limits = new List<RedisValue>(2);
        var scopes = new List<(string Scope, decimal Limit)>(2);
        if (budget.Options.ServiceLimit is { } service)
        {
            var identity = budget.ServiceId is { } id
                ? "id\n" + id
                : $"endpoint\n{budget.Primary.Address}\n{budget.Primary.ModelId}\n{budget.Primary.KeyFingerprint}";
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 8));
            Add($"{root}service:{hash}:{period}", LocalBudgetGate.ServiceScope(budget.ServiceId), service);
        }

        if (budget.Options.GlobalLimit is { } global)
        {
            Add($"{root}global:{period}", "global", global);
        }

        Keys = [.. keys];
        Limits = [.. limits];
        Scopes = [.. scopes];

        void Add(string key, string scope, decimal limit)
        {
            keys.Add(key);
            keys.Add(key + ":holds");
            limits.Add(Nano.FromDollars(limit, MidpointRounding.ToZero));
            scopes.Add((scope, limit));
        }
    }

    /// <summary>Gets the keys of <see cref="BudgetScripts"/>: the budget hash and its holds, per budget.</summary>
    public RedisKey[] Keys { get; }

    /// <summary>Gets each budget's limit in nano-dollars, in the order of <see cref="Keys"/>.</summary>
    public RedisValue[] Limits { get; }

    /// <summary>Gets each budget's name and limit in dollars, for messages, in the same order.</summary>
    public (string Scope, decimal Limit)[] Scopes { get; }
}
