namespace Connectors.Custom.Redis;

/// <summary>
/// The Lua scripts of shared budgets. Amounts are whole nano-dollars (10⁻⁹ US dollars), so every sum is exact. Each
/// budget is a hash (<c>period</c>, <c>spent</c>, <c>held</c>, and <c>h:{id}</c> per reservation) with a sorted set of
/// its reservations by expiry; a script is given one pair of keys per budget it touches (the service's, the global
/// one), all under one hash tag (see <see cref="BudgetKeys"/>). The period comes from Redis's clock (<c>TIME</c>):
/// days since 1970-01-01, or months as year × 12 + month − 1 (UTC), the numbering of the core's BudgetPeriods.
/// </summary>
internal static class BudgetScripts
{
    /// <summary>The clock and the period number, shared by both scripts. ARGV[1]: clock offset in ms (tests only;
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

        -- A budget enters a new period once: the first script to see it resets the spend, and no other can redo it.
        local function roll(budget)
          if tonumber(redis.call('HGET', budget, 'period') or '-1') ~= current then
            redis.call('HSET', budget, 'period', current, 'spent', 0)
          end
        end

        """;

    /// <summary>
    /// Reserves a call's estimated cost in every budget, or refuses it: expired reservations (of a crashed instance)
    /// are dropped first, the period is rolled, and the call is admitted only if each budget's spend plus what is
    /// reserved plus the estimate stays within its limit. Nothing is reserved unless every budget admits it, except
    /// with <c>force</c> (budgets that only warn), which reserves and reports the first budget exceeded.
    /// KEYS: budget, holds (per budget). ARGV: offset, kind, hold ms, id, estimate, force, keep ms, then one limit per
    /// budget. Returns {admitted, index of the budget exceeded (0: none), its spend, its reserved amount}.
    /// </summary>
    public const string Reserve = Clock + """
        local holdMs = tonumber(ARGV[3])
        local id = ARGV[4]
        local estimate = tonumber(ARGV[5])
        local force = tonumber(ARGV[6])
        local keepMs = tonumber(ARGV[7])
        local count = #KEYS / 2
        local spent, held = {}, {}
        local exceeded = 0
        for i = 1, count do
          local budget, holds = KEYS[2 * i - 1], KEYS[2 * i]
          local expired = redis.call('ZRANGEBYSCORE', holds, '-inf', now, 'LIMIT', 0, 1000)
          for _, old in ipairs(expired) do
            local amount = redis.call('HGET', budget, 'h:' .. old)
            if amount then
              redis.call('HDEL', budget, 'h:' .. old)
              redis.call('HINCRBY', budget, 'held', 0 - tonumber(amount))
            end
          end
          if #expired > 0 then
            redis.call('ZREM', holds, unpack(expired))
          end
          -- roll(budget), with the spend and the holds read in the same call: this runs before every call.
          local state = redis.call('HMGET', budget, 'period', 'spent', 'held')
          if tonumber(state[1] or '-1') ~= current then
            redis.call('HSET', budget, 'period', current, 'spent', 0)
            state[2] = '0'
          end
          spent[i] = tonumber(state[2] or '0')
          held[i] = tonumber(state[3] or '0')
          local limit = tonumber(ARGV[7 + i])
          if exceeded == 0 and (spent[i] + held[i] >= limit or spent[i] + held[i] + estimate > limit) then
            exceeded = i
          end
        end

        if exceeded > 0 and force == 0 then
          return {0, exceeded, spent[exceeded], held[exceeded]}
        end

        for i = 1, count do
          local budget, holds = KEYS[2 * i - 1], KEYS[2 * i]
          redis.call('HSET', budget, 'h:' .. id, estimate)
          redis.call('HINCRBY', budget, 'held', estimate)
          redis.call('ZADD', holds, now + holdMs, id)
          redis.call('PEXPIRE', budget, keepMs)
          redis.call('PEXPIRE', holds, keepMs)
        end

        if exceeded > 0 then
          return {1, exceeded, spent[exceeded], held[exceeded]}
        end
        return {1, 0, 0, 0}
        """;

    /// <summary>
    /// Ends a reservation (if it is still there: it may have expired, or never have been made while Redis was
    /// unreachable) and adds what the call actually cost to each budget's spend, in the current period. Sent once per
    /// reservation; a late charge (a hedge that finished after its call) is sent with an id that holds nothing.
    /// KEYS: budget, holds (per budget). ARGV: offset, kind, id, actual, keep ms.
    /// </summary>
    public const string Settle = Clock + """
        local id = ARGV[3]
        local actual = tonumber(ARGV[4])
        local keepMs = tonumber(ARGV[5])
        for i = 1, #KEYS / 2 do
          local budget, holds = KEYS[2 * i - 1], KEYS[2 * i]
          local amount = redis.call('HGET', budget, 'h:' .. id)
          if amount then
            redis.call('HDEL', budget, 'h:' .. id)
            -- 0 - x, not -x: Lua writes -0 as "-0", which HINCRBY refuses, and a call priced only per image, audio
            -- minute or search unit reserves 0; the refused script used to lose that call's whole spend.
            redis.call('HINCRBY', budget, 'held', 0 - tonumber(amount))
          end
          redis.call('ZREM', holds, id)
          if actual > 0 then
            roll(budget)
            redis.call('HINCRBY', budget, 'spent', actual)
            redis.call('PEXPIRE', budget, keepMs)
            redis.call('PEXPIRE', holds, keepMs)
          end
        end
        return 0
        """;
}
