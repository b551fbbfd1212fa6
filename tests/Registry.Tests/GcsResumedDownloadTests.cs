using System.Net;
using System.Net.Http.Headers;
using Mlops.Registry.Stores;
using Mlops.Registry.Stores.Gcs;

namespace Mlops.Registry.Tests;

/// <summary>
/// A download whose connection drops part-way: the library gives up on it, our retry asks for the rest with a
/// Range from the bytes already written (whole download chunks), and the object still verifies against its CRC32C.
/// </summary>
public sealed class GcsResumedDownloadTests
{
    [Fact]
    public async Task A_download_cut_off_half_way_resumes_from_the_bytes_already_written()
    {
        var chunk = GcsBlobStore.DownloadChunkSize;
        var content = Enumerable.Range(0, 3 * chunk + 1000).Select(i => (byte)(i * 13 >> 2)).ToArray();
        var server = new DroppingServer(content, dropAfter: 2 * chunk + chunk / 2);
        using var store = GcsRecordedAnswersTests.Store(server, attempts: 3);

        var read = await store.ReadAllBytesAsync("m.onnx");

        read.Should().Equal(content);
        server.MediaRanges.Should().HaveCount(2);
        server.MediaRanges[0].Should().BeNull("the first try asks for the whole object");
        server.MediaRanges[1].Should().Be($"bytes={2 * chunk}-", "the retry asks only for the chunks not handed over");
    }

    private sealed class DroppingServer(byte[] content, int dropAfter) : HttpMessageHandler
    {
        public List<string?> MediaRanges { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            if (!request.RequestUri!.Query.Contains("alt=media"))
            {
                var crc = GcsRecordedAnswersTests.Crc32cOf(content);
                var json = $$$"""
                    {"name":"m.onnx","generation":"4","size":"{{{content.Length}}}","crc32c":"{{{crc}}}"}
                    """;
                var metadata = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json) };
                return Task.FromResult(metadata);
            }
            MediaRanges.Add(request.Headers.Range?.ToString());
            var from = (int)(request.Headers.Range?.Ranges.Single().From ?? 0);
            HttpContent body =
                MediaRanges.Count == 1
                    ? new StreamContent(new BreaksAfter(content.AsMemory(0, dropAfter).ToArray()))
                    : new ByteArrayContent(content[from..]);
            var status = from > 0 ? HttpStatusCode.PartialContent : HttpStatusCode.OK;
            var response = new HttpResponseMessage(status) { Content = body };
            if (from > 0)
                body.Headers.ContentRange = new ContentRangeHeaderValue(from, content.Length - 1, content.Length);
            return Task.FromResult(response);
        }
    }

    /// <summary>Gives its bytes, then fails as a dropped connection does.</summary>
    private sealed class BreaksAfter(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            base.Read(buffer, offset, count) is > 0 and var read ? read : throw new IOException("connection reset");

        public override Task<int> ReadAsync(
            byte[] buffer,
            int offset,
            int count,
            CancellationToken cancellationToken
        ) => Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = base.Read(buffer.Span);
            return read > 0 ? ValueTask.FromResult(read) : throw new IOException("connection reset");
        }
    }
}
