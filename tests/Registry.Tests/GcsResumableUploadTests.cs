using System.Net;
using System.Text;
using System.Text.Json;
using Mlops.Registry.Stores;
using Mlops.Registry.Stores.Gcs;

namespace Mlops.Registry.Tests;

/// <summary>
/// Multi-chunk resumable uploads, which the emulator cannot do (it finalizes on the first chunk): a small in-memory
/// server speaking GCS's resumable protocol (308 + Range, "bytes */N" status queries) that drops one chunk with a
/// 503, so the library's upload must resume from what the server kept; and an upload whose answers are all lost.
/// </summary>
public sealed class GcsResumableUploadTests
{
    [Fact]
    public async Task A_chunk_lost_to_a_503_is_resumed_from_the_servers_offset_and_the_object_verifies()
    {
        var server = new ResumableServer(failPutNumber: 3);
        using var store = new GcsBlobStore(
            "bucket-x",
            "",
            new GcsSettings
            {
                EmulatorHost = "fake.invalid:1",
                ChunkSize = 256 << 10,
                MaxAttempts = 3,
                FirstRetryDelay = TimeSpan.FromMilliseconds(5),
                HttpClientFactory = new StubHttpClientFactory(server),
            }
        );
        var content = new byte[(256 << 10) * 3 + 1000];
        new Random(7).NextBytes(content);

        var info = await store.PutBytesAsync(
            "models/m/versions/1/files/model.onnx",
            content,
            WriteCondition.DoesNotExist
        );

        info.Size.Should().Be(content.Length);
        server.Received.Should().Equal(content);
        server.Log.Should().Contain(l => l.StartsWith("PUT bytes */")); // the status query of the resume
        server
            .Log.Count(l => l.StartsWith("PUT bytes 0-"))
            .Should()
            .Be(1, "the first chunk was kept by the server and not sent again");
        server.Log[0].Should().Contain("ifGenerationMatch=0");
    }

    [Fact]
    public async Task A_retried_create_only_upload_whose_first_answers_were_lost_is_recognised_as_ours()
    {
        var server = new LostAnswersServer();
        using var store = GcsRecordedAnswersTests.Store(server, attempts: 2);

        var info = await store.PutBytesAsync(
            "models/m/versions/1/claim.json",
            "hello"u8.ToArray(),
            WriteCondition.DoesNotExist
        );

        info.Generation.Should().Be(21);
        server.Log.Count(l => l.StartsWith("POST ") && l.Contains("ifGenerationMatch=0")).Should().Be(2);
        server.Log.Should().Contain(l => l.StartsWith("POST ") && l.EndsWith("-> 412"), "it lost the race to itself");
        server.Log.Last().Should().StartWith("GET ").And.EndWith("-> 200", "the object's mlops-write-id was read back");
    }

    /// <summary>Stores the first upload's bytes but loses every answer of its session; then answers as GCS.</summary>
    private sealed class LostAnswersServer : HttpMessageHandler
    {
        private string? _stored;

        public List<string> Log { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            var (status, body) = await AnswerAsync(request, cancellationToken);
            Log.Add($"{request.Method} {request.RequestUri} -> {status}");
            var response = new HttpResponseMessage((HttpStatusCode)status)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            if (request.Method == HttpMethod.Post && status == 200)
                response.Headers.Location = new Uri(GcsStubServer.SessionUri);
            return response;
        }

        private async Task<(int, string)> AnswerAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post)
            {
                if (_stored is not null)
                    return (412, """{"error":{"code":412,"message":"conditionNotMet"}}""");
                var metadata = JsonDocument.Parse(await GcsStubServer.BodyOf(request, cancellationToken)).RootElement;
                var writeId = metadata.GetProperty("metadata").GetProperty("mlops-write-id").GetString();
                var crc = GcsRecordedAnswersTests.Crc32cOf("hello"u8.ToArray());
                _stored = $$$"""
                    {"name":"models/m/versions/1/claim.json","generation":"21","size":"5","crc32c":"{{{crc}}}",
                     "metadata":{"mlops-write-id":"{{{writeId}}}"}}
                    """;
                return (200, "");
            }
            if (request.Method == HttpMethod.Put)
                return (503, "{}"); // stored, but the answer never arrives
            return (200, _stored ?? "{}");
        }
    }

    private sealed class ResumableServer(int failPutNumber) : HttpMessageHandler
    {
        private readonly MemoryStream _data = new();
        private int _puts;

        public List<string> Log { get; } = [];
        public byte[] Received => _data.ToArray();

        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            if (request.Method == HttpMethod.Post)
            {
                Log.Add($"POST {request.RequestUri}");
                var started = new HttpResponseMessage(HttpStatusCode.OK);
                started.Headers.Location = new Uri("http://fake.invalid:1/upload/session/1");
                return started;
            }
            if (request.Method != HttpMethod.Put)
                return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("{}") };
            var range = request.Content!.Headers.ContentRange!;
            var body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            Log.Add($"PUT bytes {(range.From is { } from ? $"{from}-{range.To}" : "*")}/{range.Length}");
            if (++_puts == failPutNumber)
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("{}") };
            if (range.From is { } offset)
            {
                _data.Position = offset;
                _data.Write(body);
            }
            if (_data.Length == range.Length)
            {
                var json =
                    $$"""{"name":"models/m/versions/1/files/model.onnx","generation":"11","size":"{{_data.Length}}","crc32c":"{{Crc(Received)}}"}""";
                return new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent(json, Encoding.UTF8, "application/json"),
                };
            }
            var incomplete = new HttpResponseMessage((HttpStatusCode)308) { Content = new ByteArrayContent([]) };
            if (_data.Length > 0)
                incomplete.Headers.TryAddWithoutValidation("Range", $"bytes=0-{_data.Length - 1}");
            return incomplete;
        }

        private static string Crc(byte[] data)
        {
            var crc = new Crc32c();
            crc.Append(data);
            return crc.ToBase64();
        }
    }
}
