using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Mlops.Core.Errors;
using Mlops.Serve.Batching;
using Mlops.Serve.Errors;

namespace Mlops.Serve.Api;

/// <summary>
/// Turns every failure into a problem+json answer: user errors keep their message and where, anything
/// unexpected becomes a 500 that never shows a stack trace. The server stays up whatever the request did.
/// </summary>
public sealed class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            context.Response.StatusCode = 499; // nobody is listening any more; counted in metrics only
        }
        catch (ServeException error)
        {
            await ProblemWriter.WriteAsync(
                context,
                error.StatusCode,
                error.Message,
                error.Where,
                error.RetryAfterSeconds
            );
        }
        catch (BadHttpRequestException error)
        {
            await ProblemWriter.WriteAsync(context, error.StatusCode, error.Message, "request body");
        }
        catch (MlopsException error)
        {
            await ProblemWriter.WriteAsync(context, 400, error.Message, error.Where);
        }
        catch (Exception error)
        {
            log.LogError(error, "unexpected failure on {Path}", context.Request.Path);
            await ProblemWriter.WriteAsync(
                context,
                500,
                "the server failed on this request; it keeps serving others",
                null
            );
        }
    }
}
