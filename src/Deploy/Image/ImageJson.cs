using System.Text.Json;

namespace Mlops.Deploy.Image;

/// <summary>
/// The JSON documents of an OCI image (config, manifest, index), written field by field in a fixed
/// order so the same inputs always give the same bytes and digests.
/// </summary>
public static class ImageJson
{
    public static byte[] Config(ContainerSettings container, ImageMetadata metadata, IReadOnlyList<LayerBlob> layers) =>
        Config(container, metadata.Labels(), layers);

    /// <param name="labels">Written in ordinal key order, whatever order the dictionary holds them in.</param>
    public static byte[] Config(
        ContainerSettings container,
        IReadOnlyDictionary<string, string> labels,
        IReadOnlyList<LayerBlob> layers
    )
    {
        var created = DeterministicTar.FixedTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
        return Write(json =>
        {
            json.WriteString("created", created);
            json.WriteString("architecture", "amd64");
            json.WriteString("os", "linux");
            json.WriteStartObject("config");
            json.WriteString("User", container.User);
            WriteStrings(
                json,
                "Env",
                container.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")
            );
            WriteStrings(json, "Entrypoint", container.Entrypoint);
            json.WriteString("WorkingDir", container.WorkingDir);
            if (container.Port is { } port)
            {
                json.WriteStartObject("ExposedPorts");
                json.WriteStartObject($"{port}/tcp");
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteStartObject("Labels");
            foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
                json.WriteString(key, value);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("rootfs");
            json.WriteString("type", "layers");
            WriteStrings(json, "diff_ids", layers.Select(l => l.DiffId.ToString()));
            json.WriteEndObject();
            json.WriteStartArray("history");
            foreach (var layer in layers)
            {
                json.WriteStartObject();
                json.WriteString("created", created);
                json.WriteString("created_by", layer.CreatedBy);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
    }

    public static byte[] Manifest(
        Descriptor config,
        IReadOnlyList<LayerBlob> layers,
        IReadOnlyDictionary<string, string> annotations
    ) =>
        Write(json =>
        {
            json.WriteNumber("schemaVersion", 2);
            json.WriteString("mediaType", MediaTypes.Manifest);
            json.WritePropertyName("config");
            WriteDescriptor(json, config);
            json.WriteStartArray("layers");
            foreach (var layer in layers)
                WriteDescriptor(json, layer.Blob);
            json.WriteEndArray();
            json.WriteStartObject("annotations");
            foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
                json.WriteString(key, value);
            json.WriteEndObject();
        });

    public static byte[] Index(Descriptor manifest, string? refName) =>
        Write(json =>
        {
            json.WriteNumber("schemaVersion", 2);
            json.WriteString("mediaType", MediaTypes.Index);
            json.WriteStartArray("manifests");
            WriteDescriptor(
                json,
                manifest,
                refName is null
                    ? null
                    : new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = refName }
            );
            json.WriteEndArray();
        });

    private static void WriteDescriptor(
        Utf8JsonWriter json,
        Descriptor descriptor,
        IReadOnlyDictionary<string, string>? annotations = null
    )
    {
        json.WriteStartObject();
        json.WriteString("mediaType", descriptor.MediaType);
        json.WriteString("digest", descriptor.Digest.ToString());
        json.WriteNumber("size", descriptor.Size);
        if (annotations is not null)
        {
            json.WriteStartObject("annotations");
            foreach (var (key, value) in annotations)
                json.WriteString(key, value);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
