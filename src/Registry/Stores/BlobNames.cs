using Mlops.Core.Errors;

namespace Mlops.Registry.Stores;

/// <summary>Object names every store accepts: relative, '/'-separated, no empty, '.' or '..' segments, no control
/// characters.</summary>
public static class BlobNames
{
    public static string Validate(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 1024)
            throw new MlopsException("object name must be 1 to 1024 characters", name);
        if (name.StartsWith('/') || name.Contains('\\'))
            throw new MlopsException("object name must be relative and use '/'", name);
        foreach (var ch in name)
            if (char.IsControl(ch))
                throw new MlopsException("object name contains a control character", name);
        foreach (var segment in name.Split('/'))
            if (segment is "" or "." or "..")
                throw new MlopsException("object name has an empty, '.' or '..' segment", name);
        return name;
    }

    /// <summary>A prefix may be empty or end with '/'; otherwise it follows the name rules.</summary>
    public static string ValidatePrefix(string prefix)
    {
        if (prefix.Length == 0)
            return prefix;
        Validate(prefix.EndsWith('/') ? prefix[..^1] : prefix);
        return prefix;
    }
}
