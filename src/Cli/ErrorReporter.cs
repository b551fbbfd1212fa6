using Mlops.Core.Errors;

namespace Mlops.Cli;

/// <summary>Prints user-facing errors: what was wrong and where, never a stack trace (unless MLOPS_DEBUG=1).</summary>
public static class ErrorReporter
{
    public static int Report(Exception error)
    {
        var userError = Unwrap(error);
        if (userError is not null)
        {
            Console.Error.WriteLine($"error: {userError}");
            if (Environment.GetEnvironmentVariable("MLOPS_DEBUG") == "1")
                Console.Error.WriteLine(error);
            return userError.ExitCode;
        }
        Console.Error.WriteLine($"internal error: {error.Message}");
        Console.Error.WriteLine(
            Environment.GetEnvironmentVariable("MLOPS_DEBUG") == "1"
                ? error.ToString()
                : "(set MLOPS_DEBUG=1 for the stack trace)"
        );
        return 70;
    }

    private static MlopsException? Unwrap(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
            if (e is MlopsException user)
                return user;
            else if (LibTorchErrors.IsFromLibTorch(e))
                return LibTorchErrors.From(e, "libtorch");
        if (error is AggregateException aggregate)
            foreach (var inner in aggregate.InnerExceptions)
                if (Unwrap(inner) is { } found)
                    return found;
        return null;
    }
}
