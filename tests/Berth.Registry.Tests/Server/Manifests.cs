using System.Text;
using Berth.Oci;

namespace Berth.Registry.Tests.Server;

/// <summary>Manifest and index documents for tests, written out by hand as a client would send them.</summary>
internal static class Manifests
{
    public static byte[] Image(string mediaType, (string MediaType, Digest Digest, long Size) config,
        IReadOnlyList<(string MediaType, Digest Digest, long Size)> layers, string? artifactType = null,
        (Digest Digest, long Size)? subject = null, string? annotation = null)
    {
        var builder = new StringBuilder();
        builder.Append($"{{\"schemaVersion\":2,\"mediaType\":\"{mediaType}\",");
        if (artifactType is not null) builder.Append($"\"artifactType\":\"{artifactType}\",");
        builder.Append($"\"config\":{Descriptor(config.MediaType, config.Digest, config.Size)},\"layers\":[");
        builder.Append(string.Join(',', layers.Select(l => Descriptor(l.MediaType, l.Digest, l.Size))));
        builder.Append(']');
        if (subject is { } s) builder.Append($",\"subject\":{Descriptor(MediaTypes.OciManifest, s.Digest, s.Size)}");
        if (annotation is not null) builder.Append($",\"annotations\":{{\"org.example.note\":\"{annotation}\"}}");
        builder.Append('}');
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    public static byte[] Index(string mediaType, IReadOnlyList<(string MediaType, Digest Digest, long Size)> manifests) =>
        Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{mediaType}}","manifests":[{{string.Join(',', manifests.Select(m => Descriptor(m.MediaType, m.Digest, m.Size, platform: true)))}}]}""");

    private static string Descriptor(string mediaType, Digest digest, long size, bool platform = false) =>
        $$"""{"mediaType":"{{mediaType}}","digest":"{{digest}}","size":{{size}}{{(platform ? ""","platform":{"architecture":"amd64","os":"linux"}""" : "")}}}""";
}
