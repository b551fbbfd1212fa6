using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Mlops.Serve.Api;

/// <summary>Writes RFC 9457 problem+json answers: what was wrong (detail) and where (a request field, a file, a
/// model).</summary>
public static class ProblemWriter
{
    public static async Task WriteAsync(
        HttpContext context,
        int status,
        string detail,
        string? where,
        int? retryAfterSeconds = null
    )
    {
        if (context.Response.HasStarted)
            return;
        context.Response.Clear();
        context.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = status,
            Title = Title(status),
            Detail = detail,
            Instance = context.Request.Path,
        };
        if (where is not null)
            problem.Extensions["where"] = where;
        await Results.Problem(problem).ExecuteAsync(context);
    }

    private static string Title(int status) =>
        status switch
        {
            400 => "Bad request",
            404 => "Not found",
            413 => "Request body too large",
            415 => "Unsupported media type",
            499 => "Client closed request",
            503 => "Service unavailable",
            504 => "Timed out",
            _ => "Server error",
        };
}
