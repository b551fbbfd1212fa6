using System.Security.Cryptography;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Registry.Stores;

namespace Mlops.Registry.Models;

/// <summary>
/// Downloads a version into a folder, verifying every file's size and sha256 against the card
/// before it is renamed into place: a tampered or truncated file never lands under its real name.
/// </summary>
public sealed class ModelPuller(IBlobStore store, VersionCatalog catalog)
{
    public async Task<ModelCard> PullAsync(
        ModelRef reference,
        string destination,
        IProgress<TransferProgress>? progress = null,
        CancellationToken cancellationToken = default
    )
    {
        var card = await catalog.ResolveAsync(reference, cancellationToken);
        CreateDestination(destination);
        foreach (var file in card.Files)
            await PullFileAsync(card, file, destination, progress, cancellationToken);
        var cardPath = Path.Combine(destination, ArtifactNames.ModelCard);
        await File.WriteAllBytesAsync(cardPath + ".partial", RegistryJson.ToBytes(card), cancellationToken);
        File.Move(cardPath + ".partial", cardPath, overwrite: true);
        return card;
    }

    private static void CreateDestination(string destination)
    {
        if (File.Exists(destination))
            throw new MlopsException("this is a file; pull writes into a folder", destination);
        try
        {
            Directory.CreateDirectory(destination);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new MlopsException($"cannot create the folder to pull into: {error.Message}", destination, error);
        }
    }

    /// <summary>
    /// One small file of a version (a report such as quantize.json) read into memory and checked against the card
    /// like a pulled file; null when the card lists no such file. Files over <paramref name="maxBytes"/> are refused.
    /// </summary>
    public async Task<byte[]?> ReadSmallFileAsync(
        ModelCard card,
        string name,
        long maxBytes = 1 << 20,
        CancellationToken cancellationToken = default
    )
    {
        if (card.Files.FirstOrDefault(f => f.Name == name) is not { } file)
            return null;
        var objectName = RegistryLayout.File(card.Model, card.Version, RegistryNames.File(file.Name));
        if (file.Size > maxBytes)
            throw new MlopsException(
                $"'{name}' is {file.Size} bytes, more than {maxBytes} to read into memory",
                objectName
            );
        using var buffer = new MemoryStream();
        try
        {
            await store.ReadAsync(objectName, buffer, null, cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            throw new MlopsException($"file '{name}' listed in the card is missing from the store", objectName);
        }
        var bytes = buffer.ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (bytes.Length != file.Size || sha != file.Sha256)
            throw new MlopsException(
                $"integrity check failed for '{name}': the card records {file.Size} bytes sha256 {file.Sha256}, "
                    + $"the store returned {bytes.Length} bytes sha256 {sha}",
                $"{store.Uri}/{objectName}"
            );
        return bytes;
    }

    private async Task PullFileAsync(
        ModelCard card,
        CardFile file,
        string destination,
        IProgress<TransferProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        var objectName = RegistryLayout.File(card.Model, card.Version, RegistryNames.File(file.Name));
        var target = Path.Combine(destination, file.Name);
        var partial = $"{target}.partial-{Guid.NewGuid():N}";
        try
        {
            string actualSha;
            long actualSize;
            await using (
                var output = new FileStream(
                    partial,
                    FileMode.CreateNew,
                    FileAccess.Write,
                    FileShare.None,
                    1 << 16,
                    FileOptions.Asynchronous
                )
            )
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                await using (
                    var hashing = new HashingWriteStream(output, sha, done =>
                        progress?.Report(new TransferProgress(file.Name, done, file.Size))
                    )
                )
                    await store.ReadAsync(objectName, hashing, null, cancellationToken);
                actualSha = Convert.ToHexStringLower(sha.GetHashAndReset());
                actualSize = output.Length;
            }
            if (actualSize != file.Size || actualSha != file.Sha256)
                throw new MlopsException(
                    $"integrity check failed for '{file.Name}': the card records {file.Size} bytes sha256 "
                        + $"{file.Sha256}, the store returned {actualSize} bytes sha256 {actualSha} (the stored file "
                        + $"was altered or corrupted; nothing was written for it)",
                    $"{store.Uri}/{objectName}"
                );
            File.Move(partial, target, overwrite: true);
        }
        catch (BlobNotFoundException)
        {
            throw new MlopsException(
                $"file '{file.Name}' listed in the card is missing from the store",
                $"{store.Uri}/{objectName}"
            );
        }
        finally
        {
            if (File.Exists(partial))
                File.Delete(partial);
        }
    }

    /// <summary>Writes through to a file while hashing what passes.</summary>
    private sealed class HashingWriteStream(Stream inner, IncrementalHash hash, Action<long> onWritten) : Stream
    {
        private long _written;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position
        {
            get => _written;
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
            Advance(buffer.Length);
        }

        public override async ValueTask WriteAsync(
            ReadOnlyMemory<byte> buffer,
            CancellationToken cancellationToken = default
        )
        {
            hash.AppendData(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
            Advance(buffer.Length);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Advance(int count)
        {
            _written += count;
            onWritten(_written);
        }
    }
}
