using Mlops.Ui.SignIn;

namespace Mlops.Ui.Access;

/// <summary>One entry of an access rule: anyone signed in, a user, a group or a verified domain.</summary>
internal sealed record AccessPrincipal(string Kind, string Value)
{
    public static AccessPrincipal? Parse(string text)
    {
        if (text == "anyone")
            return new AccessPrincipal("anyone", "");
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
            return null;
        var kind = text[..colon];
        return kind is "user" or "group" or "domain" ? new AccessPrincipal(kind, text[(colon + 1)..]) : null;
    }

    public bool Includes(ConsoleUser user) =>
        Kind switch
        {
            "anyone" => true,
            "user" => string.Equals(user.Name, Value, StringComparison.OrdinalIgnoreCase),
            "group" => user.Groups.Contains(Value, StringComparer.Ordinal),
            "domain" => string.Equals(user.Domain, Value, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
}
