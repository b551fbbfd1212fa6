using System.Net;
using System.Text;
using Mlops.Core.Errors;
using Mlops.Registry.Stores;
using Mlops.Registry.Stores.Gcs;

namespace Mlops.Registry.Tests;

/// <summary>
/// What the emulator cannot show (it never answers 412, 429, 5xx, 403 or "no such bucket"): real GCS
/// answers, as documented, fed to the store through its HTTP stack.
/// </summary>
public sealed class GcsRecordedAnswersTests
{
    [Fact]
    public async Task Precondition_failure_412_becomes_a_lost_race_and_the_request_carried_the_precondition()
    {
        var stub = new StubHandler((412, """{"error":{"code":412,"message":"At least one of the pre-conditions you specified did not hold."}}"""));
        using var store = Store(stub);
        await FluentActions.Awaiting(() => store.PutBytesAsync("models/m/versions/1/claim.json", [1], WriteCondition.DoesNotExist))
            .Should().ThrowAsync<PreconditionFailedException>();
        stub.Requests.Single().Should().Contain("uploadType=multipart").And.Contain("ifGenerationMatch=0");
        stub.Bodies.Single().Should().Contain("\"crc32c\"").And.Contain("\"md5Hash\"");
    }

    [Fact]
    public async Task Throttling_and_server_errors_are_retried_with_backoff_until_success()
    {
        var stub = new StubHandler(
            (429, """{"error":{"code":429,"message":"rate limit"}}"""),
            (503, """{"error":{"code":503,"message":"backend error"}}"""),
            (200, """{"name":"a.txt","generation":"7","size":"1"}"""));
        using var store = Store(stub);
        var info = await store.StatAsync("a.txt");
        info!.Generation.Should().Be(7);
        stub.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task Persistent_server_errors_give_up_with_a_clear_error()
    {
        var stub = new StubHandler(Enumerable.Repeat((500, """{"error":{"code":500,"message":"internal"}}"""), 10).ToArray());
        using var store = Store(stub, attempts: 3);
        var error = await FluentActions.Awaiting(() => store.StatAsync("a.txt")).Should().ThrowAsync<MlopsException>();
        error.Which.Message.Should().Contain("failed 3 time(s)").And.Contain("HTTP 500");
        stub.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_missing_bucket_is_named_not_reported_as_a_missing_object()
    {
        var stub = new StubHandler((404, """{"error":{"code":404,"message":"The specified bucket does not exist."}}"""));
        using var store = Store(stub);
        var error = await FluentActions.Awaiting(() => store.StatAsync("models/m/versions/1/card.json")).Should().ThrowAsync<MlopsException>();
        error.Which.Message.Should().Contain("bucket 'no-such-bucket' does not exist");
        error.Which.Should().NotBeOfType<BlobNotFoundException>();
    }

    [Fact]
    public async Task A_missing_object_in_a_bucket_whose_name_says_bucket_is_just_missing()
    {
        var stub = new StubHandler((404, """{"error":{"code":404,"message":"No such object: no-such-bucket/models/m/card.json"}}"""));
        using var store = Store(stub);
        (await store.StatAsync("models/m/card.json")).Should().BeNull();
    }

    [Fact]
    public async Task Access_denied_names_credentials_and_permissions()
    {
        var stub = new StubHandler((403, """{"error":{"code":403,"message":"ci@p.iam.gserviceaccount.com does not have storage.objects.list access"}}"""));
        using var store = Store(stub);
        await FluentActions.Awaiting(() => store.ListAsync("models/")).Should().ThrowAsync<MlopsException>()
            .WithMessage("*refused access (HTTP 403)*storage.objects.list*credentials*");
    }

    [Fact]
    public void Crc32c_matches_the_standard_check_value()
    {
        Crc32c.Compute("123456789"u8).Should().Be(0xE3069283);
        Crc32c.Compute([]).Should().Be(0);
    }

    private static GcsBlobStore Store(StubHandler stub, int attempts = 4) =>
        new("no-such-bucket", "", new GcsSettings
        {
            EmulatorHost = "stub.invalid:1", MaxAttempts = attempts, FirstRetryDelay = TimeSpan.FromMilliseconds(5), HttpClientFactory = new StubFactory(stub),
        });

    private sealed class StubFactory(HttpMessageHandler handler) : Google.Apis.Http.HttpClientFactory
    {
        protected override HttpMessageHandler CreateHandler(Google.Apis.Http.CreateHttpClientArgs args) => handler;
    }

    private sealed class StubHandler(params (int Status, string Body)[] answers) : HttpMessageHandler
    {
        private int _next;
        public List<string> Requests { get; } = [];
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add($"{request.Method} {request.RequestUri}");
            Bodies.Add(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
            var (status, body) = answers[Math.Min(_next++, answers.Length - 1)];
            return new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}
