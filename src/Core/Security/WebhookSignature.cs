using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mlops.Core.Security;

/// <summary>
/// The shared-secret signature on the server's state-changing webhooks (`/v1/registry/webhook`,
/// `/v1/models/{m}/reload`),
/// as webhook senders sign theirs: <c>X-Mlops-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c> over
/// <c>"&lt;t&gt;." + body</c>. The time in the signed text bounds how long a captured request can be replayed; the
/// receiver also refuses a signature it has already accepted.
/// </summary>
public static partial class WebhookSignature
{
    public const string Header = "X-Mlops-Signature";

    /// <summary>The secret, shared by the registry that sends and the server that receives.</summary>
    public const string SecretVariable = "MLOPS_WEBHOOK_SECRET";

    /// <summary>How far a signature's time may be from the receiver's clock.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>The secret from $MLOPS_WEBHOOK_SECRET, or null when unset or empty.</summary>
    public static string? SecretFromEnvironment() =>
        Environment.GetEnvironmentVariable(SecretVariable) is { Length: > 0 } secret ? secret : null;

    public static string Sign(string secret, ReadOnlySpan<byte> body, DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={seconds},v1={Mac(secret, seconds, body)}";
    }

    /// <summary>Null when <paramref name="header"/> signs <paramref name="body"/> with the secret within the
    /// tolerance; else what is wrong, for the 401.</summary>
    public static string? Problem(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(header))
            return $"the request is not signed: send {Header}: t=<unix seconds>,v1=<HMAC-SHA256 of \"t.body\">";
        // One spelling only, so the receiver's replay check (keyed on the header) cannot be dodged by re-spelling it.
        var match = HeaderPattern().Match(header);
        if (!match.Success)
            return $"{Header} must read exactly t=<unix seconds>,v1=<64 lower-case hex digits>";
        var seconds = match.Groups[1].Value;
        var mac = match.Groups[2].Value;
        var unix = long.Parse(seconds, NumberStyles.None, CultureInfo.InvariantCulture);
        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(unix, 0, 253402300799));
        if (age.Duration() > Tolerance)
            return $"the signature is {Math.Abs(age.TotalSeconds):F0} s from this server's clock (at most "
                + $"{Tolerance.TotalSeconds:F0} s): a replay, or a clock to fix";
        var expected = Encoding.ASCII.GetBytes(Mac(secret, seconds, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(mac))
            ? null
            : "the signature does not match the body (wrong secret, or the body was changed)";
    }

    [System.Text.RegularExpressions.GeneratedRegex("^t=([0-9]{1,12}),v1=([0-9a-f]{64})$")]
    private static partial System.Text.RegularExpressions.Regex HeaderPattern();

    private static string Mac(string secret, string seconds, ReadOnlySpan<byte> body)
    {
        var signed = new byte[seconds.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(seconds + ".", signed);
        body.CopyTo(signed.AsSpan(seconds.Length + 1));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
