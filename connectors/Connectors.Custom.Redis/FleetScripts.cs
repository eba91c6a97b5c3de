namespace Connectors.Custom.Redis;

/// <summary>
/// The Lua scripts that change fleet state. Each runs atomically on the Redis server, reads the time from Redis
/// (<c>TIME</c>, never an instance's clock) and touches only the keys of one endpoint, which share one hash slot
/// (see <see cref="FleetKeys"/>), so they run unchanged on Redis Cluster.
/// </summary>
internal static class FleetScripts
{
    /// <summary>
    /// Admits one request or says how long to wait, in one round trip: the endpoint's cooldown and shared circuit, then
    /// its concurrency leases (expired ones dropped first, so a crashed instance's slots come back), then the sliding
    /// window of requests and tokens. Nothing is charged, and no half-open probe taken, unless everything admits it.
    /// KEYS: log (sorted set id → admission time), amounts (hash id → tokens, plus <c>#total</c>), leases (sorted set
    /// id → lease expiry), cooldown (string: deadline), circuit (hash: <c>until</c> open deadline, <c>probe</c> deadline
    /// of the fleet's one half-open probe). ARGV: window ms, max requests (0: none), max tokens (0: none), estimated
    /// tokens, max leases (0: none), lease ms, id, break ms (0: no shared circuit).
    /// Returns {1, probe} when admitted (probe 1 when this request is the half-open probe), else {0, wait ms, reason}
    /// with reason 1 cooldown, 2 concurrency, 3 requests, 4 tokens, 5 circuit open.
    /// </summary>
    public const string Admit = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local window = tonumber(ARGV[1])
        local maxRequests = tonumber(ARGV[2])
        local maxTokens = tonumber(ARGV[3])
        local tokens = math.min(tonumber(ARGV[4]), maxTokens > 0 and maxTokens or tonumber(ARGV[4]))
        local maxLeases = tonumber(ARGV[5])
        local leaseMs = tonumber(ARGV[6])
        local id = ARGV[7]
        local breakMs = tonumber(ARGV[8])

        local deadline = tonumber(redis.call('GET', KEYS[4]) or '0')
        if deadline > now then
          return {0, deadline - now, 1}
        end

        local halfOpen = false
        if breakMs > 0 then
          local openUntil = tonumber(redis.call('HGET', KEYS[5], 'until') or '0')
          if openUntil > now then
            return {0, openUntil - now, 5}
          end
          if openUntil > 0 then
            local probeUntil = tonumber(redis.call('HGET', KEYS[5], 'probe') or '0')
            if probeUntil > now then
              return {0, probeUntil - now, 5}
            end
            halfOpen = true
          end
        end

        if maxLeases > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
          if redis.call('ZCARD', KEYS[3]) >= maxLeases then
            local first = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
            return {0, math.max(1, math.min(tonumber(first[2]) - now, 50)), 2}
          end
        end

