namespace Mlops.Registry.Stores.Gcs;

/// <summary>
/// A write-only pass-through that hashes every byte the library's downloader hands over. A failure to write them
/// (a full disk) is not a network error: it is reported as ours and never retried, so no byte is written twice.
/// </summary>
internal sealed class ContentHashingStream(Stream inner, ContentHashes hashes) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position
    {
        get => hashes.Length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (IOException error)
        {
            throw DestinationFailed(error);
        }

        hashes.Append(buffer);
    }

    public override async ValueTask WriteAsync(
        ReadOnlyMemory<byte> buffer,
        CancellationToken cancellationToken = default
    )
    {
        try
        {
            await inner.WriteAsync(buffer, cancellationToken);
        }
        catch (IOException error)
        {
            throw DestinationFailed(error);
        }

        hashes.Append(buffer.Span);
    }

    private static Core.Errors.MlopsException DestinationFailed(IOException error) =>
        new($"could not write the downloaded bytes: {error.Message}", "download destination", error);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
