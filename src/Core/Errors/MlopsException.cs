namespace Mlops.Core.Errors;

/// <summary>
/// An error the user can act on: bad input, a missing file, a refused operation.
/// The CLI prints <see cref="Exception.Message"/> (and <see cref="Where"/>) without a stack trace.
/// </summary>
public class MlopsException : Exception
{
    public MlopsException(string message, string? where = null, Exception? inner = null)
        : base(message, inner)
    {
        Where = where;
    }

    /// <summary>Where the problem is: a file, "config.yaml:12 (optim.lr)", an HTTP field...</summary>
    public string? Where { get; }

    /// <summary>Process exit code the CLI returns for this error.</summary>
    public virtual int ExitCode => 2;

    public override string ToString() => Where is null ? Message : $"{Where}: {Message}";
}
