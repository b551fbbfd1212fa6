using Microsoft.AspNetCore.Http;
using Mlops.Serve.Api;
using Mlops.Serve.Batching;
using Mlops.Serve.Errors;

namespace Mlops.Serve.Tests;

public sealed class RequestTimeoutTests
{
    [Fact]
    public async Task Work_past_the_deadline_becomes_504_and_its_token_is_cancelled()
    {
        using var timeout = RequestTimeout.Start(new DefaultHttpContext(), new ServeOptions { RequestTimeoutMs = 50 });
        var token = timeout.Token;
        var act = () =>
            timeout.Guard(async () =>
            {
                await Task.Delay(Timeout.Infinite, token);
                return 0;
            });
        (await act.Should().ThrowAsync<ServeException>()).Which.StatusCode.Should().Be(504);
        token.IsCancellationRequested.Should().BeTrue("queued rows of the request are dropped");
    }

    [Fact]
    public async Task A_client_disconnect_cancels_without_turning_into_a_timeout()
    {
        var context = new DefaultHttpContext();
        using var aborted = new CancellationTokenSource();
        context.RequestAborted = aborted.Token;
        using var timeout = RequestTimeout.Start(context, new ServeOptions { RequestTimeoutMs = 60_000 });
        var token = timeout.Token;
        var work = timeout.Guard(async () =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        });
        aborted.Cancel();
        await FluentActions.Awaiting(() => work).Should().ThrowAsync<OperationCanceledException>();
    }
}
