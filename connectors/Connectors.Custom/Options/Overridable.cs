namespace Connectors.Custom;

/// <summary>A setting that is either set explicitly or left to a provider preset. A plain property with a default cannot
/// tell "set to the default" from "not set", and a preset must fill only what was not set, whatever the order in which
/// properties were set or bound.</summary>
/// <typeparam name="T">The setting's type; null is a value like any other once set.</typeparam>
internal readonly struct Overridable<T>
{
    private readonly T _value;

    public Overridable(T value)
    {
        _value = value;
        IsSet = true;
    }

    /// <summary>Gets whether the setting was set explicitly.</summary>
    public bool IsSet { get; }

    /// <summary>Returns the value set, or <paramref name="fallback"/> when none was.</summary>
    public T ValueOr(T fallback) => IsSet ? _value : fallback;

    /// <summary>Returns this setting when it was set, else <paramref name="fallback"/> (set or not).</summary>
    public Overridable<T> Or(Overridable<T> fallback) => IsSet ? this : fallback;
}
