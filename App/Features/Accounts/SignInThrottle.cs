using System.Threading.RateLimiting;

namespace SchoolAssessment.Features.Accounts;

/// <summary>
/// Failed sign-ins, counted with the framework's rate limiters instead of locking accounts: per user name and
/// address (a guesser from one place is stopped), and per user name from anywhere (a spread-out guesser is slowed).
/// Names that do not exist are counted the same way, so a refusal says nothing about which names do. An
/// attacker can never lock an account: the per-address limit stops them, and the owner signs in from elsewhere.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perUserAndAddress;
    private readonly PartitionedRateLimiter<string> _perUser;

    public SignInThrottle(IConfiguration configuration)
    {
        var window = TimeSpan.FromMinutes(configuration.GetValue("SignIn:WindowMinutes", 15));
        _perUserAndAddress = Limiter(configuration.GetValue("SignIn:FailuresPerUserAndAddress", 5), window);
        _perUser = Limiter(configuration.GetValue("SignIn:FailuresPerUser", 30), window);
    }

    private static PartitionedRateLimiter<string> Limiter(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits, Window = window, SegmentsPerWindow = 5, QueueLimit = 0, AutoReplenishment = true,
        }));

    /// <summary>Whether another attempt may be checked (asking for no permit takes none).</summary>
    public bool MayTry(string normalizedUserName, string address)
    {
        using var pair = _perUserAndAddress.AttemptAcquire(normalizedUserName + "|" + address, 0);
        using var user = _perUser.AttemptAcquire(normalizedUserName, 0);
        return pair.IsAcquired && user.IsAcquired;
    }

    public void Failed(string normalizedUserName, string address)
    {
        _perUserAndAddress.AttemptAcquire(normalizedUserName + "|" + address).Dispose();
        _perUser.AttemptAcquire(normalizedUserName).Dispose();
    }

    public void Dispose()
    {
        _perUserAndAddress.Dispose();
        _perUser.Dispose();
    }
}