        if maxRequests > 0 or maxTokens > 0 then
          local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - window, 'LIMIT', 0, 1000)
          if #expired > 0 then
            local amounts = redis.call('HMGET', KEYS[2], unpack(expired))
            local freed = 0
            for _, amount in ipairs(amounts) do
              if amount then freed = freed + tonumber(amount) end
            end
            redis.call('ZREM', KEYS[1], unpack(expired))
            redis.call('HDEL', KEYS[2], unpack(expired))
            redis.call('HINCRBY', KEYS[2], '#total', -freed)
          end

          local count = redis.call('ZCARD', KEYS[1])
          if maxRequests > 0 and count >= maxRequests then
            local oldest = redis.call('ZRANGE', KEYS[1], count - maxRequests, count - maxRequests, 'WITHSCORES')
            return {0, math.max(1, tonumber(oldest[2]) + window - now + 1), 3}
          end

          if maxTokens > 0 then
            local used = tonumber(redis.call('HGET', KEYS[2], '#total') or '0')
            if used + tokens > maxTokens then
              local need = used + tokens - maxTokens
              local entries = redis.call('ZRANGE', KEYS[1], 0, 999, 'WITHSCORES')
              local wait = window
              local freed = 0
              for i = 1, #entries, 2 do
                freed = freed + tonumber(redis.call('HGET', KEYS[2], entries[i]) or '0')
                if freed >= need then
                  wait = tonumber(entries[i + 1]) + window - now + 1
                  break
                end
              end
              return {0, math.max(1, wait), 4}
            end
          end

          redis.call('ZADD', KEYS[1], now, id)
          redis.call('HSET', KEYS[2], id, tokens)
          redis.call('HINCRBY', KEYS[2], '#total', tokens)
          redis.call('PEXPIRE', KEYS[1], window + 1000)
          redis.call('PEXPIRE', KEYS[2], window + 1000)
        end

        if maxLeases > 0 then
          redis.call('ZADD', KEYS[3], now + leaseMs, id)
          redis.call('PEXPIRE', KEYS[3], leaseMs + 1000)
        end

        if halfOpen then
          -- The probe is held for one break at most, so a prober that crashes hands it on.
          redis.call('HSET', KEYS[5], 'probe', now + breakMs)
          return {1, 1}
        end

        return {1, 0}
        """;

    /// <summary>Ends an admitted request: charges it the difference between the tokens used and the estimate, if its
    /// entry is still in the window, and releases its concurrency lease. KEYS: amounts, leases. ARGV: id, difference
    /// (0: none), release (1: the endpoint limits concurrency).</summary>
    public const string Finish = """
        if ARGV[2] ~= '0' and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
          redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
          redis.call('HINCRBY', KEYS[1], '#total', ARGV[2])
        end
        if ARGV[3] == '1' then
          redis.call('ZREM', KEYS[2], ARGV[1])
        end
        return 0
        """;

    /// <summary>Holds the endpoint for every instance until now + wait, unless an earlier cooldown already holds it
    /// longer: a second cooldown never shortens the first. KEYS: cooldown. ARGV: wait ms.
    /// Returns 1 when the deadline moved, 0 when the one in place was later.</summary>
    public const string Cooldown = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local wait = tonumber(ARGV[1])
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        if now + wait > current then
          redis.call('SET', KEYS[1], now + wait, 'PX', wait)
          return 1
        end
        return 0
        """;

    /// <summary>Opens the shared circuit for every instance until now + break, keeping a later deadline already in
    /// place, and ends any half-open probe. The circuit's key outlives the deadline by ten breaks: half-open until a
    /// probe's verdict, or closed by expiry when nobody calls. KEYS: circuit. ARGV: break ms.</summary>
    public const string OpenCircuit = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local breakMs = tonumber(ARGV[1])
        local deadline = math.max(now + breakMs, tonumber(redis.call('HGET', KEYS[1], 'until') or '0'))
        redis.call('HSET', KEYS[1], 'until', deadline)
        redis.call('HDEL', KEYS[1], 'probe')
        redis.call('PEXPIRE', KEYS[1], deadline - now + 10 * breakMs)
        return 0
        """;

    /// <summary>Closes the shared circuit after a successful half-open probe. KEYS: circuit.</summary>
    public const string CloseCircuit = """
        redis.call('DEL', KEYS[1])
        return 0
        """;

    /// <summary>Hands back a half-open probe that ended without a verdict (cancelled). KEYS: circuit.</summary>
    public const string ReleaseProbe = """
        redis.call('HDEL', KEYS[1], 'probe')
        return 0
        """;

    /// <summary>Takes back an admission whose answer never arrived (the operation timed out or was cancelled, and the
    /// script may or may not have run): a no-op if it did not, so a timeout never inflates the counters.
    /// KEYS: log, amounts, leases. ARGV: id.</summary>
    public const string Withdraw = """
        local amount = redis.call('HGET', KEYS[2], ARGV[1])
        if amount then
          redis.call('HDEL', KEYS[2], ARGV[1])
          redis.call('HINCRBY', KEYS[2], '#total', 0 - tonumber(amount))
        end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZREM', KEYS[3], ARGV[1])
        return 0
        """;
}
