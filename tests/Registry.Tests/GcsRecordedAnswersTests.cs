using Mlops.Core.Errors;
using Mlops.Registry.Stores;
using Mlops.Registry.Stores.Gcs;

namespace Mlops.Registry.Tests;

/// <summary>
/// What the emulator cannot show (it never answers 412, 429, 5xx, 403 or "no such bucket"): real GCS answers, as
/// documented, played to StorageClient through its HTTP stack; the requests asserted are the ones the library sends.
/// </summary>
public sealed class GcsRecordedAnswersTests
{
    private const string Session = "PUT " + GcsStubServer.SessionUri;
    private const string Bucket = "http://stub.invalid/storage/v1/b/no-such-bucket/o";
    private const string PreconditionMessage = "At least one of the pre-conditions you specified did not hold.";

    [Fact]
    public async Task A_create_only_upload_carries_ifGenerationMatch_0_its_write_id_and_its_crc32c()
    {
        var content = "hello"u8.ToArray();
        var crc = Crc32cOf(content);
        var stub = new GcsStubServer(
            (200, ""),
            (200, $$"""{"name":"m/claim.json","generation":"9","size":"5","crc32c":"{{crc}}"}""")
        );
        using var store = Store(stub);
        var info = await store.PutBytesAsync("m/claim.json", content, WriteCondition.DoesNotExist);
        info.Generation.Should().Be(9);
        stub.Requests.Should()
            .Equal(
                "POST http://stub.invalid/upload/storage/v1/b/no-such-bucket/o?uploadType=resumable&ifGenerationMatch=0",
                Session
            );
        stub.Bodies[0].Should().Contain("\"name\":\"m/claim.json\"").And.Contain("\"mlops-write-id\"");
        stub.Hashes[1].Should().Be($"crc32c={crc}", "the library sends the checksum so GCS rejects corrupted bytes");
    }

    [Fact]
    public async Task Precondition_failure_412_becomes_a_lost_race_and_the_request_carried_the_precondition()
    {
        var stub = new GcsStubServer((412, Error(412, PreconditionMessage)));
        using var store = Store(stub);
        await FluentActions
            .Awaiting(() => store.PutBytesAsync("models/m/versions/1/claim.json", [1], WriteCondition.DoesNotExist))
            .Should()
            .ThrowAsync<PreconditionFailedException>();
        stub.Requests.Single().Should().Contain("uploadType=resumable").And.Contain("ifGenerationMatch=0");
    }

    [Fact]
    public async Task A_compare_and_swap_delete_carries_the_generation_and_412_is_a_lost_race()
    {
        var stub = new GcsStubServer((412, Error(412, PreconditionMessage)));
        using var store = Store(stub);
        await FluentActions
            .Awaiting(() => store.DeleteAsync("models/m/aliases/prod.json", 41))
            .Should()
            .ThrowAsync<PreconditionFailedException>();
        stub.Requests.Single().Should().Be($"DELETE {Bucket}/models%2Fm%2Faliases%2Fprod.json?ifGenerationMatch=41");
    }

    [Fact]
    public async Task Throttling_and_server_errors_are_retried_with_backoff_until_success()
    {
        var stub = new GcsStubServer(
            (429, Error(429, "rate limit")),
            (503, Error(503, "backend error")),
            (200, """{"name":"a.txt","generation":"7","size":"1"}""")
        );
        using var store = Store(stub);
        var info = await store.StatAsync("a.txt");
        info!.Generation.Should().Be(7);
        stub.Requests.Should().Equal(Enumerable.Repeat($"GET {Bucket}/a.txt", 3));
    }

    [Fact]
    public async Task An_upload_whose_session_start_is_throttled_or_unavailable_is_retried_until_success()
    {
        var stub = new GcsStubServer(
            (429, Error(429, "rate limit")),
            (503, Error(503, "backend error")),
            (200, ""),
            (200, $$"""{"name":"a.bin","generation":"3","size":"2","crc32c":"{{Crc32cOf([1, 2])}}"}""")
        );
        using var store = Store(stub);
        (await store.PutBytesAsync("a.bin", [1, 2], WriteCondition.None)).Generation.Should().Be(3);
        stub.Requests.Count(r => r.StartsWith("POST ")).Should().Be(3);
    }

