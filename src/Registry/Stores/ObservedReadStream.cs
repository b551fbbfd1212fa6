namespace Mlops.Registry.Stores;

/// <summary>
/// A read-only pass-through stream that shows every read to an observer: the position it started at
/// and the bytes it returned (for progress reports, or for hashing what an upload sends).
/// </summary>
public sealed class ObservedReadStream(Stream inner, ObservedReadStream.Observer observe) : Stream
{
    public delegate void Observer(long start, ReadOnlySpan<byte> data);

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var start = inner.CanSeek ? inner.Position : -1;
        var read = inner.Read(buffer, offset, count);
        observe(start, buffer.AsSpan(offset, read));
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var start = inner.CanSeek ? inner.Position : -1;
        var read = await inner.ReadAsync(buffer, cancellationToken);
        observe(start, buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush() { }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
