using System.Collections;
using System.Reflection;

namespace Connectors.Custom.Tests.Options;

/// <summary>Options are copied by explicit code (the library is AOT-compatible, so no reflection there). These tests
/// set every public property, nested option classes included, to a value that is not its default and fail when a copy
/// misses one, so a new property cannot be forgotten silently.</summary>
public sealed class OptionsCopyTests
{
    [Fact]
    public void ChatOptionsClone_CopiesEverySetting_IntoIndependentObjects() =>
        AssertCloneCopiesEverything(new CustomChatCompletionOptions(), new CustomChatCompletionOptions(), o => o.Backups, o => o.Clone());

    [Fact]
    public void EmbeddingOptionsClone_CopiesEverySetting_IntoIndependentObjects() =>
        AssertCloneCopiesEverything(new CustomEmbeddingOptions(), new CustomEmbeddingOptions(), o => o.Backups, o => o.Clone());

    [Fact]
    public void ImageOptionsClone_CopiesEverySetting_IntoIndependentObjects() =>
        AssertCloneCopiesEverything(new CustomImageOptions(), new CustomImageOptions(), o => o.Backups, o => o.Clone());

    [Fact]
    public void RerankerOptionsClone_CopiesEverySetting_IntoIndependentObjects() =>
        AssertCloneCopiesEverything(new CustomRerankerOptions(), new CustomRerankerOptions(), o => o.Backups, o => o.Clone());

    [Fact]
    public void QuirkOverrides_EveryFieldSetWinsOverThePreset_AndEveryFieldUnsetTakesIt()
    {
        var preset = new CustomQuirkProfile();
        Fill(preset, "preset"); // every field differs from its default

        // Every field set explicitly to its default: "set" must win even when the value equals the default.
        var overrides = new CustomQuirkProfile();
        foreach (var property in typeof(CustomQuirkProfile).GetProperties().Where(p => p.CanWrite))
        {
            property.SetValue(overrides, property.GetValue(overrides));
        }

        AssertSameSettings(new CustomQuirkProfile(), overrides.OverridesOver(preset), "override", skipLists: true);
        AssertSameSettings(preset, new CustomQuirkProfile().OverridesOver(preset), "preset");

        // Through a copy, too: Clone keeps which fields were set.
        AssertSameSettings(new CustomQuirkProfile(), overrides.Clone().OverridesOver(preset), "cloned override", skipLists: true);
    }

    private static void AssertCloneCopiesEverything<T>(T options, T backup, Func<T, IList<T>> backups, Func<T, T> clone)
        where T : CustomEndpointOptions
    {
        Fill(options, "primary");
        Fill(backup, "backup");
        backups(options).Add(backup);

        AssertSameSettings(options, clone(options), typeof(T).Name);
    }

    /// <summary>Sets every public settable property (and fills every list and dictionary) to a value that differs
    /// from the default and from what another <paramref name="salt"/> gives.</summary>
    private static void Fill(object target, string salt)
    {
        foreach (var property in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var type = property.PropertyType;
            var current = property.GetValue(target);
            if (property.Name == "Backups")
            {
                continue; // filled by the test with a complete backup
            }

            if (current is IDictionary<string, string> dictionary)
            {
                dictionary[$"X-{salt}"] = salt;
                continue;
            }

            if (current is IList<string> list)
            {
                list.Add($"{salt}-{property.Name}");
                continue;
            }

            Assert.True(property.CanWrite, $"{target.GetType().Name}.{property.Name} is neither settable nor a known collection: teach this test how to fill it.");
            property.SetValue(target, ValueFor(property, type, current, salt));
        }
    }

    private static object ValueFor(PropertyInfo property, Type type, object? current, string salt)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var offset = salt.Length; // different salts give different values
        return underlying switch
        {
            _ when underlying == typeof(string) => $"{salt}-{property.Name}",
            _ when underlying == typeof(bool) => !(current as bool? ?? false),
            _ when underlying == typeof(int) => (current as int? ?? 0) + 1000 + offset,
            _ when underlying == typeof(long) => (current as long? ?? 0) + 1000 + offset,
            _ when underlying == typeof(double) => 0.125 + (offset / 1000.0),
            _ when underlying == typeof(decimal) => 1.5m + offset,
            _ when underlying == typeof(TimeSpan) => (current as TimeSpan? ?? TimeSpan.Zero) + TimeSpan.FromSeconds(1000 + offset),
            _ when underlying == typeof(IReadOnlyList<string>) => new[] { $"{salt}-{property.Name}" },
            _ when underlying == typeof(Uri) => new Uri($"https://{salt}.example.com/v1"),
            _ when underlying.IsEnum => NextEnumValue(underlying, current),
            _ when typeof(Delegate).IsAssignableFrom(underlying) => (Func<CancellationToken, ValueTask<string?>>)(_ => ValueTask.FromResult<string?>(salt)),
            _ when underlying.IsClass && underlying.GetConstructor(Type.EmptyTypes) is { } constructor => FilledNew(constructor, salt),
            _ => throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name} has a type ({type.Name}) this test cannot fill yet: teach it."),
        };
    }

    private static object FilledNew(ConstructorInfo constructor, string salt)
    {
        var instance = constructor.Invoke(null);
        Fill(instance, salt);
        return instance;
    }

    private static object NextEnumValue(Type type, object? current)
    {
        var values = Enum.GetValues(type);
        var index = current is null ? 0 : Array.IndexOf(values, current);
        return values.GetValue((index + 1) % values.Length)!;
    }

    private static void AssertSameSettings(object expected, object actual, string path, bool skipLists = false)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = $"{path}.{property.Name}";
            var left = property.GetValue(expected);
            var right = property.GetValue(actual);
            switch (left)
            {
                case null:
                    Assert.Null(right);
                    break;
                case string or Uri or Delegate or ValueType:
                    Assert.True(Equals(left, right), $"{name} was not copied: expected {left}, got {right}.");
                    break;
                case IDictionary<string, string> dictionary:
                    Assert.NotSame(left, right);
                    Assert.Equal(dictionary.OrderBy(p => p.Key), ((IDictionary<string, string>)right!).OrderBy(p => p.Key));
                    break;
                case IList list:
                    Assert.NotSame(left, right);
                    if (!skipLists)
                    {
                        var other = (IList)right!;
                        Assert.Equal(list.Count, other.Count);
                        for (var i = 0; i < list.Count; i++)
                        {
                            if (list[i] is string)
                            {
                                Assert.Equal(list[i], other[i]);
                            }
                            else
                            {
                                AssertSameSettings(list[i]!, other[i]!, $"{name}[{i}]");
                            }
                        }
                    }

                    break;
                default:
                    Assert.NotSame(left, right); // a copy shares no mutable object with the original
                    AssertSameSettings(left, right!, name);
                    break;
            }
        }
    }
}
