namespace Mlops.Registry.Stores.Gcs;

/// <summary>
/// Passes reads through and hashes each byte the first time it is read in order; a resumed upload
/// that seeks back and re-reads does not disturb the checksum.
/// </summary>
internal sealed class HashOnceStream(Stream inner, ContentHashes hashes) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }

    public override int Read(byte[] buffer, int offset, int count) => Hash(inner.Position, buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var start = inner.Position;
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Hash(start, buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Hash(long start, ReadOnlySpan<byte> data)
    {
        var skip = hashes.Length - start; // bytes of this read already hashed
        if (skip >= 0 && skip < data.Length) hashes.Append(data[(int)skip..]);
        return data.Length;
    }
}
