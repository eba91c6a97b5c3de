using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Connectors.Custom.Redis;

/// <summary>
/// An endpoint's learned adaptations, shared by every instance: one set per endpoint address and model,
/// <c>{prefix}:{{id}}:quirks</c> (the id a hash of address and model, never of the key), holding the adaptations as
/// words (see <see cref="QuirkAdaptations"/>). What this instance learns is added at once, without waiting; what
/// others learned is read in the background, when the service is created and then at most every
/// <see cref="CustomRedisOptions.QuirkRefreshInterval"/> on use, so no request ever waits for Redis to pick a profile.
/// The set lives for <see cref="Lifetime"/> after the last adaptation published to it, so a server that was upgraded is
/// eventually asked again.
/// </summary>
internal sealed class RedisLearnedQuirks : ILearnedQuirks
{
    /// <summary>How long a shared adaptation is kept after the last one was published for the same model.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private readonly IDatabase _database;
    private readonly string _prefix;
    private readonly string _address;
    private readonly CustomQuirkProfile _configured;
    private readonly FleetHealth _health;
    private readonly CustomRedisOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, Model> _models = new(StringComparer.Ordinal);

    public RedisLearnedQuirks(IDatabase database, string prefix, string address, string modelId, CustomQuirkProfile configured, FleetHealth health, CustomRedisOptions options, TimeProvider timeProvider)
    {
        _database = database;
        _prefix = prefix;
        _address = address;
        _configured = configured;
        _health = health;
        _options = options;
        _timeProvider = timeProvider;
        _ = For(modelId);
    }

    /// <inheritdoc />
    public CustomQuirkProfile For(string modelId)
    {
        var model = _models.GetOrAdd(modelId, static (id, self) => new Model(self.Key(id), self._configured), this);
        var now = _timeProvider.GetTimestamp();
        if (_timeProvider.GetElapsedTime(Volatile.Read(ref model.RefreshedAt), now) >= _options.QuirkRefreshInterval
            && _health.ShouldTry
            && Interlocked.CompareExchange(ref model.Refreshing, 1, 0) == 0)
        {
            Volatile.Write(ref model.RefreshedAt, now);
            _ = RefreshAsync(model);
        }

        return model.Profile;
    }

    /// <inheritdoc />
    public bool Learn(string modelId, CustomQuirkProfile current, CustomQuirkProfile adapted)
    {
        var model = _models.GetOrAdd(modelId, static (id, self) => new Model(self.Key(id), self._configured), this);
        lock (model)
        {
            if (!ReferenceEquals(model.Profile, current))
            {
                return false;
            }

            model.Adopt(QuirkAdaptations.Between(_configured, adapted), adapted);
        }

        var words = QuirkAdaptations.Between(_configured, adapted).Select(static word => (RedisValue)word).ToArray();
        if (words.Length > 0)
        {
            try
            {
                _database.SetAdd(model.Key, words, CommandFlags.FireAndForget);
                _database.KeyExpire(model.Key, Lifetime, CommandFlags.FireAndForget);
            }
            catch (RedisException)
            {
                // Not connected: this instance keeps what it learned; the others learn it themselves.
            }
        }

        return true;
    }

    private RedisKey Key(string modelId)
    {
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"quirks\n{_address}\n{modelId}")).AsSpan(0, 8));
        return $"{_prefix}:{{{id}}}:quirks";
    }

    /// <summary>Reads what the fleet learned for one model and adopts what this instance did not know yet.</summary>
    private async Task RefreshAsync(Model model)
    {
        try
        {
            var members = await _database.SetMembersAsync(model.Key).WaitAsync(_options.OperationTimeout, _timeProvider).ConfigureAwait(false);
            _health.Succeeded();
            var shared = members.Select(static member => member.ToString()).ToList();
            lock (model)
            {
                if (shared.Any(word => !model.Words.Contains(word)))
                {
                    var words = model.Words.Union(shared, StringComparer.Ordinal).ToList();
                    model.Adopt(words, QuirkAdaptations.Apply(_configured, words));
                }
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _health.Failed(ex);
        }
        catch (ObjectDisposedException)
        {
            // The application is shutting down.
        }
        finally
        {
            Volatile.Write(ref model.Refreshing, 0);
        }
    }

    /// <summary>One model's profile and the adaptations it carries; changed under its own lock, read without one.</summary>
    private sealed class Model(RedisKey key, CustomQuirkProfile configured)
    {
        public long RefreshedAt = long.MinValue / 2;

        public int Refreshing;

        private volatile CustomQuirkProfile _profile = configured;

        public RedisKey Key { get; } = key;

        public CustomQuirkProfile Profile => _profile;

        public IReadOnlyCollection<string> Words { get; private set; } = [];

        public void Adopt(IReadOnlyCollection<string> words, CustomQuirkProfile profile)
        {
            Words = words;
            _profile = profile;
        }
    }
}
