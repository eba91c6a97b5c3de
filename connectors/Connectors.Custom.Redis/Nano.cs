using System;

namespace Connectors.Custom.Redis;

/// <summary>Whole nano-dollars (10⁻⁹ US dollars), the unit budgets are counted in on Redis: integers keep every sum
/// exact in Lua, whose numbers are doubles (exact up to 2⁵³ nano-dollars, about nine million dollars).</summary>
internal static class Nano
{
    private const decimal PerDollar = 1_000_000_000m;

    public static long FromDollars(decimal dollars, MidpointRounding rounding) =>
        (long)Math.Round(Math.Clamp(dollars, 0m, 9_000_000m) * PerDollar, 0, rounding);

    public static decimal ToDollars(long nano) => nano / PerDollar;
}
