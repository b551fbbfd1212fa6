using System.Security.Cryptography;
using System.Text;

namespace Mlops.Ui.SignIn;

/// <summary>
/// The sign-in token `mlops ui` prints at start for a single user on their own machine (as Jupyter does), spent by
/// its first use: a copy left in a terminal's scrollback or a browser's history signs nobody in afterwards.
/// </summary>
public sealed class OneTimeToken(string value)
{
    private int _spent;

    public string Value { get; } = value;

    public static OneTimeToken Create() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));

    public bool IsSpent => Volatile.Read(ref _spent) == 1;

    /// <summary>True for the first request that presents the token; compared in constant time.</summary>
    public bool TryRedeem(string? candidate) =>
        candidate is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(Value))
        && Interlocked.Exchange(ref _spent, 1) == 0;
}