    [Fact]
    public async Task Persistent_server_errors_give_up_with_a_clear_error()
    {
        var stub = new GcsStubServer(Enumerable.Repeat((500, Error(500, "internal")), 10).ToArray());
        using var store = Store(stub, attempts: 3);
        var error = await FluentActions.Awaiting(() => store.StatAsync("a.txt")).Should().ThrowAsync<MlopsException>();
        error.Which.Message.Should().Contain("failed 3 time(s)").And.Contain("HTTP 500").And.Contain("internal");
        stub.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_missing_bucket_is_named_not_reported_as_a_missing_object()
    {
        var stub = new GcsStubServer((404, Error(404, "The specified bucket does not exist.")));
        using var store = Store(stub);
        var error = await FluentActions
            .Awaiting(() => store.StatAsync("models/m/versions/1/card.json"))
            .Should()
            .ThrowAsync<MlopsException>();
        error.Which.Message.Should().Contain("bucket 'no-such-bucket' does not exist");
        error.Which.Should().NotBeOfType<BlobNotFoundException>();
    }

    [Fact]
    public async Task A_missing_object_in_a_bucket_whose_name_says_bucket_is_just_missing()
    {
        var stub = new GcsStubServer((404, Error(404, "No such object: no-such-bucket/models/m/card.json")));
        using var store = Store(stub);
        (await store.StatAsync("models/m/card.json")).Should().BeNull();
    }

    [Fact]
    public async Task Access_denied_names_credentials_and_permissions()
    {
        var stub = new GcsStubServer(
            (403, Error(403, "ci@p.iam.gserviceaccount.com does not have storage.objects.list access"))
        );
        using var store = Store(stub);
        await FluentActions
            .Awaiting(() => store.ListAsync("models/"))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*refused access (HTTP 403)*storage.objects.list*credentials*");
        stub.Requests.Single().Should().Be($"GET {Bucket}?prefix=models%2F", "1000 a page is GCS's default");
    }

    [Fact]
    public async Task A_download_whose_bytes_do_not_match_the_stored_crc32c_is_refused()
    {
        var stub = new GcsStubServer(
            (200, """{"name":"m.onnx","generation":"4","size":"5","crc32c":"AAAAAA=="}"""),
            (200, "hello")
        );
        using var store = Store(stub);
        var error = await FluentActions
            .Awaiting(() => store.ReadAllBytesAsync("m.onnx"))
            .Should()
            .ThrowAsync<BlobCorruptedException>();
        error.Which.Message.Should().Contain("crc32c stored AAAAAA==");
        stub.Requests[1].Should().Be($"GET {Bucket}/m.onnx?generation=4&alt=media");
    }

    [Fact]
    public void Crc32c_matches_the_standard_check_value()
    {
        Crc32c.Compute("123456789"u8).Should().Be(0xE3069283);
        Crc32c.Compute([]).Should().Be(0);
        var data = Enumerable.Range(0, 1003).Select(i => (byte)(i * 7)).ToArray();
        Crc32c.Compute(data).Should().Be(Crc32cBitwise(data), "the 8-byte steps agree with the bitwise definition");
    }

    internal static GcsBlobStore Store(HttpMessageHandler stub, int attempts = 4) =>
        new(
            "no-such-bucket",
            "",
            new GcsSettings
            {
                EmulatorHost = "stub.invalid",
                MaxAttempts = attempts,
                FirstRetryDelay = TimeSpan.FromMilliseconds(5),
                HttpClientFactory = new StubHttpClientFactory(stub),
            }
        );

    internal static string Crc32cOf(byte[] data)
    {
        var crc = new Crc32c();
        crc.Append(data);
        return crc.ToBase64();
    }

    private static string Error(int code, string message) =>
        $$$"""{"error":{"code":{{{code}}},"message":"{{{message}}}"}}""";

    private static uint Crc32cBitwise(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
        }
        return ~crc;
    }
}
