namespace Connectors.Custom.Redis;

/// <summary>
/// The Lua script of shared budgets. Amounts are whole nano-dollars (10⁻⁹ US dollars), so every sum is exact. Each
/// budget is a hash (<c>period</c>, <c>spent</c>, <c>held</c>, and per instance <c>h:{id}</c>, what it holds, and
/// <c>c:{id}</c>, the running total of its spend counted so far) with a sorted set of its instances by the expiry of
/// their holds; the script is given one pair of keys per budget it touches (the service's, the global one), all under
/// one hash tag (see <see cref="BudgetKeys"/>). The period comes from Redis's clock (<c>TIME</c>):
/// days since 1970-01-01, or months as year × 12 + month − 1 (UTC), the numbering of the core's BudgetPeriods.
/// </summary>
internal static class BudgetScripts
{
    /// <summary>The clock and the period number. ARGV[1]: clock offset in ms (tests only;
    /// 0 in use); ARGV[2]: period kind, 0 none, 1 day, 2 month.</summary>
    private const string Clock = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
        local kind = tonumber(ARGV[2])
        local current = 0
        if kind == 1 then
          current = math.floor(now / 86400000)
        elseif kind == 2 then
          -- The civil date of a day number (H. Hinnant's days-to-civil algorithm): Lua in Redis has no date library.
          local z = math.floor(now / 86400000) + 719468
          local era = math.floor(z / 146097)
          local doe = z - era * 146097
          local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
          local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
          local mp = math.floor((5 * doy + 2) / 153)
          local month = mp < 10 and mp + 3 or mp - 9
          local year = yoe + era * 400 + (month <= 2 and 1 or 0)
          current = year * 12 + month - 1
        end

        """;

    /// <summary>
    /// Reports what an instance's calls spent and sets the budget it holds (its allowance), admitting one more call
    /// or refusing it. Expired holds (of a crashed instance) are dropped first and the period is rolled. The instance's
    /// spend is reported as a running total: only what the budget has not yet counted from it is added, so a report
    /// whose answer was lost and is sent again is never counted twice. Then the instance's hold is set to
    /// <c>keep</c> (its calls in flight) plus, when a call is asking, <c>need</c> (that call's estimate; −1 when none
    /// is) and up to <c>extra</c> (estimates of calls to come, at most a quarter of what the budget has left, so
    /// instances share what remains). A call is refused, and only <c>keep</c> held, when a budget's spend plus every hold reaches its
    /// limit or would pass it with the estimate; with <c>force</c> (budgets that only warn) it is admitted and the
    /// first budget exceeded reported. A final report ends the instance's hold and forgets it.
    /// KEYS: budget, holds (per budget). ARGV: offset, kind, hold ms, instance, total reported, total confirmed,
    /// keep, need, extra, force, keep ms, final, then one limit per budget.
    /// Returns {admitted, index of the budget exceeded (0: none), its spend, what it has committed besides, grant}.
    /// </summary>
    public const string Report = Clock + """
        local holdMs = tonumber(ARGV[3])
        local id = ARGV[4]
        local total = tonumber(ARGV[5])
        local confirmed = tonumber(ARGV[6])
        local keep = tonumber(ARGV[7])
        local need = tonumber(ARGV[8])
        local asking = need >= 0
        need = math.max(need, 0)
        local extra = tonumber(ARGV[9])
        local force = tonumber(ARGV[10])
        local keepMs = tonumber(ARGV[11])
        local final = ARGV[12] == '1'
        local count = #KEYS / 2
        local spent, others, own, unreported = {}, {}, {}, {}
        local exceeded = 0
        for i = 1, count do
          local budget, holds = KEYS[2 * i - 1], KEYS[2 * i]
          local expired = redis.call('ZRANGEBYSCORE', holds, '-inf', now, 'LIMIT', 0, 1000)
          for _, old in ipairs(expired) do
            local amount = redis.call('HGET', budget, 'h:' .. old)
            if amount then
              redis.call('HINCRBY', budget, 'held', 0 - tonumber(amount))
            end
            redis.call('HDEL', budget, 'h:' .. old, 'c:' .. old)
          end
          if #expired > 0 then
            redis.call('ZREM', holds, unpack(expired))
          end
          local state = redis.call('HMGET', budget, 'period', 'spent', 'held', 'h:' .. id, 'c:' .. id)
          if tonumber(state[1] or '-1') ~= current then
            redis.call('HSET', budget, 'period', current, 'spent', 0)
            state[2] = '0'
          end
          own[i] = tonumber(state[4] or '0')
          -- What this instance reported before: the budget's own record, or (once that expired with the instance's
          -- hold) the last report the instance saw answered.
          unreported[i] = math.max(0, total - tonumber(state[5] or confirmed))
          spent[i] = tonumber(state[2] or '0') + unreported[i]
          others[i] = tonumber(state[3] or '0') - own[i]
          local limit = tonumber(ARGV[12 + i])
          local committed = spent[i] + others[i] + keep
          if asking and exceeded == 0 and (committed >= limit or committed + need > limit) then
            exceeded = i
          end
          extra = math.min(extra, math.max(0, math.floor((limit - committed - need) / 4)))
        end

        local admitted = exceeded == 0 or force == 1
        local grant = keep
        if final then
          -- The instance is going away: nothing it holds may outlive its fields.
          grant = 0
        elseif admitted then
          grant = keep + need
          if exceeded == 0 then
            grant = grant + extra
          end
        end

        for i = 1, count do
          local budget, holds = KEYS[2 * i - 1], KEYS[2 * i]
          if unreported[i] > 0 then
            redis.call('HINCRBY', budget, 'spent', unreported[i])
          end
          if grant ~= own[i] then
            redis.call('HINCRBY', budget, 'held', grant - own[i])
          end
          if final then
            redis.call('HDEL', budget, 'h:' .. id, 'c:' .. id)
            redis.call('ZREM', holds, id)
          else
            redis.call('HSET', budget, 'h:' .. id, grant, 'c:' .. id, total)
            redis.call('ZADD', holds, now + holdMs, id)
          end
          redis.call('PEXPIRE', budget, keepMs)
          redis.call('PEXPIRE', holds, keepMs)
        end

        if exceeded > 0 then
          return {admitted and 1 or 0, exceeded, spent[exceeded], others[exceeded] + keep, grant}
        end
        return {1, 0, 0, 0, grant}
        """;
}
