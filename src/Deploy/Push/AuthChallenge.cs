using System.Net.Http.Headers;

namespace Mlops.Deploy.Push;

/// <summary>
/// A parsed WWW-Authenticate challenge: `Basic realm="..."` or
/// `Bearer realm="https://auth/token",service="registry",scope="repository:x:pull,push"`.
/// </summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);
    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    public static AuthChallenge? From(HttpResponseHeaders headers) =>
        headers.WwwAuthenticate.Select(h => Parse(h.Scheme, h.Parameter)).FirstOrDefault(c => c.IsBearer)
        ?? headers.WwwAuthenticate.Select(h => Parse(h.Scheme, h.Parameter)).FirstOrDefault();

    public static AuthChallenge Parse(string scheme, string? parameters)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = parameters ?? "";
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
                i++;
            var equals = text.IndexOf('=', i);
            if (equals < 0)
                break;
            var key = text[i..equals].Trim();
            i = equals + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                // Quoted: scope values themselves hold commas ("repository:a:pull,push").
                var close = text.IndexOf('"', i + 1);
                if (close < 0)
                    close = text.Length;
                value = text[(i + 1)..close];
                i = close + 1;
            }
            else
            {
                var comma = text.IndexOf(',', i);
                if (comma < 0)
                    comma = text.Length;
                value = text[i..comma].Trim();
                i = comma;
            }
            values[key] = value;
        }
        return new AuthChallenge(scheme, values);
    }
}
