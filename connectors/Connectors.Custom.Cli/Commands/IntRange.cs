using System.CommandLine;
using System.Globalization;

namespace Connectors.Custom.Cli.Commands;

/// <summary>Range checks for integer options.</summary>
internal static class IntRange
{
    /// <summary>Adds a check that the value is between <paramref name="min"/> and <paramref name="max"/>. It reads the
    /// token itself: a value that is not a number is already reported by the parser, and asking the option for its value
    /// then would throw.</summary>
    public static Option<int> Between(this Option<int> option, int min, int max)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1
                && int.TryParse(result.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                && (value < min || value > max))
            {
                result.AddError(FormattableString.Invariant($"{option.Name} must be between {min} and {max}; got {value}."));
            }
        });
        return option;
    }
}
